package org.pc4j.layers.runtime;

import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.pc4j.layers.conf.MultiHeadSelfAttention;

/**
 * The runtime of {@link MultiHeadSelfAttention}. Backprop, per head, with {@code dO} the error of the heads' output
 * {@code O = A V}: {@code dA = dO V^T}, {@code dV = A^T dO}, {@code dS = A * (dA - rowsum(dA * A)) / sqrt(hs)},
 * {@code dQ = dS K}, {@code dK = dS^T Q}; then {@code dW* = X^T d*} and {@code dX = dQ Wq^T + dK Wk^T + dV Wv^T}.
 * Nothing is cached between the forward pass and backprop: backprop recomputes the attention from the input.
 */
public class MultiHeadSelfAttentionLayer extends BaseLayer<MultiHeadSelfAttention> {

    public MultiHeadSelfAttentionLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** The forward quantities of one input, {@code [mb, H, T, hs]} per head unless noted. */
    private record Forward(INDArray rows, INDArray q, INDArray k, INDArray v, INDArray attention, INDArray heads,
                           long mb, long length) {
    }

    private Forward forward() {
        INDArray x = input.castTo(dataType);
        if (x.rank() != 3 || x.size(1) != layerConf().getNIn()) {
            throw new DL4JInvalidInputException("MultiHeadSelfAttention " + layerId() + " expects [minibatch, "
                    + layerConf().getNIn() + ", length], got " + java.util.Arrays.toString(x.shape()));
        }
        long mb = x.size(0);
        long t = x.size(2);
        long d = x.size(1);
        INDArray rows = x.permute(0, 2, 1).dup('c').reshape('c', mb * t, d);
        INDArray q = split(rows.mmul(getParam(MultiHeadSelfAttention.WQ)), mb, t);
        INDArray k = split(rows.mmul(getParam(MultiHeadSelfAttention.WK)), mb, t);
        INDArray v = split(rows.mmul(getParam(MultiHeadSelfAttention.WV)), mb, t);
        double scale = 1.0 / Math.sqrt(d / (double) layerConf().getHeads());
        INDArray scores = Nd4j.matmul(q, k, false, true, false).muli(scale);                 // [mb, H, T, T]
        INDArray allowed = allowed(mb, t);
        scores.addi(allowed.rsub(1.0).muli(-1e9));
        INDArray e = Transforms.exp(scores.subi(scores.max(true, 3)), false).muli(allowed);
        INDArray a = e.divi(Transforms.max(e.sum(true, 3), Double.MIN_NORMAL, false));
        INDArray heads = Nd4j.matmul(a, v);                                                   // [mb, H, T, hs]
        return new Forward(rows, q, k, v, a, heads, mb, t);
    }

    /** @return {@code [mb*T, d]} rows as heads, {@code [mb, H, T, hs]} */
    private INDArray split(INDArray rows, long mb, long t) {
        int h = layerConf().getHeads();
        return rows.reshape('c', mb, t, h, rows.size(1) / h).permute(0, 2, 1, 3).dup('c');
    }

    /** @return heads {@code [mb, H, T, hs]} as rows {@code [mb*T, d]} */
    private static INDArray join(INDArray heads, long mb, long t) {
        return heads.permute(0, 2, 1, 3).dup('c').reshape('c', mb * t, heads.size(1) * heads.size(3));
    }

    /** @return 1 where query i may attend to key j, {@code [mb, 1, T, T]}: causal and key-padding masks */
    private INDArray allowed(long mb, long t) {
        double[][] m = new double[(int) t][(int) t];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < t; j++) {
                m[i][j] = !layerConf().isCausal() || j <= i ? 1 : 0;
            }
        }
        INDArray allowed = Nd4j.createFromArray(m).castTo(dataType).reshape(1, 1, t, t);
        if (maskArray == null) {
            return allowed;
        }
        INDArray keys = maskArray.castTo(dataType).reshape(mb, 1, 1, t);
        return keys.mul(allowed);
    }

    /** @return {@code [mb*T, d]} rows as the NCW output {@code [mb, d, T]} in the activations workspace */
    private INDArray toSequence(INDArray rows, long mb, long t, LayerWorkspaceMgr mgr, ArrayType type) {
        INDArray y = rows.reshape('c', mb, t, rows.size(1)).permute(0, 2, 1);
        INDArray out = mgr.createUninitialized(type, dataType, new long[] {mb, rows.size(1), t}, 'c').assign(y);
        if (maskArray != null) {
            out.muli(Features.timeMask(maskArray, out));
        }
        return out;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, mgr);
        Forward f = forward();
        return toSequence(join(f.heads(), f.mb(), f.length()).mmul(getParam(MultiHeadSelfAttention.WO)), f.mb(), f.length(),
                mgr, ArrayType.ACTIVATIONS);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        assertInputSet(true);
        Forward f = forward();
        long mb = f.mb();
        long t = f.length();
        INDArray dy = epsilon.castTo(dataType);
        if (maskArray != null) {
            dy = dy.mul(Features.timeMask(maskArray, dy));
        }
        INDArray dyRows = dy.permute(0, 2, 1).dup('c').reshape('c', mb * t, dy.size(1));
        INDArray headRows = join(f.heads(), mb, t);
        INDArray dWo = gradientViews.get(MultiHeadSelfAttention.WO);
        dWo.assign(headRows.transpose().mmul(dyRows));
        INDArray dHeads = split(dyRows.mmul(getParam(MultiHeadSelfAttention.WO).transpose()), mb, t);
        INDArray dA = Nd4j.matmul(dHeads, f.v(), false, true, false);
        INDArray dV = Nd4j.matmul(f.attention(), dHeads, true, false, false);
        double scale = 1.0 / Math.sqrt(f.q().size(3));
        INDArray dS = dA.subi(dA.mul(f.attention()).sum(true, 3)).muli(f.attention()).muli(scale);
        INDArray dQ = Nd4j.matmul(dS, f.k());
        INDArray dK = Nd4j.matmul(dS, f.q(), true, false, false);
        INDArray dQRows = join(dQ, mb, t);
        INDArray dKRows = join(dK, mb, t);
        INDArray dVRows = join(dV, mb, t);
        INDArray rowsT = f.rows().transpose();
        gradientViews.get(MultiHeadSelfAttention.WQ).assign(rowsT.mmul(dQRows));
        gradientViews.get(MultiHeadSelfAttention.WK).assign(rowsT.mmul(dKRows));
        gradientViews.get(MultiHeadSelfAttention.WV).assign(rowsT.mmul(dVRows));
        INDArray dx = dQRows.mmul(getParam(MultiHeadSelfAttention.WQ).transpose())
                .addi(dKRows.mmul(getParam(MultiHeadSelfAttention.WK).transpose()))
                .addi(dVRows.mmul(getParam(MultiHeadSelfAttention.WV).transpose()));
        Gradient g = new DefaultGradient();
        for (String key : new String[] {MultiHeadSelfAttention.WQ, MultiHeadSelfAttention.WK, MultiHeadSelfAttention.WV,
                MultiHeadSelfAttention.WO}) {
            g.gradientForVariable().put(key, gradientViews.get(key));
        }
        INDArray eps = toSequence(dx, mb, t, mgr, ArrayType.ACTIVATION_GRAD);
        return new Pair<>(g, backpropDropOutIfPresent(eps));
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public void clearNoiseWeightParams() {
    }
}
