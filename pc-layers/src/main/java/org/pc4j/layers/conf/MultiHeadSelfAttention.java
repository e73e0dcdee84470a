package org.pc4j.layers.conf;

import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.InputTypeUtil;
import org.nd4j.linalg.api.buffer.DataType;
import org.pc4j.layers.runtime.MultiHeadSelfAttentionLayer;

/**
 * Multi-head scaled dot-product self-attention over a sequence {@code x} of shape {@code [mb, d, T]} (NCW), as one
 * native layer (Vaswani et al. 2017): with {@code X = x^T} ({@code [T, d]} per example), {@code H} heads of size
 * {@code hs = d / H},
 *
 * <pre>
 *   Q = X Wq, K = X Wk, V = X Wv                 (split into H heads)
 *   A = softmax(Q K^T / sqrt(hs) + M)            (per head, along the keys; M = -inf where masked)
 *   y = concat_heads(A V) Wo                     (back to [mb, d, T])
 * </pre>
 *
 * {@code Wq, Wk, Wv, Wo} are {@code [d, d]}. The mask {@code M} forbids, if {@code causal}, every key after the
 * query (a decoder), and always the keys a features mask {@code [mb, T]} marks as padding; masked queries output 0.
 * Under predictive coding the layer is one predictor: its output is a (Gaussian) value node, and the attention
 * probabilities stay inside it.
 */
public class MultiHeadSelfAttention extends PcLayer {

    public static final String WQ = "Wq";
    public static final String WK = "Wk";
    public static final String WV = "Wv";
    public static final String WO = "Wo";

    private int heads = 1;
    private boolean causal;

    /** For JSON. */
    public MultiHeadSelfAttention() {
    }

    private MultiHeadSelfAttention(Builder builder) {
        super(builder);
        this.heads = builder.heads;
        this.causal = builder.causal;
        this.nOut = builder.nIn();
    }

    @Override
    protected org.deeplearning4j.nn.layers.BaseLayer<?> createRuntime(NeuralNetConfiguration conf, DataType dataType) {
        if (nIn % heads != 0) {
            throw new IllegalStateException("MultiHeadSelfAttention '" + getLayerName() + "': width " + nIn
                    + " is not divisible by the " + heads + " heads");
        }
        return new MultiHeadSelfAttentionLayer(conf, dataType);
    }

    @Override
    public List<ParamBlocks.Block> paramBlocks() {
        long[] square = {nIn, nIn};
        return List.of(new ParamBlocks.Block(WQ, square, true, ParamBlocks.Init.WEIGHT_INIT, nIn, nIn),
                new ParamBlocks.Block(WK, square, true, ParamBlocks.Init.WEIGHT_INIT, nIn, nIn),
                new ParamBlocks.Block(WV, square, true, ParamBlocks.Init.WEIGHT_INIT, nIn, nIn),
                new ParamBlocks.Block(WO, square, true, ParamBlocks.Init.WEIGHT_INIT, nIn, nIn));
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        super.setNIn(inputType, override);
        this.nOut = nIn;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        if (inputType.getType() != InputType.Type.RNN) {
            throw new IllegalStateException("MultiHeadSelfAttention '" + getLayerName() + "' takes recurrent input [mb, d, T], got "
                    + inputType);
        }
        return InputType.recurrent(nIn, ((InputType.InputTypeRecurrent) inputType).getTimeSeriesLength());
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return InputTypeUtil.getPreprocessorForInputTypeRnnLayers(inputType, RNNFormat.NCW, getLayerName());
    }

    /** @return the number of heads. */
    public int getHeads() {
        return heads;
    }

    public void setHeads(int heads) {
        this.heads = heads;
    }

    /** @return true if every query attends only to itself and earlier keys. */
    public boolean isCausal() {
        return causal;
    }

    public void setCausal(boolean causal) {
        this.causal = causal;
    }

    @Override
    public MultiHeadSelfAttention clone() {
        return (MultiHeadSelfAttention) super.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MultiHeadSelfAttention other && super.equals(o) && other.heads == heads && other.causal == causal;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), heads, causal);
    }

    /** Builds a {@link MultiHeadSelfAttention}: {@code nIn} = width d (or from the input type), heads, causal. */
    public static class Builder extends FeedForwardLayer.Builder<Builder> {
        private int heads = 1;
        private boolean causal;

        /** The number of heads; divides the width. Default 1. */
        public Builder heads(int heads) {
            if (heads < 1) {
                throw new IllegalArgumentException("heads must be >= 1, got " + heads);
            }
            this.heads = heads;
            return this;
        }

        /** True for causal (decoder) attention: no query sees a later key. Default false (bidirectional). */
        public Builder causal(boolean causal) {
            this.causal = causal;
            return this;
        }

        long nIn() {
            return nIn;
        }

        @Override
        @SuppressWarnings("unchecked")
        public MultiHeadSelfAttention build() {
            return new MultiHeadSelfAttention(this);
        }
    }
}
