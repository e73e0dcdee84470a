package org.pc4j.it.custom;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The runtime of {@link SplitActivationDense}: forward {@code a = [f(z_1..h), g(z_h+1..n)]} with {@code z = xW + b};
 * backprop {@code delta = [f'(z) e, g'(z) e]}, {@code dW = x^T delta}, {@code db = sum delta}, message {@code delta W^T}.
 */
public class SplitActivationDenseLayer extends BaseLayer<SplitActivationDense> {

    public SplitActivationDenseLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        INDArray z = preOutput(training, mgr);
        int half = (int) z.size(1) / 2;
        layerConf().getActivationFn().getActivation(z.get(NDArrayIndex.all(), NDArrayIndex.interval(0, half)), training);
        layerConf().getSecondActivation().getActivation(z.get(NDArrayIndex.all(), NDArrayIndex.interval(half, z.size(1))), training);
        return z;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        INDArray delta = preOutput(true, mgr);
        int half = (int) delta.size(1) / 2;
        INDArray[] parts = {delta.get(NDArrayIndex.all(), NDArrayIndex.interval(0, half)),
                delta.get(NDArrayIndex.all(), NDArrayIndex.interval(half, delta.size(1)))};
        INDArray[] eps = {epsilon.get(NDArrayIndex.all(), NDArrayIndex.interval(0, half)),
                epsilon.get(NDArrayIndex.all(), NDArrayIndex.interval(half, epsilon.size(1)))};
        // IActivation.backprop writes dL/dz into its first argument
        layerConf().getActivationFn().backprop(parts[0], eps[0]);
        layerConf().getSecondActivation().backprop(parts[1], eps[1]);
        INDArray weightGrad = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
        Nd4j.gemm(input, delta, weightGrad, true, false, 1.0, 0.0);
        INDArray biasGrad = gradientViews.get(DefaultParamInitializer.BIAS_KEY);
        biasGrad.assign(delta.sum(0));
        Gradient g = new DefaultGradient();
        g.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, weightGrad);
        g.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, biasGrad);
        INDArray message = delta.mmul(params.get(DefaultParamInitializer.WEIGHT_KEY).transpose());
        return new Pair<>(g, mgr.leverageTo(ArrayType.ACTIVATION_GRAD, message));
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }
}
