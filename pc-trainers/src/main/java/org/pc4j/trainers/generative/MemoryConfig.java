package org.pc4j.trainers.generative;

import java.util.Objects;
import org.pc4j.trainers.Schedule;
import org.pc4j.trainers.ValueInit;
import org.pc4j.trainers.ValueOptimizer;

/**
 * How an {@link AssociativeMemory} stores and recalls (Salvatori's thesis, Alg. 6-7 and the recall function F of
 * §4.3). Immutable; {@link #builder()} gives the defaults below, the recipe measured to recall (docs/results.md).
 *
 * <p><b>Storing is inference learning</b>: each epoch the value nodes restart from one fixed state ({@link #start}: by
 * default every latent and hidden node at 0, the state a recall starts from too), {@code storeSteps} value steps at
 * {@code storeRate} relax the energy with the sensory nodes clamped to all N patterns, then the network's own updater
 * takes one weight step: the engine's PC(T) schedule on one full batch. The values are not kept from one epoch to the
 * next (keeping them, as a literal reading of Alg. 6 does, fits the pixels while the energy stays in the hidden layers,
 * and nothing can be recalled). The start matters as much: from the forward pass from the learnt prior (every pattern
 * starting at the same prediction) the default network recalled 7 of 100 Fashion-MNIST images from half keys, from 0
 * all 100 (docs/results.md).
 *
 * <p><b>The energy</b> of a pattern is {@code E = pi_z/2 ||z - b||^2 + sum_l pi_h/2 ||h_l - f_l(h_{l-1})||^2
 * + ||s - mu_s||^2}: the latents {@code z} under their learnt prior mean {@code b} at precision {@code pi_z}
 * ({@link #latentPrecision}), each hidden layer at precision {@code pi_h} ({@link #hiddenPrecision}), the sensory term
 * DL4J's L2 loss. Storing and recalling minimise this one energy.
 *
 * @param storeEpochs       epochs of storing at most (default 1,000)
 * @param storeSteps        T, the value steps of each storing epoch (default 20)
 * @param storeRate         the value-node step size gamma while storing (default 0.05, i.e. 0.1 on the energy at precision
 *                          1; halved for the rest of an epoch wherever a step raised the energy)
 * @param storePatience     storing stops once the relaxed energy (after the T steps) has not reached a new low for this
 *                          many epochs (default 100); the network is then left with the parameters and updater state
 *                          of the epoch with the lowest relaxed energy, so a late blow-up of the weights' optimiser
 *                          (Adam's, measured) costs nothing
 * @param recallSteps       value steps of one recall inference, weights frozen (default 2,000)
 * @param recallTolerance   a recall inference stops once the total energy changes by at most this fraction of itself
 *                          in one step (default 0: always {@code recallSteps}; the energy of a recall can flatten
 *                          while the free pixels still move towards the memory)
 * @param recallRate        the value-node step size gamma while recalling (default 0.05); halved for the rest of a
 *                          recall wherever a step raised the energy
 * @param recallOptimizer   how the value nodes step while recalling (default {@link ValueOptimizer#gradientDescent()},
 *                          the thesis' rule; {@link ValueOptimizer#nesterov()} with 500 recall steps, the {@code pc4j
 *                          memory} command's default, reaches what 2,000 plain steps reach on its default memory)
 * @param denoiseIterations the most iterations of F for a corrupted key (default 15, where the thesis finds it
 *                          converges)
 * @param denoiseTolerance  F stops once no value of the key moved by more than this in one iteration (default 1e-4)
 * @param latentPrecision   {@code pi_z}, the precision of the latents' prior (default 1e-6: in effect no prior, the
 *                          latents free (storing from zero needs none); at the other layers' precision the
 *                          prior's term came to dominate the relaxed energy on MNIST after one Adam spike, and the
 *                          best-state rule then kept a state that recalled nothing, docs/results.md)
 * @param hiddenPrecision   {@code pi_h}, the precision of every hidden layer's value nodes (default 2, the sensory term's:
 *                          DL4J's L2 loss is a Gaussian energy at precision 2, so every layer weighs the same); above the
 *                          sensory term's a key is explained more by moving the latents than by changing hidden values
 * @param start             where the value nodes start every storing epoch and every recall inference (default
 *                          {@link ValueInit#zero()}; {@link ValueInit#forwardPass()} starts them at the prediction
 *                          from the prior)
 */
