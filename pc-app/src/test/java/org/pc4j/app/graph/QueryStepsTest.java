package org.pc4j.app.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link QuerySteps}: the steps queries used against their budget, and the time the unused budget would have cost. */
class QueryStepsTest {

    @Test
    void meanMaxAndTheSecondsTheUnusedBudgetWouldHaveCost() {
        QuerySteps s = new QuerySteps(500, new int[] {20, 40, 500}, 0.01);
        assertThat(s.mean()).isEqualTo(560 / 3.0);
        assertThat(s.max()).isEqualTo(500);
        // unused: 480 + 460 + 0 = 940 steps at 0.01 s
        assertThat(s.secondsSaved()).isCloseTo(9.4, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(new QuerySteps(500, new int[] {500, 500}, 0.01).secondsSaved()).isZero();
    }

    @Test
    void refusesNoQueryCountsOutsideTheBudgetAndNegativeTimes() {
        assertThatThrownBy(() -> new QuerySteps(500, new int[0], 0.01)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new QuerySteps(0, new int[] {0}, 0.01)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new QuerySteps(10, new int[] {11}, 0.01)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0..10");
        assertThatThrownBy(() -> new QuerySteps(10, new int[] {-1}, 0.01)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new QuerySteps(10, new int[] {1}, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
