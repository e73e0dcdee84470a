package org.pc4j.layers.conf;

import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.nd4j.linalg.api.buffer.DataType;
import org.pc4j.layers.runtime.LayerNormalizationLayer;

/**
 * Layer normalisation (Ba, Kiros and Hinton 2016) over the feature dimension, for feed-forward {@code [mb, n]} and
 * recurrent {@code [mb, n, T]} (NCW, per time step) inputs:
 *
 * <pre>
 *   y = g * (x - mean(x)) / sqrt(var(x) + eps) + b      (mean and biased variance over the n features)
 * </pre>
 *
 * with a gain {@code g} (starts at 1) and a bias {@code b} (starts at 0), both {@code [1, n]} and not regularised.
 * A native DL4J layer: it trains under backprop and under predictive coding alike, and serialises with DL4J's JSON
 * configuration and {@code ModelSerializer}.
 */
public class LayerNormalization extends PcLayer {

    /** The gain's key. */
    public static final String GAIN = "g";
    /** The bias's key. */
    public static final String BIAS = "b";

    private double eps = 1e-5;

    /** For JSON. */
    public LayerNormalization() {
    }

    private LayerNormalization(Builder builder) {
        super(builder);
        this.eps = builder.eps;
        this.nOut = builder.nIn();
    }

    @Override
    protected org.deeplearning4j.nn.layers.BaseLayer<?> createRuntime(NeuralNetConfiguration conf, DataType dataType) {
        return new LayerNormalizationLayer(conf, dataType);
    }

    @Override
    public List<ParamBlocks.Block> paramBlocks() {
        return List.of(new ParamBlocks.Block(GAIN, new long[] {1, nIn}, false, ParamBlocks.Init.ONES, nIn, nIn),
                new ParamBlocks.Block(BIAS, new long[] {1, nIn}, false, ParamBlocks.Init.ZEROS, nIn, nIn));
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        super.setNIn(inputType, override);
        this.nOut = nIn;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        if (inputType.getType() == InputType.Type.RNN || inputType.getType() == InputType.Type.FF) {
            return inputType;
        }
        throw new IllegalStateException("LayerNormalization '" + getLayerName() + "' takes feed-forward or recurrent input, got "
                + inputType);
    }

    /** @return the variance offset epsilon. */
    public double getEps() {
        return eps;
    }

    public void setEps(double eps) {
        this.eps = eps;
    }

    @Override
    public LayerNormalization clone() {
        return (LayerNormalization) super.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LayerNormalization other && super.equals(o) && other.eps == eps;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), eps);
    }

    /** Builds a {@link LayerNormalization}; {@code nIn} is the number of features (or taken from the input type). */
    public static class Builder extends FeedForwardLayer.Builder<Builder> {
        private double eps = 1e-5;

        /** The offset added to the variance; > 0. Default 1e-5. */
        public Builder eps(double eps) {
            if (!(eps > 0)) {
                throw new IllegalArgumentException("eps must be > 0, got " + eps);
            }
            this.eps = eps;
            return this;
        }

        long nIn() {
            return nIn;
        }

        @Override
        @SuppressWarnings("unchecked")
        public LayerNormalization build() {
            return new LayerNormalization(this);
        }
    }
}
