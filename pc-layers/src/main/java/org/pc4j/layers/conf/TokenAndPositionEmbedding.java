package org.pc4j.layers.conf;

import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.nd4j.linalg.api.buffer.DataType;
import org.pc4j.layers.runtime.TokenAndPositionEmbeddingLayer;

/**
 * Token embedding plus learned position embedding, the input layer of a transformer: for token indices
 * {@code [mb, T]} (or {@code [mb, 1, T]}) it outputs {@code y[b, :, t] = W[idx[b, t], :] + P[t, :]}, shape
 * {@code [mb, d, T]} (NCW, like DL4J's recurrent layers). {@code W} is {@code [vocabulary, d]}, {@code P} is
 * {@code [maxLength, d]}; sequences may be shorter than {@code maxLength}. The indices take no gradient. With a
 * features mask {@code [mb, T]} the masked steps output 0.
 *
 * <p>{@code nIn} is the vocabulary size and is never taken from the input type (a recurrent input type's size is
 * the number of index channels, 1, not the vocabulary, as DL4J M2.1 reads it).
 */
public class TokenAndPositionEmbedding extends PcLayer {

    /** The token embedding's key. */
    public static final String TOKENS = "W";
    /** The position embedding's key. */
    public static final String POSITIONS = "P";

    private int maxLength;

    /** For JSON. */
    public TokenAndPositionEmbedding() {
    }

    private TokenAndPositionEmbedding(Builder builder) {
        super(builder);
        this.maxLength = builder.maxLength;
    }

    @Override
    protected org.deeplearning4j.nn.layers.BaseLayer<?> createRuntime(NeuralNetConfiguration conf, DataType dataType) {
        return new TokenAndPositionEmbeddingLayer(conf, dataType);
    }

    @Override
    public List<ParamBlocks.Block> paramBlocks() {
        return List.of(new ParamBlocks.Block(TOKENS, new long[] {nIn, nOut}, true, ParamBlocks.Init.WEIGHT_INIT, nIn, nOut),
                new ParamBlocks.Block(POSITIONS, new long[] {maxLength, nOut}, true, ParamBlocks.Init.WEIGHT_INIT, maxLength, nOut));
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        // the vocabulary is not in the input type
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        long length = inputType instanceof InputType.InputTypeRecurrent r ? r.getTimeSeriesLength()
                : inputType instanceof InputType.InputTypeFeedForward f ? f.getSize() : -1;
        return InputType.recurrent(nOut, length);
    }

    /** @return the longest sequence the position embedding covers. */
    public int getMaxLength() {
        return maxLength;
    }

    public void setMaxLength(int maxLength) {
        this.maxLength = maxLength;
    }

    @Override
    public TokenAndPositionEmbedding clone() {
        return (TokenAndPositionEmbedding) super.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenAndPositionEmbedding other && super.equals(o) && other.maxLength == maxLength;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), maxLength);
    }

    /** Builds a {@link TokenAndPositionEmbedding}: {@code nIn} = vocabulary, {@code nOut} = width, {@code maxLength}. */
    public static class Builder extends FeedForwardLayer.Builder<Builder> {
        private int maxLength;

        /** The longest sequence; required, >= 1. */
        public Builder maxLength(int maxLength) {
            this.maxLength = maxLength;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public TokenAndPositionEmbedding build() {
            if (nIn < 1 || nOut < 1 || maxLength < 1) {
                throw new IllegalArgumentException("TokenAndPositionEmbedding needs nIn (vocabulary) >= 1, nOut (width) >= 1 "
                        + "and maxLength >= 1; got " + nIn + ", " + nOut + ", " + maxLength);
            }
            return new TokenAndPositionEmbedding(this);
        }
    }
}
