package org.pc4j.trainers.engine.inference;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pc4j.trainers.Schedule;

/**
 * The engine's step questions, answered from the schedules' definitions (docs/algorithms.md §3): the steps per batch,
 * when the output error reaches a layer (its level where messages are delayed, else its shortest distance), the one
 * minimum-steps rule (PC reads after T steps: T >= the farthest arrival; iPC reads at steps 0..T-1: T > it), which
 * layers Z-IL computes, what each step reads, and when weights move.
 */
class StepRulesTest {

    @Test
    void pcRunsOneStepMoreThanItsValueStepsIpcItsStepsAndZilAndFaZilTheDepth() {
        assertThat(StepRules.steps(Schedule.pc(1), 3)).isEqualTo(2);
        assertThat(StepRules.steps(Schedule.pc(Schedule.MAX_STEPS), 3)).isEqualTo(Schedule.MAX_STEPS + 1);
        assertThat(StepRules.steps(Schedule.ipc(1), 3)).isEqualTo(1);
        assertThat(StepRules.steps(Schedule.ipc(7), 3)).isEqualTo(7);
        assertThat(StepRules.steps(Schedule.zil(), 5)).isEqualTo(5);
        assertThat(StepRules.steps(Schedule.faZil(1), 3)).isEqualTo(3);
        assertThat(StepRules.steps(Schedule.faZil(1, Schedule.MAX_STEPS), 3)).isEqualTo(3 + Schedule.MAX_STEPS);
    }

    @Test
    void theErrorArrivesAtTheLevelWhereMessagesAreDelayedAndAtTheShortestDistanceElsewhere() {
        assertThat(StepRules.arrivalStep(Schedule.zil(), 5, 2)).isEqualTo(5);
        assertThat(StepRules.arrivalStep(Schedule.faZil(4), 5, 2)).isEqualTo(5);
        assertThat(StepRules.arrivalStep(Schedule.zil().withoutLevelling(), 5, 2)).isEqualTo(2);
        assertThat(StepRules.arrivalStep(Schedule.pc(3), 5, 2)).isEqualTo(2);
        assertThat(StepRules.arrivalStep(Schedule.ipc(3), 5, 2)).isEqualTo(2);
        assertThat(StepRules.delaysMessages(Schedule.zil())).isTrue();
        assertThat(StepRules.delaysMessages(Schedule.zil().withoutLevelling())).isFalse();
    }

    @Test
    void pcNeedsAsManyStepsAsTheFarthestArrivalAndIpcOneMore() {
        assertThat(StepRules.minimumSteps(Schedule.pc(1), 3)).isEqualTo(3);
        assertThat(StepRules.minimumSteps(Schedule.pc(1), 0)).as("at least one step").isEqualTo(1);
        assertThat(StepRules.minimumSteps(Schedule.ipc(1), 3)).isEqualTo(4);
        assertThat(StepRules.minimumSteps(Schedule.ipc(1), 0)).isEqualTo(1);
        assertThat(StepRules.minimumSteps(Schedule.zil(), 7)).isEqualTo(1);
        assertThat(StepRules.minimumSteps(Schedule.faZil(2), 7)).isEqualTo(1);
    }

    @Test
    void onlyZilComputesEachLayerOnceAndOnlyZilLearnsNoVariancesAndOnlyPcAndIpcLearnFromTheRelaxedState() {
        for (Schedule s : new Schedule[] {Schedule.pc(2), Schedule.ipc(2), Schedule.faZil(2)}) {
            assertThat(StepRules.computesEachLayerOnce(s)).as("%s", s).isFalse();
            assertThat(StepRules.learnsVariances(s)).as("%s", s).isTrue();
        }
        assertThat(StepRules.computesEachLayerOnce(Schedule.zil())).isTrue();
        assertThat(StepRules.learnsVariances(Schedule.zil())).isFalse();
        assertThat(StepRules.learnsFromRelaxedState(Schedule.pc(2))).isTrue();
        assertThat(StepRules.learnsFromRelaxedState(Schedule.ipc(2))).isTrue();
        assertThat(StepRules.learnsFromRelaxedState(Schedule.zil())).isFalse();
        assertThat(StepRules.learnsFromRelaxedState(Schedule.faZil(2))).isFalse();
    }

    @Test
    void zilComputesOnlyLevelsTheWavefrontHasNotPassedAndReadsEachAtItsLevel() {
        for (int level = 0; level < 4; level++) {
            for (int e = 0; e < 4; e++) {
                assertThat(StepRules.computes(Schedule.zil(), level, e)).isEqualTo(level >= e);
                assertThat(StepRules.computes(Schedule.pc(3), level, e)).isTrue();
                assertThat(StepRules.computes(Schedule.faZil(3), level, e)).isTrue();
                assertThat(StepRules.readout(Schedule.zil(), level, e, 4))
                        .isEqualTo(level == e ? StepRules.Readout.FULL : StepRules.Readout.NONE);
                assertThat(StepRules.readout(Schedule.pc(3), level, e, 4))
                        .isEqualTo(e == 3 ? StepRules.Readout.FULL : StepRules.Readout.NONE);
                assertThat(StepRules.readout(Schedule.ipc(4), level, e, 4)).isEqualTo(StepRules.Readout.FULL);
                assertThat(StepRules.readout(Schedule.faZil(2), level, e, 4)).isEqualTo(StepRules.Readout.GATED);
            }
        }
    }

    @Test
    void ipcUpdatesAfterEveryStepAndTheOthersAfterTheLast() {
        for (int e = 0; e < 4; e++) {
            assertThat(StepRules.updatesWeightsAfter(Schedule.ipc(4), e, 4)).isTrue();
            assertThat(StepRules.updatesWeightsAfter(Schedule.pc(3), e, 4)).isEqualTo(e == 3);
            assertThat(StepRules.updatesWeightsAfter(Schedule.zil(), e, 4)).isEqualTo(e == 3);
            assertThat(StepRules.updatesWeightsAfter(Schedule.faZil(2), e, 4)).isEqualTo(e == 3);
        }
    }
}
