package org.pc4j.layers.conf;

import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.nd4j.linalg.api.buffer.DataType;
import org.pc4j.layers.runtime.GaussianSamplingLayer;

/**
 * The reparameterisation of a VAE bottleneck (Kingma and Welling 2014): the input {@code [mb, 2k]} holds a mean
 * {@code u} (first k) and a log-variance {@code s} (last k) per example; in training the output is
 * {@code z = u + e * exp(s / 2)}, {@code [mb, k]}, with {@code e ~ N(0, I)}; at inference it is {@code u}.
 *
 * <p>The log-variance keeps the variance positive without a constraint. With {@code klWeight > 0} the layer adds
 * {@code klWeight * KL(N(u, exp(s)) || N(0, I)) = klWeight / 2 * sum(u^2 + exp(s) - s - 1)} per example to the
 * objective through its backprop ({@code dKL/du = u}, {@code dKL/ds = (exp(s) - 1) / 2}), so a network ending in
 * a reconstruction loss trains as a VAE; DL4J's reported score does not include that term. Noise is drawn once per
 * forward pass under backprop and held for a whole batch under predictive coding ({@link
 * org.pc4j.layers.noise.BatchNoise}). No parameters.
 */
public class GaussianSampling extends PcLayer {

    private double klWeight = 1.0;

    /** For JSON. */
    public GaussianSampling() {
    }

    private GaussianSampling(Builder builder) {
        super(builder);
        this.klWeight = builder.klWeight;
        this.nIn = 2 * builder.latent;
        this.nOut = builder.latent;
    }

    @Override
    protected org.deeplearning4j.nn.layers.BaseLayer<?> createRuntime(NeuralNetConfiguration conf, DataType dataType) {
        return new GaussianSamplingLayer(conf, dataType);
    }

    @Override
    public List<ParamBlocks.Block> paramBlocks() {
        return List.of();
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        // the latent size is configured; nIn = 2 * latent
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return InputType.feedForward(nOut);
    }

    /** @return the weight of the KL term to the standard normal prior. */
    public double getKlWeight() {
        return klWeight;
    }

    public void setKlWeight(double klWeight) {
        this.klWeight = klWeight;
    }

    @Override
    public GaussianSampling clone() {
        return (GaussianSampling) super.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GaussianSampling other && super.equals(o) && other.klWeight == klWeight;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), klWeight);
    }

    /** Builds a {@link GaussianSampling} for {@code latent} units (input {@code 2 * latent}). */
    public static class Builder extends FeedForwardLayer.Builder<Builder> {
        private int latent;
        private double klWeight = 1.0;

        /** The number of latent units k; required. */
        public Builder latent(int latent) {
            this.latent = latent;
            return this;
        }

        /** The weight of KL(N(u, exp(s)) || N(0, I)) in the objective; >= 0, default 1 (0: no prior term). */
        public Builder klWeight(double klWeight) {
            if (!(klWeight >= 0) || Double.isInfinite(klWeight)) {
                throw new IllegalArgumentException("klWeight must be finite and >= 0, got " + klWeight);
            }
            this.klWeight = klWeight;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public GaussianSampling build() {
            if (latent < 1) {
                throw new IllegalArgumentException("GaussianSampling needs latent >= 1, got " + latent);
            }
            return new GaussianSampling(this);
        }
    }
}