public record MemoryConfig(int storeEpochs, int storeSteps, double storeRate, int storePatience, int recallSteps,
                           double recallTolerance, double recallRate, ValueOptimizer recallOptimizer, int denoiseIterations,
                           double denoiseTolerance, double latentPrecision, double hiddenPrecision, ValueInit start) {

    public MemoryConfig {
        Objects.requireNonNull(recallOptimizer, "recallOptimizer");
        Objects.requireNonNull(start, "start");
        requireAtLeastOne("storeEpochs", storeEpochs);
        requireAtLeastOne("storeSteps", storeSteps);
        requireAtLeastOne("storePatience", storePatience);
        requireAtLeastOne("recallSteps", recallSteps);
        requireAtLeastOne("denoiseIterations", denoiseIterations);
        if (storeSteps > Schedule.MAX_STEPS || recallSteps >= Schedule.MAX_STEPS) {
            throw new IllegalArgumentException("storeSteps must be <= " + Schedule.MAX_STEPS + " and recallSteps < "
                    + Schedule.MAX_STEPS + ", got " + storeSteps + " and " + recallSteps);
        }
        if (!(recallTolerance >= 0 && recallTolerance < 1)) {
            throw new IllegalArgumentException("recallTolerance must be in [0, 1), got " + recallTolerance);
        }
        requirePositive("storeRate", storeRate);
        requirePositive("recallRate", recallRate);
        requirePositive("latentPrecision", latentPrecision);
        requirePositive("hiddenPrecision", hiddenPrecision);
        if (!(denoiseTolerance >= 0) || Double.isInfinite(denoiseTolerance)) {
            throw new IllegalArgumentException("denoiseTolerance must be finite and >= 0, got " + denoiseTolerance);
        }
    }

    private static void requireAtLeastOne(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
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
        b.storeEpochs = storeEpochs;
        b.storeSteps = storeSteps;
        b.storeRate = storeRate;
        b.storePatience = storePatience;
        b.recallSteps = recallSteps;
        b.recallTolerance = recallTolerance;
        b.recallRate = recallRate;
        b.recallOptimizer = recallOptimizer;
        b.denoiseIterations = denoiseIterations;
        b.denoiseTolerance = denoiseTolerance;
        b.latentPrecision = latentPrecision;
        b.hiddenPrecision = hiddenPrecision;
        b.start = start;
        return b;
    }

    /** Builds a {@link MemoryConfig}; each setter's meaning is the record component's. */
    public static final class Builder {
        private int storeEpochs = 1000;
        private int storeSteps = 20;
        private double storeRate = 0.05;
        private int storePatience = 100;
        private int recallSteps = 2000;
        private double recallTolerance;
        private double recallRate = 0.05;
        private ValueOptimizer recallOptimizer = ValueOptimizer.gradientDescent();
        private int denoiseIterations = 15;
        private double denoiseTolerance = 1e-4;
        private double latentPrecision = 1e-6;
        private double hiddenPrecision = 2;
        private ValueInit start = ValueInit.zero();

        private Builder() {
        }

        public Builder storeEpochs(int epochs) {
            this.storeEpochs = epochs;
            return this;
        }

        public Builder storeSteps(int steps) {
            this.storeSteps = steps;
            return this;
        }

        public Builder storeRate(double gamma) {
            this.storeRate = gamma;
            return this;
        }

        public Builder storePatience(int epochs) {
            this.storePatience = epochs;
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

        public Builder recallOptimizer(ValueOptimizer optimizer) {
            this.recallOptimizer = optimizer;
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

        public Builder latentPrecision(double precision) {
            this.latentPrecision = precision;
            return this;
        }

        public Builder hiddenPrecision(double precision) {
            this.hiddenPrecision = precision;
            return this;
        }

        public Builder start(ValueInit start) {
            this.start = start;
            return this;
        }

        /** @throws IllegalArgumentException if a value is out of its range */
        public MemoryConfig build() {
            return new MemoryConfig(storeEpochs, storeSteps, storeRate, storePatience, recallSteps, recallTolerance, recallRate,
                    recallOptimizer, denoiseIterations, denoiseTolerance, latentPrecision, hiddenPrecision, start);
        }
    }
}
