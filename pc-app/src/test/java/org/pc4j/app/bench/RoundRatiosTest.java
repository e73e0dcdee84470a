package org.pc4j.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link RoundRatios} against hand-worked rounds: ratios taken within each round, their median and range. */
class RoundRatiosTest {

    @Test
    void eachRoundsRatioIsTakenWithinTheRoundAndSummarisedByMedianAndRange() {
        // a machine that slows down in round 2 for both sides: the ratio stays 2 there
        RoundRatios r = RoundRatios.of(new double[] {10, 40, 12}, new double[] {4, 20, 6});
        assertThat(r.ratios()).containsExactly(2.5, 2.0, 2.0);
        assertThat(r.median()).isEqualTo(2.0);
        assertThat(r.min()).isEqualTo(2.0);
        assertThat(r.max()).isEqualTo(2.5);
        RoundRatios even = RoundRatios.of(new double[] {3, 1, 8, 2}, new double[] {1, 1, 2, 1});
        assertThat(even.median()).as("the mean of the middle two of 1, 2, 3, 4").isEqualTo(2.5);
        RoundRatios one = RoundRatios.of(new double[] {7}, new double[] {2});
        assertThat(new double[] {one.median(), one.min(), one.max()}).containsExactly(3.5, 3.5, 3.5);
    }

    @Test
    void theRatiosAreACopy() {
        double[] ratios = {1.5, 2.5};
        RoundRatios r = new RoundRatios(ratios);
        ratios[0] = 9;
        r.ratios()[1] = 9;
        assertThat(r.ratios()).containsExactly(1.5, 2.5);
        assertThat(r).isEqualTo(new RoundRatios(new double[] {1.5, 2.5}));
    }

    @Test
    void missingRoundsAndTimesThatAreNotPositiveAndFiniteAreRefused() {
        assertThatThrownBy(() -> new RoundRatios(new double[0])).hasMessageContaining("at least one round");
        assertThatThrownBy(() -> RoundRatios.of(new double[] {1, 2}, new double[] {1})).hasMessageContaining("one time per round");
        assertThatThrownBy(() -> RoundRatios.of(new double[] {1}, new double[] {0})).hasMessageContaining("positive and finite");
        assertThatThrownBy(() -> RoundRatios.of(new double[] {Double.NaN}, new double[] {1})).hasMessageContaining("positive and finite");
        assertThatThrownBy(() -> RoundRatios.of(new double[] {-1}, new double[] {1})).hasMessageContaining("positive and finite");
    }
}
