package org.pc4j.trainers.updater;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.AdaDelta;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nadam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.pc4j.trainers.graph.GraphConfig;

class UpdaterRatesTest {

    @Test
    void acceptsDl4jsDefaultsAndSchedules() {
        for (IUpdater u : List.of(new Adam(1e-3), new Nadam(), new Sgd(0.1), new RmsProp(), new Nesterovs(0.1, 0.9), new AdaDelta(),
                new AdaGrad(0.01), new NoOp(), new Adam(new ExponentialSchedule(ScheduleType.ITERATION, 1e-3, 0.99)))) {
            assertThat(UpdaterRates.requireValid("u", u)).isSameAs(u);
        }
    }

    @Test
    void refusesNaNNegativeZeroAndInfiniteLearningRates() {
        for (IUpdater u : List.of(new Adam(Double.NaN), new Adam(-1e-3), new Sgd(0), new Sgd(Double.POSITIVE_INFINITY),
                new Adam(new ExponentialSchedule(ScheduleType.ITERATION, Double.NaN, 0.99)))) {
            assertThatThrownBy(() -> UpdaterRates.requireValid("the graph's updater", u)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("the graph's updater: the learning rate must be finite and > 0");
        }
    }

    @Test
    void refusesOptimiserConstantsOutOfRange() {
        assertThatThrownBy(() -> UpdaterRates.requireValid("u", new Adam(1e-3, 1.0, 0.999, 1e-8))).hasMessageContaining("beta1");
        assertThatThrownBy(() -> UpdaterRates.requireValid("u", new Adam(1e-3, 0.9, Double.NaN, 1e-8))).hasMessageContaining("beta2");
        assertThatThrownBy(() -> UpdaterRates.requireValid("u", new Adam(1e-3, 0.9, 0.999, 0))).hasMessageContaining("epsilon");
        assertThatThrownBy(() -> UpdaterRates.requireValid("u", new RmsProp(1e-3, 1.5, 1e-8))).hasMessageContaining("decay");
        assertThatThrownBy(() -> UpdaterRates.requireValid("u", new Nesterovs(0.1, -0.5))).hasMessageContaining("momentum");
        assertThatThrownBy(() -> UpdaterRates.requireValid("u", null)).hasMessageContaining("u is required");
    }

    @Test
    void aGraphConfigRefusesABadUpdater() {
        for (IUpdater u : List.of(new Adam(Double.NaN), new Adam(-1e-3), new Sgd(Double.POSITIVE_INFINITY))) {
            assertThatThrownBy(() -> GraphConfig.builder(8, 4).updater(u).build()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("the graph's updater");
        }
    }
}
