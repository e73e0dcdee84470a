package org.pc4j.trainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * What a user chooses with a schedule: its kind, its numbers within their bounds, its default inference rate and its
 * printed form. What the engine does with it step by step is {@code StepRulesTest}'s.
 */
class ScheduleTest {

    @Test
    void stepCountsOutsideOneToMaxStepsAreRefused() {
        assertThatThrownBy(() -> Schedule.pc(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pc(T)");
        assertThatThrownBy(() -> Schedule.ipc(Schedule.MAX_STEPS + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Schedule.faZil(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Schedule.faZil(1, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Schedule.pc(Schedule.MAX_STEPS + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Schedule.ipc(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ipc(T)");
        assertThatThrownBy(() -> Schedule.faZil(Schedule.MAX_STEPS + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Schedule.faZil(1, Schedule.MAX_STEPS + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Schedule.pc(3).untilConverged(1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Schedule.ipc(3).untilConverged(-0.1)).isInstanceOf(IllegalArgumentException.class);
        // the bounds themselves are accepted
        assertThat(Schedule.pc(1).valueSteps()).isEqualTo(1);
        assertThat(Schedule.pc(Schedule.MAX_STEPS).valueSteps()).isEqualTo(Schedule.MAX_STEPS);
        assertThat(Schedule.ipc(Schedule.MAX_STEPS).valueSteps()).isEqualTo(Schedule.MAX_STEPS);
        assertThat(((FaZilSchedule) Schedule.faZil(Schedule.MAX_STEPS, 0)).window()).isEqualTo(Schedule.MAX_STEPS);
        assertThat(((FaZilSchedule) Schedule.faZil(1, Schedule.MAX_STEPS)).extraSteps()).isEqualTo(Schedule.MAX_STEPS);
    }

    @Test
    void zilAndFaZilDefaultToInferenceRateOneAndPcAndIpcToATenth() {
        assertThat(Schedule.zil().defaultInferenceRate()).isEqualTo(1.0);
        assertThat(Schedule.faZil(4).defaultInferenceRate()).isEqualTo(1.0);
        assertThat(Schedule.pc(4).defaultInferenceRate()).isEqualTo(0.1);
        assertThat(Schedule.ipc(4).defaultInferenceRate()).isEqualTo(0.1);
    }

    @Test
    void onlyAnUntilConvergedScheduleHasAConvergenceTolerance() {
        assertThat(Schedule.pc(4).convergenceTolerance()).isZero();
        assertThat(Schedule.pc(4).untilConverged(1e-3).convergenceTolerance()).isEqualTo(1e-3);
        assertThat(Schedule.ipc(4).untilConverged(1e-4).convergenceTolerance()).isEqualTo(1e-4);
        assertThat(Schedule.zil().convergenceTolerance()).isZero();
        assertThat(Schedule.faZil(2).convergenceTolerance()).isZero();
    }

    @Test
    void eachScheduleNamesItsKindAndPrintsAsItIsWritten() {
        assertThat(Schedule.pc(20).kind()).isEqualTo(Schedule.Kind.PC);
        assertThat(Schedule.ipc(8).kind()).isEqualTo(Schedule.Kind.IPC);
        assertThat(Schedule.zil().kind()).isEqualTo(Schedule.Kind.ZIL);
        assertThat(Schedule.zil().withoutLevelling().kind()).isEqualTo(Schedule.Kind.ZIL);
        assertThat(Schedule.faZil(4).kind()).isEqualTo(Schedule.Kind.FA_ZIL);
        assertThat(Schedule.pc(20)).hasToString("pc(20)");
        assertThat(Schedule.pc(20).untilConverged(0.01)).hasToString("pc(20).untilConverged(0.01)");
        assertThat(Schedule.ipc(8)).hasToString("ipc(8)");
        assertThat(Schedule.zil()).hasToString("zil()");
        assertThat(Schedule.zil().withoutLevelling()).hasToString("zil(unlevelled)");
        assertThat(Schedule.faZil(4)).hasToString("faZil(4)");
        assertThat(Schedule.faZil(4, 2)).hasToString("faZil(4, +2)");
    }
}
