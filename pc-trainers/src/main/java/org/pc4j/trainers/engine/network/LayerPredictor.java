package org.pc4j.trainers.engine.network;

import org.deeplearning4j.nn.api.Layer;
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
    private LayerState state;

    LayerPredictor(int index, int level, BoundLayer bound, InputPreProcessor preProcessor, String description) {
        super(index, level, description);
        this.bound = bound;
        this.preProcessor = preProcessor;
    }

    @Override
    public INDArray predict(INDArray[] inputs, int miniBatch, LayerWorkspaceMgr mgr) {
        countForward();
        try (MemoryWorkspace ignored = mgr.notifyScopeEntered(ArrayType.FF_WORKING_MEM)) {
            return bound.adapter().predict(layer(), preProcess(inputs[0], miniBatch, mgr), mgr, state());
        }
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
            return new INDArray[] {unPreProcess(bound.adapter().backprop(layer(), dEdPrediction, mgr), miniBatch, mgr)};
        }
    }

    /** The message alone, through the adapter's {@link LayerAdapter#message}; counted as a backprop. */
    @Override
    public INDArray[] messages(INDArray dEdPrediction, int miniBatch, LayerWorkspaceMgr mgr) {
        countBackward();
        try (MemoryWorkspace ignored = mgr.notifyScopeEntered(ArrayType.BP_WORKING_MEM)) {
            return new INDArray[] {unPreProcess(bound.adapter().message(layer(), dEdPrediction, mgr, state()), miniBatch, mgr)};
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
            state = bound.adapter().state(bound.site());
        }
        return state;
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
