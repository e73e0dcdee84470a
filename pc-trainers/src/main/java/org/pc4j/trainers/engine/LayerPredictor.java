package org.pc4j.trainers.engine;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One DL4J layer of a {@code MultiLayerNetwork}, with its input preprocessor, used as a local predictor: it predicts
 * the value node above it from the value node below it, {@code mu = f(pre(x_in); theta)}, and maps an error
 * {@code dE/dmu} to the local parameter gradient (written into the network's gradient view, as under backprop) and
 * the message {@code dE/dx_in} for the node below.
 *
 * <p>Each call runs inside its own layer working-memory scope, as in {@code MultiLayerNetwork}'s training loop;
 * what outlives the call (activations, messages, the layer's caches) is in the enclosing step scope.
 *
 * <p>Everything is DL4J's own code: {@code activate(input, training = true)} and
 * {@code backpropGradient(epsilon)}; the layer is never chained to another layer here, which is what makes the
 * computation local.
 */
public class LayerPredictor {

    private final int index;
    private final int level;
    private final Layer layer;
    private final InputPreProcessor preProcessor;
    private final String description;
    /** Calls made so far (the engine's work, for tests and diagnostics). */
    private long forwardCalls;
    private long backwardCalls;

    LayerPredictor(int index, int level, Layer layer, InputPreProcessor preProcessor) {
        this.index = index;
        this.level = level;
        this.layer = layer;
        this.preProcessor = preProcessor;
        this.description = LayerSupport.describe(index, layer.conf().getLayer());
    }

    /**
     * @param input the value node below, in the shape its producer emits (before this layer's preprocessor)
     * @return the prediction {@code mu}, in training mode; the layer keeps what its backprop needs
     */
    public INDArray predict(INDArray input, int miniBatch, LayerWorkspaceMgr mgr) {
        forwardCalls++;
        try (MemoryWorkspace ignored = mgr.notifyScopeEntered(ArrayType.FF_WORKING_MEM)) {
            return layer.activate(preProcess(input, miniBatch, mgr), true, mgr);
        }
    }

    /**
     * @param dEdPrediction {@code dE/dmu} for this layer's prediction; the layer may overwrite it
     * @return the message {@code dE/dx_in} in the shape of the node below, or null if the layer has none
     *         (embedding layers, whose input is indices)
     */
    public INDArray backprop(INDArray dEdPrediction, int miniBatch, LayerWorkspaceMgr mgr) {
        backwardCalls++;
        try (MemoryWorkspace ignored = mgr.notifyScopeEntered(ArrayType.BP_WORKING_MEM)) {
            Pair<Gradient, INDArray> result = layer.backpropGradient(dEdPrediction, mgr);
            return unPreProcess(result.getSecond(), miniBatch, mgr);
        }
    }

    INDArray preProcess(INDArray input, int miniBatch, LayerWorkspaceMgr mgr) {
        return preProcessor == null ? input : preProcessor.preProcess(input, miniBatch, mgr);
    }

    INDArray unPreProcess(INDArray message, int miniBatch, LayerWorkspaceMgr mgr) {
        return message == null || preProcessor == null ? message : preProcessor.backprop(message, miniBatch, mgr);
    }

    /**
     * @return true if the layer's backprop consumes what its forward pass cached, so that it needs a fresh
     *         {@code activate} before every backprop (DL4J's batch normalisation nulls its caches)
     */
    public boolean consumesCache() {
        return layer.conf().getLayer() instanceof BatchNormalization;
    }

    /** @return the layer's slice of the network's gradient view, or null if it has no parameters. */
    public INDArray gradientView() {
        INDArray view = layer.getGradientsViewArray();
        return view == null || view.isEmpty() ? null : view;
    }

    /** @return how many forward passes (predictions) of this layer the engine has run. */
    public long forwardCalls() {
        return forwardCalls;
    }

    /** @return how many backprops of this layer the engine has run. */
    public long backwardCalls() {
        return backwardCalls;
    }

    void countForward() {
        forwardCalls++;
    }

    /** @return the layer's index in the network. */
    public int index() {
        return index;
    }

    /** @return the layer's distance to the output (0 for the output layer). */
    public int level() {
        return level;
    }

    /** @return the DL4J layer. */
    public Layer layer() {
        return layer;
    }

    @Override
    public String toString() {
        return description;
    }
}
