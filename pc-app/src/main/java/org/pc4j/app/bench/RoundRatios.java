package org.pc4j.app.bench;

import java.util.Arrays;

/**
 * pc4j's time over PyTorch's, measured in interleaved rounds: in round {@code i} both sides train the same batches
 * back to back, so a slow spell of a shared machine falls on both, and the ratio {@code r_i = pc4j_i / torch_i} is
 * taken within the round. Reported: the median of the {@code r_i} and their range (the spread a reader should allow
 * for). With one round the three are equal.
 *
 * @param ratios {@code r_i}, one per round, in round order
 */
public record RoundRatios(double[] ratios) {

    /** @throws IllegalArgumentException if there is no round or a ratio is not positive and finite */
    public RoundRatios {
        if (ratios.length < 1) {
            throw new IllegalArgumentException("need at least one round");
        }
        for (double r : ratios) {
            if (!(r > 0) || Double.isInfinite(r)) {
                throw new IllegalArgumentException("a ratio of times must be positive and finite, got " + r);
            }
        }
        ratios = ratios.clone();
    }

    /**
     * @param pc4jMs  pc4j's time per update in each round
     * @param torchMs PyTorch's time per update in the same rounds
     * @return the per-round ratios
     * @throws IllegalArgumentException if the two do not have one time per round each
     */
    public static RoundRatios of(double[] pc4jMs, double[] torchMs) {
        if (pc4jMs.length != torchMs.length) {
            throw new IllegalArgumentException("one time per round on each side: " + pc4jMs.length + " against " + torchMs.length);
        }
        double[] r = new double[pc4jMs.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = pc4jMs[i] / torchMs[i];
        }
        return new RoundRatios(r);
    }

    /** @return a copy of the per-round ratios */
    @Override
    public double[] ratios() {
        return ratios.clone();
    }

    /** @return the median ratio (the mean of the middle two for an even count) */
    public double median() {
        return UpdateBench.median(ratios);
    }

    /** @return the smallest ratio of a round */
    public double min() {
        return Arrays.stream(ratios).min().orElseThrow();
    }

    /** @return the largest ratio of a round */
    public double max() {
        return Arrays.stream(ratios).max().orElseThrow();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RoundRatios r && Arrays.equals(ratios, r.ratios);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ratios);
    }

    @Override
    public String toString() {
        return "RoundRatios" + Arrays.toString(ratios);
    }
}
