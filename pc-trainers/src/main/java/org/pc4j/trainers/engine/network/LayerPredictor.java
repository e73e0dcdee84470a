package org.pc4j.trainers.engine.network;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.layers.RecurrentLayer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.pc4j.trainers.NodeEnergies;
import org.pc4j.trainers.spi.LayerAdapter;
import org.pc4j.trainers.spi.LayerState;

/**
 * One DL4J layer with its input preprocessor (a layer of a {@code MultiLayerNetwork}, or the layer of a graph's
 * layer vertex) used as a local predictor with one input: {@code mu = f(pre(x_in); theta)}, run by the layer's
 * {@link LayerAdapter} (DL4J's own {@code activate(input, true)} and {@code backpropGradient(epsilon)} unless the
 * adapter says otherwise).
 *
 * <p>Each call runs inside its own layer working-memory scope, as in DL4J's own training loops; what outlives the
 * call (activations, messages, the layer's caches) is in the enclosing step scope.
 */
public class LayerPredictor extends Predictor {

    private final BoundLayer bound;
    private final InputPreProcessor preProcessor;
    /** The truncated-BPTT backward length of the network, or 0 if it trains with standard backprop. */
    private final int tbpttBackLength;
    private LayerState state;
    /** Whether the layer's adapter may run DL4J's 2-D convolution through libnd4j's operations. */
    private boolean convolutionOperations;
    /** Whether this truncated-BPTT segment's forward pass has stored the state the next segment starts from. */
    private boolean segmentStateStored;
    /** That state: where the segment's first forward pass ended. */
    private java.util.Map<String, INDArray> segmentEndState;

    LayerPredictor(int index, int level, BoundLayer bound, InputPreProcessor preProcessor, String description) {
        this(index, level, bound, preProcessor, description, 0);
    }

    LayerPredictor(int index, int level, BoundLayer bound, InputPreProcessor preProcessor, String description, int tbpttBackLength) {
        super(index, level, description);
        this.bound = bound;
        this.preProcessor = preProcessor;
        this.tbpttBackLength = tbpttBackLength;
    }

    /**
     * Under truncated BPTT, every forward pass of a recurrent layer in a segment starts from the state the previous
     * segment ended in (DL4J's {@code rnnActivateUsingStoredState}); the segment's first forward pass (the one from which
     * inference starts, the one {@code net.fit} runs) gives the state the next segment starts from, later ones (PC's
     * and iPC's recomputations) do not. Its backprop ({@link #backprop}) runs through the forward pass from the carried
     * state too.
     */
    @Override
    public INDArray predict(INDArray[] inputs, int miniBatch, LayerWorkspaceMgr mgr) {
        countForward();
        try (MemoryWorkspace ignored = mgr.notifyScopeEntered(ArrayType.FF_WORKING_MEM)) {
            INDArray input = preProcess(inputs[0], miniBatch, mgr);
            RecurrentLayer recurrent = tbpttRecurrent();
            if (recurrent != null) {
                // DL4J's stored-state forward starts from (and overwrites) the truncated-BPTT state map: every forward
                // pass of the segment starts from the carried state, and the map keeps the first pass's end state
                recurrent.rnnSetTBPTTState(recurrent.rnnGetPreviousState());
                INDArray out = recurrent.rnnActivateUsingStoredState(input, true, true, mgr);
                if (!segmentStateStored) {
                    segmentEndState = recurrent.rnnGetTBPTTState();
                    segmentStateStored = true;
                }
                recurrent.rnnSetTBPTTState(segmentEndState);
                return out;
            }
            return bound.adapter().predict(layer(), input, mgr, state());
        }
    }

    /** Starts a truncated-BPTT segment: its first forward pass stores the state the next segment starts from. */
    void startSegment() {
        segmentStateStored = false;
        segmentEndState = null;
    }

    /** @return the recurrent layer whose forward pass starts from stored state under truncated BPTT, or null */
    private RecurrentLayer tbpttRecurrent() {
        return tbpttBackLength > 0 && layer() instanceof RecurrentLayer r ? r : null;
    }

