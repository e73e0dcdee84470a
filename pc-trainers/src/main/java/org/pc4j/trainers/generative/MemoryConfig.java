package org.pc4j.trainers.generative;

import java.util.Objects;
import org.pc4j.trainers.ValueOptimizer;

/**
 * How an {@link AssociativeMemory} stores and recalls (Salvatori's thesis, Alg. 6-7 and the recall function F of
 * §4.3). Immutable; {@link #builder()} gives the defaults below.
 *
 * @param storeSteps        iterations of Alg. 6 at most: full-batch iPC steps, values and weights updated at each,
 *                          the values kept from one to the next (default 1,000)
 * @param storeTolerance    storing stops once the total energy changes by at most this fraction of itself in one
 *                          iteration (default 1e-5; 0: always {@code storeSteps})
 * @param storeRate         the value-node step size gamma while storing (default 0.1)
 * @param recallSteps       value steps of one recall inference, weights frozen (default 500)
 * @param recallTolerance   a recall inference stops once the total energy changes by at most this fraction of itself
 *                          in one step (default 1e-6; 0: always {@code recallSteps})
 * @param recallRate        the value-node step size gamma while recalling (default 0.1); halved for the rest of a
 *                          recall wherever a step raised the energy
 * @param denoiseIterations the most iterations of F for a corrupted key (default 15, where the thesis finds it
 *                          converges)
 * @param denoiseTolerance  F stops once no value of the key moved by more than this in one iteration (default 1e-4)
 * @param recallOptimizer   how the value nodes step while recalling (default {@link ValueOptimizer#gradientDescent()},
 *                          the thesis' rule; {@link ValueOptimizer#momentum(double)} converges in far fewer steps on the
 *                          ill-conditioned energies of wide networks)
 * @param recallPrecision   the precision {@code pi} of the hidden value nodes while recalling,
 *                          {@code E_h = pi/2 ||h - f(W z)||^2} (default 1, the thesis' model, the energy storing
 *                          minimised); above 1 the hidden nodes hold closer to what the layers above predict, so a key
 *                          is explained by moving the latents (recalling a memory) rather than by small hidden changes
 *                          that fit it without recalling one
 * @param storePrecision    the same precision while storing (default 1); storing and recalling at one precision
 *                          minimise one energy
 */
public record MemoryConfig(int storeSteps, double storeTolerance, double storeRate, int recallSteps,
                           double recallTolerance, double recallRate, int denoiseIterations, double denoiseTolerance,
                           ValueOptimizer recallOptimizer, double recallPrecision,
                           double storePrecision) {

    public MemoryConfig {
        Objects.requireNonNull(recallOptimizer, "recallOptimizer");
        requireAtLeastOne("storeSteps", storeSteps);
        requireAtLeastOne("recallSteps", recallSteps);
        requireAtLeastOne("denoiseIterations", denoiseIterations);
        requireFraction("storeTolerance", storeTolerance);
        requireFraction("recallTolerance", recallTolerance);
        requirePositive("storeRate", storeRate);
        requirePositive("recallRate", recallRate);
        requirePositive("recallPrecision", recallPrecision);
        requirePositive("storePrecision", storePrecision);
        if (!(denoiseTolerance >= 0) || Double.isInfinite(denoiseTolerance)) {
            throw new IllegalArgumentException("denoiseTolerance must be finite and >= 0, got " + denoiseTolerance);
        }
    }

    private static void requireAtLeastOne(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        }
    }

    private static void requireFraction(String name, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + value);
        }
    }

    private static void requirePositive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and > 0, got " + value);
        }
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder starting from this configuration */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.storeSteps = storeSteps;
        b.storeTolerance = storeTolerance;
        b.storeRate = storeRate;
        b.recallSteps = recallSteps;
        b.recallTolerance = recallTolerance;
        b.recallRate = recallRate;
        b.denoiseIterations = denoiseIterations;
        b.denoiseTolerance = denoiseTolerance;
        b.recallOptimizer = recallOptimizer;
        b.recallPrecision = recallPrecision;
        b.storePrecision = storePrecision;
        return b;
    }

    /** Builds a {@link MemoryConfig}; each setter's meaning is the record component's. */
    public static final class Builder {
        private int storeSteps = 1000;
        private double storeTolerance = 1e-5;
        private double storeRate = 0.1;
        private int recallSteps = 500;
        private double recallTolerance = 1e-6;
        private double recallRate = 0.1;
        private int denoiseIterations = 15;
        private double denoiseTolerance = 1e-4;
        private ValueOptimizer recallOptimizer = ValueOptimizer.gradientDescent();
        private double recallPrecision = 1;
        private double storePrecision = 1;

        private Builder() {
        }

        public Builder storeSteps(int steps) {
            this.storeSteps = steps;
            return this;
        }

        public Builder storeTolerance(double tolerance) {
            this.storeTolerance = tolerance;
            return this;
        }

        public Builder storeRate(double gamma) {
            this.storeRate = gamma;
            return this;
        }

        public Builder recallSteps(int steps) {
            this.recallSteps = steps;
            return this;
        }

        public Builder recallTolerance(double tolerance) {
            this.recallTolerance = tolerance;
            return this;
        }

        public Builder recallRate(double gamma) {
            this.recallRate = gamma;
            return this;
        }

        public Builder denoiseIterations(int iterations) {
            this.denoiseIterations = iterations;
            return this;
        }

        public Builder denoiseTolerance(double tolerance) {
            this.denoiseTolerance = tolerance;
            return this;
        }

        public Builder recallOptimizer(ValueOptimizer optimizer) {
            this.recallOptimizer = optimizer;
            return this;
        }

        public Builder recallPrecision(double precision) {
            this.recallPrecision = precision;
            return this;
        }

        public Builder storePrecision(double precision) {
            this.storePrecision = precision;
            return this;
        }

        /** @throws IllegalArgumentException if a value is out of its range */
        public MemoryConfig build() {
            return new MemoryConfig(storeSteps, storeTolerance, storeRate, recallSteps, recallTolerance, recallRate,
                    denoiseIterations, denoiseTolerance, recallOptimizer, recallPrecision,
                    storePrecision);
        }
    }
}
