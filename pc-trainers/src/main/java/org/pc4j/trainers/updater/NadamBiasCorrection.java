package org.pc4j.trainers.updater;

import java.util.Objects;
import org.nd4j.linalg.learning.config.Nadam;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A learning-rate schedule that restores the second-moment bias correction DL4J's {@link Nadam} leaves out.
 *
 * <p>Nadam (Dozat, "Incorporating Nesterov Momentum into Adam", ICLR 2016 workshop track) divides the momentum by
 * the square root of the <i>bias-corrected</i> second moment {@code v_t / (1 - beta2^t)}. ND4J 1.0.0-M2.1's Nadam
 * computes, at iteration {@code t - 1} (DL4J counts from 0),
 * {@code update = lr * (beta1 * m_t + (1 - beta1) * g_t) / (1 - beta1^t) / (sqrt(v_t) + eps)}: it divides by
 * {@code sqrt(v_t)} itself, so its steps are {@code 1 / sqrt(1 - beta2^t)} times too large: 31.6 times at the first
 * iteration (where every weight moves by about {@code 60 * lr}, whatever its gradient), 10 times at the tenth, 3.2
 * times at the hundredth, within 10% only after about 1,750 iterations. Backprop survives this transient (it still
 * costs accuracy); predictive coding often does not, because its inference dynamics are stable only while the
 * weights stay moderate (the README's troubleshooting section).
 *
 * <p>With this schedule the learning rate at iteration {@code t - 1} is {@code lr(t - 1) * sqrt(1 - beta2^t)}, which
 * restores the correction exactly. Two small differences from Dozat's Nadam remain, both ND4J's: the momentum term
 * is bias-corrected with {@code 1 - beta1^t} where Dozat uses {@code 1 - beta1^(t + 1)} (it matters only in the
 * first few iterations), and epsilon is added to the uncorrected root.
 *
 * <pre>{@code
 * .updater(NadamBiasCorrection.nadam(1e-3))          // instead of .updater(new Nadam())
 * .updater(Nadam.builder().learningRateSchedule(new NadamBiasCorrection(mySchedule, 0.999)).build())
 * }</pre>
 *
 * <p>{@code beta2} must be the Nadam's own {@code beta2} ({@link Nadam#DEFAULT_NADAM_BETA2_VAR_DECAY} by default).
 * Serialises with the network's JSON configuration like DL4J's own schedules.
 */
public final class NadamBiasCorrection implements ISchedule {

    private final ISchedule base;
    private final double learningRate;
    private final double beta2;

    /**
     * @param learningRate the learning rate, finite and > 0
     * @param beta2        the Nadam's second-moment decay, in (0, 1)
     */
    public NadamBiasCorrection(double learningRate, double beta2) {
        this(null, learningRate, beta2);
    }

    /**
     * @param base  the learning-rate schedule to correct
     * @param beta2 the Nadam's second-moment decay, in (0, 1)
     */
    public NadamBiasCorrection(ISchedule base, double beta2) {
        this(Objects.requireNonNull(base, "base"), 0.0, beta2);
    }

    @JsonCreator
    private NadamBiasCorrection(@JsonProperty("base") ISchedule base, @JsonProperty("learningRate") double learningRate,
                                @JsonProperty("beta2") double beta2) {
        if (base == null && (!(learningRate > 0) || Double.isInfinite(learningRate))) {
            throw new IllegalArgumentException("learningRate must be finite and > 0, got " + learningRate);
        }
        if (!(beta2 > 0 && beta2 < 1)) {
            throw new IllegalArgumentException("beta2 must be in (0, 1), got " + beta2);
        }
        this.base = base;
        this.learningRate = base == null ? learningRate : 0.0;
        this.beta2 = beta2;
    }

    /**
     * @return DL4J's {@link Nadam} with its default betas and epsilon and this correction on {@code learningRate}:
     *         Nadam with its second-moment bias correction
     */
    public static Nadam nadam(double learningRate) {
        return Nadam.builder()
                .learningRateSchedule(new NadamBiasCorrection(learningRate, Nadam.DEFAULT_NADAM_BETA2_VAR_DECAY))
                .build();
    }

    /** @return true if {@code updater} is a {@link Nadam} whose rate carries this correction. */
    public static boolean isCorrected(Nadam updater) {
        return updater.getLearningRateSchedule() instanceof NadamBiasCorrection;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        double rate = base == null ? learningRate : base.valueAt(iteration, epoch);
        return rate * Math.sqrt(1 - Math.pow(beta2, iteration + 1.0));
    }

    @Override
    public ISchedule clone() {
        return new NadamBiasCorrection(base == null ? null : base.clone(), learningRate, beta2);
    }

    /** @return the wrapped schedule, or null for a fixed rate. */
    @JsonProperty("base")
    public ISchedule getBase() {
        return base;
    }

    /** @return the fixed rate (0 when a schedule is wrapped). */
    @JsonProperty("learningRate")
    public double getLearningRate() {
        return learningRate;
    }

    /** @return the second-moment decay the correction assumes. */
    @JsonProperty("beta2")
    public double getBeta2() {
        return beta2;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NadamBiasCorrection n && Objects.equals(base, n.base)
                && Double.compare(learningRate, n.learningRate) == 0 && Double.compare(beta2, n.beta2) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(base, learningRate, beta2);
    }

    @Override
    public String toString() {
        return "NadamBiasCorrection(" + (base == null ? learningRate : base) + ", beta2=" + beta2 + ")";
    }
}
