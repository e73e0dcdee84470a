package org.pc4j.layers.runtime;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.pc4j.layers.conf.LayerNormalization;

/**
 * The runtime of {@link LayerNormalization}. Backprop, with {@code xh = (x - mean) / s}, {@code s = sqrt(var + eps)}
 * and {@code dxh = dy * g}: {@code dg = sum(dy * xh)}, {@code db = sum(dy)} (over examples and time steps), and
 * {@code dx = (dxh - mean(dxh) - xh * mean(dxh * xh)) / s} (means over the features). Nothing is cached between
 * the forward pass and backprop: backprop recomputes the statistics from the input.
 */
public class LayerNormalizationLayer extends BaseLayer<LayerNormalization> {

    public LayerNormalizationLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** @return {x_hat, 1/s}: the normalised input and the inverse standard deviation, per example (and step) */
    private INDArray[] normalise(INDArray x) {
        INDArray centred = x.sub(x.mean(true, 1));
        INDArray var = centred.mul(centred).mean(true, 1);
        INDArray inv = Transforms.pow(var.addi(layerConf().getEps()), -0.5, false);
        return new INDArray[] {centred.muli(inv), inv};
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, mgr);
        INDArray x = input.castTo(dataType);
        INDArray xh = normalise(x)[0];
        INDArray y = xh.muli(Features.alongFeatures(getParam(LayerNormalization.GAIN), x))
                .addi(Features.alongFeatures(getParam(LayerNormalization.BIAS), x));
        if (maskArray != null && x.rank() == 3) {
            y.muli(Features.timeMask(maskArray, y));
        }
        return mgr.leverageTo(ArrayType.ACTIVATIONS, y);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        assertInputSet(true);
        INDArray x = input.castTo(dataType);
        INDArray dy = epsilon.castTo(dataType);
        if (maskArray != null && x.rank() == 3) {
            dy = dy.mul(Features.timeMask(maskArray, dy));
        }
        INDArray[] n = normalise(x);
        INDArray xh = n[0];
        int[] others = Features.otherDims(x);
        INDArray dg = gradientViews.get(LayerNormalization.GAIN);
        INDArray db = gradientViews.get(LayerNormalization.BIAS);
        dg.assign(dy.mul(xh).sum(others).reshape(dg.shape()));
        db.assign(dy.sum(others).reshape(db.shape()));
        INDArray dxh = dy.mul(Features.alongFeatures(getParam(LayerNormalization.GAIN), x));
        INDArray dx = dxh.sub(dxh.mean(true, 1)).subi(xh.mul(dxh.mul(xh).mean(true, 1))).muli(n[1]);
        Gradient g = new DefaultGradient();
        g.gradientForVariable().put(LayerNormalization.GAIN, dg);
        g.gradientForVariable().put(LayerNormalization.BIAS, db);
        INDArray eps = backpropDropOutIfPresent(mgr.leverageTo(ArrayType.ACTIVATION_GRAD, dx));
        return new Pair<>(g, eps);
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public void clearNoiseWeightParams() {
    }
}