    /**
     * @return under truncated BPTT, a recurrent layer's message from DL4J's {@code tbpttBackpropGradient}: the backprop
     *         through the forward pass from the carried state, reaching back the network's backward length (DL4J M2.1's
     *         own {@code net.fit} recomputes it from a zero state and ignores the backward length); null elsewhere
     */
    private INDArray tbpttBackprop(INDArray dEdPrediction, LayerWorkspaceMgr mgr) {
        RecurrentLayer r = tbpttRecurrent();
        if (r == null) {
            return null;
        }
        INDArray message = r.tbpttBackpropGradient(dEdPrediction, tbpttBackLength, mgr).getSecond();
        if (segmentEndState != null) {
            r.rnnSetTBPTTState(segmentEndState); // its recomputed forward pass overwrote the state to carry
        }
        return message;
    }

    /**
     * @param dEdPrediction {@code dE/dmu} for this layer's prediction; the layer may overwrite it
     * @return the message {@code dE/dx_in} in the shape of the node below (null where the layer has none: embedding
     *         layers, whose input is indices)
     */
    @Override
    public INDArray[] backprop(INDArray dEdPrediction, int miniBatch, LayerWorkspaceMgr mgr) {
        countBackward();
        countGradient();
        try (MemoryWorkspace ignored = mgr.notifyScopeEntered(ArrayType.BP_WORKING_MEM)) {
            INDArray truncated = tbpttBackprop(dEdPrediction, mgr);
            return new INDArray[] {unPreProcess(truncated != null ? truncated : bound.adapter().backprop(layer(), dEdPrediction, mgr, state()),
                    miniBatch, mgr)};
        }
    }

    /** The message alone, through the adapter's {@link LayerAdapter#message}; counted as a backprop. */
    @Override
    public INDArray[] messages(INDArray dEdPrediction, int miniBatch, LayerWorkspaceMgr mgr) {
        countBackward();
        try (MemoryWorkspace ignored = mgr.notifyScopeEntered(ArrayType.BP_WORKING_MEM)) {
            INDArray truncated = tbpttBackprop(dEdPrediction, mgr);
            return new INDArray[] {unPreProcess(truncated != null ? truncated : bound.adapter().message(layer(), dEdPrediction, mgr,
                    state()), miniBatch, mgr)};
        }
    }

    INDArray preProcess(INDArray input, int miniBatch, LayerWorkspaceMgr mgr) {
        return preProcessor == null ? input : preProcessor.preProcess(input, miniBatch, mgr);
    }

    INDArray unPreProcess(INDArray message, int miniBatch, LayerWorkspaceMgr mgr) {
        return message == null || preProcessor == null ? message : preProcessor.backprop(message, miniBatch, mgr);
    }

    /** @return true if the layer reads indices (its adapter says so). */
    boolean readsIndices() {
        return bound.adapter().readsIndices();
    }

    /** @return true if the layer has an input preprocessor. */
    boolean hasPreProcessor() {
        return preProcessor != null;
    }

    @Override
    public boolean consumesCache() {
        return bound.adapter().consumesCache();
    }

    @Override
    public INDArray gradientView() {
        INDArray view = layer().getGradientsViewArray();
        return view == null || view.isEmpty() ? null : view;
    }

    @Override
    public String name() {
        return layer().conf().getLayer().getLayerName();
    }

    @Override
    public Layer layer() {
        return bound.site().layer();
    }

    /** @return the layer's state across a batch, created by its adapter on first use. */
    @Override
    public LayerState state() {
        if (state == null) {
            state = bound.adapter().state(bound.site().withConvolutionOperations(convolutionOperations));
        }
        return state;
    }

    /** Sets what the site the adapter creates the layer's state from says; drops a state created before. */
    @Override
    public void convolutionOperations(boolean on) {
        convolutionOperations = on;
        state = null;
    }

    @Override
    public boolean usesConvolutionOperations() {
        return state() instanceof PlainLayerAdapter.PreActivation kept && kept.operations();
    }

    /** @return what the adapter says the layer's own node is. */
    NodeEnergies.Kind energyKind() {
        return bound.adapter().energyKind(bound.site());
    }

    /** @return what the adapter says the node this layer reads is, or null. */
    NodeEnergies.Kind inputEnergyKind() {
        return bound.adapter().inputEnergyKind(bound.site());
    }
}
