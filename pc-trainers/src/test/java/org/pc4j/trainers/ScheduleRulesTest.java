package org.pc4j.trainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The schedules' explicit answers, from their definitions: when the output error reaches a layer (its level where
 * messages are delayed, else its shortest distance), the one minimum-steps rule (PC reads after T steps: T >= the
 * farthest arrival; iPC reads at steps 0..T-1: T > it), and the bounds on T.
 */
class ScheduleRulesTest {

    @Test
    void theErrorArrivesAtTheLevelWhereMessagesAreDelayedAndAtTheShortestDistanceElsewhere() {
        assertThat(Schedule.zil().arrivalStep(5, 2)).isEqualTo(5);
        assertThat(Schedule.faZil(4).arrivalStep(5, 2)).isEqualTo(5);
        assertThat(Schedule.zil().withoutLevelling().arrivalStep(5, 2)).isEqualTo(2);
        assertThat(Schedule.pc(3).arrivalStep(5, 2)).isEqualTo(2);
        assertThat(Schedule.ipc(3).arrivalStep(5, 2)).isEqualTo(2);
    }

    @Test
    void pcNeedsAsManyStepsAsTheFarthestArrivalAndIpcOneMore() {
        assertThat(Schedule.pc(1).minimumSteps(3)).isEqualTo(3);
        assertThat(Schedule.pc(1).minimumSteps(0)).as("at least one step").isEqualTo(1);
        assertThat(Schedule.ipc(1).minimumSteps(3)).isEqualTo(4);
        assertThat(Schedule.ipc(1).minimumSteps(0)).isEqualTo(1);
        assertThat(Schedule.zil().minimumSteps(7)).isEqualTo(1);
        assertThat(Schedule.faZil(2).minimumSteps(7)).isEqualTo(1);
    }

    @Test
    void onlyZilComputesEachLayerOnceAndOnlyZilLearnsNoVariances() {
        for (Schedule s : new Schedule[] {Schedule.pc(2), Schedule.ipc(2), Schedule.faZil(2)}) {
            assertThat(s.computesEachLayerOnce()).as("%s", s).isFalse();
            assertThat(s.learnsVariances()).as("%s", s).isTrue();
        }
        assertThat(Schedule.zil().computesEachLayerOnce()).isTrue();
        assertThat(Schedule.zil().learnsVariances()).isFalse();
    }

    @Test
    void stepCountsOutsideOneToMaxStepsAreRefused() {
        assertThatThrownBy(() -> Schedule.pc(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pc(T)");
        assertThatThrownBy(() -> Schedule.ipc(Schedule.MAX_STEPS + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Schedule.faZil(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Schedule.faZil(1, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Schedule.pc(Schedule.MAX_STEPS).steps(3)).isEqualTo(Schedule.MAX_STEPS + 1);
        assertThatThrownBy(() -> Schedule.pc(Schedule.MAX_STEPS + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Schedule.ipc(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ipc(T)");
        assertThatThrownBy(() -> Schedule.faZil(Schedule.MAX_STEPS + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Schedule.faZil(1, Schedule.MAX_STEPS + 1)).isInstanceOf(IllegalArgumentException.class);
        // the bounds themselves are accepted
        assertThat(Schedule.pc(1).steps(3)).isEqualTo(2);
        assertThat(Schedule.ipc(1).steps(3)).isEqualTo(1);
        assertThat(Schedule.ipc(Schedule.MAX_STEPS).steps(3)).isEqualTo(Schedule.MAX_STEPS);
        assertThat(Schedule.faZil(1).steps(3)).isEqualTo(3);
        assertThat(Schedule.faZil(Schedule.MAX_STEPS, 0).steps(3)).isEqualTo(3);
        assertThat(Schedule.faZil(1, Schedule.MAX_STEPS).steps(3)).isEqualTo(3 + Schedule.MAX_STEPS);
    }

    @Test
    void eachScheduleNamesItsKindAndPrintsAsItIsWritten() {
        assertThat(Schedule.pc(20).kind()).isEqualTo(Schedule.Kind.PC);
        assertThat(Schedule.ipc(8).kind()).isEqualTo(Schedule.Kind.IPC);
        assertThat(Schedule.zil().kind()).isEqualTo(Schedule.Kind.ZIL);
        assertThat(Schedule.zil().withoutLevelling().kind()).isEqualTo(Schedule.Kind.ZIL);
        assertThat(Schedule.faZil(4).kind()).isEqualTo(Schedule.Kind.FA_ZIL);
        assertThat(Schedule.pc(20)).hasToString("pc(20)");
        assertThat(Schedule.ipc(8)).hasToString("ipc(8)");
        assertThat(Schedule.zil()).hasToString("zil()");
        assertThat(Schedule.zil().withoutLevelling()).hasToString("zil(unlevelled)");
        assertThat(Schedule.faZil(4)).hasToString("faZil(4)");
        assertThat(Schedule.faZil(4, 2)).hasToString("faZil(4, +2)");
    }
}
