package org.pc4j.app.graph;

import java.util.Arrays;

/**
 * The value steps a run's queries used against their budget: one query per batch of test images (or one for all the
 * generated images), each stopping at the budget or earlier where the stopping rule ({@code --tolerance}) ended it.
 *
 * @param budget         the steps a query may take, >= 1
 * @param used           the steps each query took, each in {@code 0 .. budget}; at least one query
 * @param secondsPerStep wall time per value step of one query, >= 0
 */
public record QuerySteps(int budget, int[] used, double secondsPerStep) {

    /** @throws IllegalArgumentException if the budget is not positive, no query ran, a count is out of range, or the time is negative */
    public QuerySteps {
        if (budget < 1 || used == null || used.length == 0) {
            throw new IllegalArgumentException("query steps need a budget >= 1 and at least one query");
        }
        if (Arrays.stream(used).anyMatch(u -> u < 0 || u > budget)) {
            throw new IllegalArgumentException("a query took steps outside 0.." + budget + ": " + Arrays.toString(used));
        }
        if (!(secondsPerStep >= 0) || Double.isInfinite(secondsPerStep)) {
            throw new IllegalArgumentException("seconds per step must be >= 0 and finite, got " + secondsPerStep);
        }
        used = used.clone();
    }

    @Override
    public int[] used() {
        return used.clone();
    }

    /** @return the mean steps a query took */
    public double mean() {
        return Arrays.stream(used).average().orElseThrow();
    }

    /** @return the most steps a query took */
    public int max() {
        return Arrays.stream(used).max().orElseThrow();
    }

    /** @return the seconds the unused budget would have cost at the measured time per step: {@code sum(budget - used) * s} */
    public double secondsSaved() {
        return (budget * (long) used.length - Arrays.stream(used).asLongStream().sum()) * secondsPerStep;
    }
}
