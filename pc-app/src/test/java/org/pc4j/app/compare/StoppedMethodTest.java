package org.pc4j.app.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pc4j.app.compare.ComparisonResult.EpochResult;
import org.pc4j.app.compare.ComparisonResult.MethodResult;

/**
 * A method stopped by divergence used to show "NaN%" as its metric and 0 optimiser steps although updates had been
 * applied: its steps now count the updates of the epoch it stopped in, and a metric it never reached shows "-".
 */
class StoppedMethodTest {

    @Test
    void aStoppedMethodCountsTheUpdatesItAppliedAndShowsNoMetric() {
        MethodResult inFirstEpoch = new MethodResult("ipc(5)", 0.1, List.of(), null, null, "epoch 1: diverged", 7);
        assertThat(inFirstEpoch.optimiserSteps()).isEqualTo(7);
        assertThat(Comparison.format(Metric.ACCURACY, inFirstEpoch.testMetric())).isEqualTo("-");

        MethodResult later = new MethodResult("pc(20)", 0.1, List.of(new EpochResult(1, 0.5, 0.8, 2.0, 30, 100)), null, null,
                "epoch 2: diverged", 4);
        assertThat(later.optimiserSteps()).isEqualTo(34);
        assertThat(later.msPerUpdate()).as("timed over the finished epoch").isEqualTo(1000 * 2.0 / 30);
        assertThat(Comparison.format(Metric.ACCURACY, later.testMetric())).isEqualTo("80.00%");
    }
}
