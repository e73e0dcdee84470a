package org.pc4j.trainers.engine.inference;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import org.pc4j.trainers.Schedule;

/**
 * Each schedule resolved for a network of depth 4, as a whole table, against the definitions (docs/algorithms.md §3):
 * PC(T) reads every layer after T value steps and updates once; iPC(T) reads and updates at every one of its T steps;
 * Z-IL reads the layer at level t at step t, computes only levels >= t, and moves a node only while the layer above it
 * is computed; Fa-Z-IL reads gated at every step. Z-IL alone uses one memory scope per batch and learns no variances.
 */
class PlanTest {

    private static final int DEPTH = 4;

    private static Plan plan(Schedule s) {
        return Plan.of(s, DEPTH, true, false);
    }

    @Test
    void pcReadsEveryLayerOnlyAtItsLastStepAndMovesValuesBeforeIt() {
        Plan p = plan(Schedule.pc(3));
        assertThat(p.steps()).isEqualTo(4);
        for (int e = 0; e < 4; e++) {
            for (int level = 0; level < DEPTH; level++) {
                assertThat(p.readout(level, e)).isEqualTo(e == 3 ? StepRules.Readout.FULL : StepRules.Readout.NONE);
                assertThat(p.computes(level, e)).isTrue();
                assertThat(p.moves(level, e)).isEqualTo(e < 3);
            }
            assertThat(p.updatesWeightsAfter(e)).isEqualTo(e == 3);
            assertThat(p.updatesWithinLoop(e)).isEqualTo(e == 3);
            assertThat(p.movesValues(e)).isEqualTo(e < 3);
        }
        assertThat(p.batchScope()).isFalse();
        assertThat(p.stableActivations()).isFalse();
        assertThat(p.hiddenEnergies()).as("the guard reads them").isTrue();
        assertThat(p.learnsVariances()).isTrue();
    }

    @Test
    void ipcReadsAndUpdatesAtEveryStep() {
        Plan p = plan(Schedule.ipc(5));
        assertThat(p.steps()).isEqualTo(5);
        for (int e = 0; e < 5; e++) {
            assertThat(p.readout(2, e)).isEqualTo(StepRules.Readout.FULL);
            assertThat(p.updatesWithinLoop(e)).isTrue();
            assertThat(p.movesValues(e)).isEqualTo(e < 4);
        }
    }

    @Test
    void zilReadsTheDiagonalComputesOnlyBelowTheWavefrontAndUsesOneScope() {
        Plan p = plan(Schedule.zil());
        assertThat(p.steps()).isEqualTo(DEPTH);
        for (int e = 0; e < DEPTH; e++) {
            for (int level = 0; level < DEPTH; level++) {
                assertThat(p.readout(level, e)).as("level %d step %d", level, e).isEqualTo(level == e ? StepRules.Readout.FULL : StepRules.Readout.NONE);
                assertThat(p.computes(level, e)).isEqualTo(level >= e);
                // a node at level l moves after step e while its consumer (level l - 1) is computed: l - 1 >= e
                assertThat(p.moves(level, e)).isEqualTo(e < DEPTH - 1 && level - 1 >= e);
            }
            assertThat(p.updatesWeightsAfter(e)).isEqualTo(e == DEPTH - 1);
            assertThat(p.updatesWithinLoop(e)).as("applied after the batch scope closes").isFalse();
        }
        assertThat(p.batchScope()).isTrue();
        assertThat(p.stableActivations()).isTrue();
        assertThat(p.hiddenEnergies()).as("nothing reads them without a trace").isFalse();
        assertThat(Plan.of(Schedule.zil(), DEPTH, true, true).hiddenEnergies()).as("a trace reads them").isTrue();
        assertThat(p.learnsVariances()).isFalse();
    }

    @Test
    void faZilReadsGatedAtEveryStepOverItsDepthPlusExtraSteps() {
        Plan p = plan(Schedule.faZil(4, 2));
        assertThat(p.steps()).isEqualTo(DEPTH + 2);
        for (int e = 0; e < p.steps(); e++) {
            assertThat(p.readout(1, e)).isEqualTo(StepRules.Readout.GATED);
            assertThat(p.updatesWeightsAfter(e)).isEqualTo(e == p.steps() - 1);
        }
        assertThat(p.batchScope()).isFalse();
        assertThat(p.hiddenEnergies()).isFalse();
    }

    @Test
    void withoutWorkspacesActivationsOutliveTheirStep() {
        assertThat(Plan.of(Schedule.pc(3), DEPTH, false, false).stableActivations()).isTrue();
    }
}
