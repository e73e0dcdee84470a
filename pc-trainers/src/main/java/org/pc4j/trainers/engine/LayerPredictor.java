package org.pc4j.trainers.engine;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One DL4J layer with its input preprocessor (a layer of a {@code MultiLayerNetwork}, or the layer of a graph's
 * layer vertex) used as a local predictor with one input: {@code mu = f(pre(x_in); theta)}.
 *
 * <p>Each call runs inside its own layer working-memory scope, as in DL4J's own training loops; what outlives the
 * call (activations, messages, the layer's caches) is in the enclosing step scope.
 *
 * <p>Everything is DL4J's own code: {@code activate(input, training = true)} and
 * {@code backpropGradient(epsilon)}.
 */
public class LayerPredictor extends Predictor {

    private final Layer layer;
    private final InputPreProcessor preProcessor;

    LayerPredictor(int index, int level, Layer layer, InputPreProcessor preProcessor, String description) {
        super(index, level, description);
        this.layer = layer;
        this.preProcessor = preProcessor;
    }

    /**
     * @param input the value node below, in the shape its producer emits (before this layer's preprocessor)
     * @return the prediction {@code mu}, in training mode; the layer keeps what its backprop needs
     */
    public INDArray predict(INDArray input, int miniBatch, LayerWorkspaceMgr mgr) {
        countForward();
        try (MemoryWorkspace ignored = mgr.notifyScopeEntered(ArrayType.FF_WORKING_MEM)) {
            return layer.activate(preProcess(input, miniBatch, mgr), true, mgr);
        }
    }

    @Override
    public INDArray predict(INDArray[] inputs, int miniBatch, LayerWorkspaceMgr mgr) {
        return predict(inputs[0], miniBatch, mgr);
    }

    /**
     * @param dEdPrediction {@code dE/dmu} for this layer's prediction; the layer may overwrite it
     * @return the message {@code dE/dx_in} in the shape of the node below, or null if the layer has none
     *         (embedding layers, whose input is indices)
     */
    public INDArray backpropOne(INDArray dEdPrediction, int miniBatch, LayerWorkspaceMgr mgr) {
        countBackward();
        try (MemoryWorkspace ignored = mgr.notifyScopeEntered(ArrayType.BP_WORKING_MEM)) {
            Pair<Gradient, INDArray> result = layer.backpropGradient(dEdPrediction, mgr);
            return unPreProcess(result.getSecond(), miniBatch, mgr);
        }
    }

    @Override
    public INDArray[] backprop(INDArray dEdPrediction, int miniBatch, LayerWorkspaceMgr mgr) {
        return new INDArray[] {backpropOne(dEdPrediction, miniBatch, mgr)};
    }

    INDArray preProcess(INDArray input, int miniBatch, LayerWorkspaceMgr mgr) {
        return preProcessor == null ? input : preProcessor.preProcess(input, miniBatch, mgr);
    }

    INDArray unPreProcess(INDArray message, int miniBatch, LayerWorkspaceMgr mgr) {
        return message == null || preProcessor == null ? message : preProcessor.backprop(message, miniBatch, mgr);
    }

    @Override
    public boolean consumesCache() {
        return layer.conf().getLayer() instanceof BatchNormalization;
    }

    @Override
    public INDArray gradientView() {
        INDArray view = layer.getGradientsViewArray();
        return view == null || view.isEmpty() ? null : view;
    }

    @Override
    public String name() {
        return layer.conf().getLayer().getLayerName();
    }

    /** @return true if the layer's output is a softmax (its node holds probability vectors). */
    public boolean endsInSoftmax() {
        org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
        org.nd4j.linalg.activations.IActivation fn = conf instanceof org.deeplearning4j.nn.conf.layers.BaseLayer b
                ? b.getActivationFn()
                : conf instanceof org.deeplearning4j.nn.conf.layers.ActivationLayer a ? a.getActivationFn() : null;
        return fn instanceof org.nd4j.linalg.activations.impl.ActivationSoftmax;
    }

    @Override
    public Layer layer() {
        return layer;
    }
}
