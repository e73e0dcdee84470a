package org.pc4j.layers.runtime;

import java.util.Arrays;
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
import org.nd4j.linalg.api.ops.impl.scatter.ScatterUpdate;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.pc4j.layers.conf.TokenAndPositionEmbedding;

/**
 * The runtime of {@link TokenAndPositionEmbedding}. Backprop: {@code dW[idx[b, t]] += dy[b, :, t]} (scatter-add,
 * as DL4J's own sequence embedding does) and {@code dP[t] = sum_b dy[b, :, t]}; no error for the indices.
 */
public class TokenAndPositionEmbeddingLayer extends BaseLayer<TokenAndPositionEmbedding> {

    public TokenAndPositionEmbeddingLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** @return the token indices, {@code [mb, T]}, checked against the vocabulary and the maximum length */
    private int[] indices(long[] mbAndLength) {
        INDArray in = input.rank() == 3 && input.size(1) == 1 ? input.reshape(input.size(0), input.size(2)) : input;
        if (in.rank() != 2) {
            throw new DL4JInvalidInputException("TokenAndPositionEmbedding " + layerId() + " expects indices [minibatch, length] or "
                    + "[minibatch, 1, length], got " + Arrays.toString(input.shape()));
        }
        long length = in.size(1);
        if (length > layerConf().getMaxLength()) {
            throw new DL4JInvalidInputException("Sequences of length " + length + " are longer than the position embedding of "
                    + layerId() + " (maxLength " + layerConf().getMaxLength() + ")");
        }
        int[] idx = in.dup('c').data().asInt();
        long vocabulary = layerConf().getNIn();
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] < 0 || idx[i] >= vocabulary) {
                throw new DL4JInvalidInputException("Token index " + idx[i] + " at entry " + i + " is outside the vocabulary of "
                        + layerId() + " (0 to " + (vocabulary - 1) + ")");
            }
        }
        mbAndLength[0] = in.size(0);
        mbAndLength[1] = length;
        return idx;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        long[] mt = new long[2];
        int[] idx = indices(mt);
        long d = layerConf().getNOut();
        INDArray rows = Nd4j.pullRows(getParam(TokenAndPositionEmbedding.TOKENS), 1, idx);       // [mb*T, d]
        INDArray positions = getParam(TokenAndPositionEmbedding.POSITIONS).get(NDArrayIndex.interval(0, mt[1]), NDArrayIndex.all());
        INDArray y = rows.reshape(mt[0], mt[1], d).addi(positions.reshape(1, mt[1], d)).permute(0, 2, 1);
        INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, new long[] {mt[0], d, mt[1]}, 'c').assign(y);
        if (maskArray != null) {
            out.muli(Features.timeMask(maskArray, out));
        }
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        assertInputSet(true);
        long[] mt = new long[2];
        int[] idx = indices(mt);
        long d = layerConf().getNOut();
        INDArray dy = epsilon.castTo(dataType);
        if (maskArray != null) {
            dy = dy.mul(Features.timeMask(maskArray, dy));
        }
        INDArray rows = dy.permute(0, 2, 1).dup('c').reshape('c', mt[0] * mt[1], d);          // [mb*T, d]
        INDArray dW = gradientViews.get(TokenAndPositionEmbedding.TOKENS);
        dW.assign(0);
        Nd4j.scatterUpdate(ScatterUpdate.UpdateOp.ADD, dW, Nd4j.createFromArray(idx), rows, 1);
        INDArray dP = gradientViews.get(TokenAndPositionEmbedding.POSITIONS);
        dP.assign(0);
        dP.get(NDArrayIndex.interval(0, mt[1]), NDArrayIndex.all()).assign(rows.reshape(mt[0], mt[1], d).sum(0));
        Gradient g = new DefaultGradient();
        g.gradientForVariable().put(TokenAndPositionEmbedding.TOKENS, dW);
        g.gradientForVariable().put(TokenAndPositionEmbedding.POSITIONS, dP);
        return new Pair<>(g, null);
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public void clearNoiseWeightParams() {
    }
}
