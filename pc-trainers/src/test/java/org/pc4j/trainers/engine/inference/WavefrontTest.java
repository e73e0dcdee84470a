package org.pc4j.trainers.engine.inference;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The wavefront's bookkeeping, from its definition: a layer is active iff its level is computed and its error may be
 * non-zero (an output, a stale prediction, or a node off its prediction); an active layer needs a forward pass iff it
 * is stale or not cached; a computed layer is fresh and cached, and records the step if its prediction changed.
 */
class WavefrontTest {

    @Test
    void aFreshHiddenLayerAtItsPredictionIsInactiveAndAnOutputIsAlwaysActiveWhereComputed() {
        Wavefront w = new Wavefront(2);
        w.initialised(0);
        w.initialised(1);
        w.mark(0, true, false, true);
        w.mark(1, true, true, true);
        assertThat(w.active(0)).isFalse();
        assertThat(w.active(1)).isTrue();
        w.mark(1, false, true, true);
        assertThat(w.active(1)).as("not computed at this step").isFalse();
    }

    @Test
    void aNodeOffItsPredictionOrAStalePredictionMakesTheLayerActive() {
        Wavefront w = new Wavefront(2);
        w.initialised(0);
        w.initialised(1);
        w.mark(0, true, false, false);
        assertThat(w.active(0)).isTrue();
        assertThat(w.needsForward(0)).as("cached and fresh: no forward pass").isFalse();
        w.inputChanged(1);
        w.mark(1, true, false, true);
        assertThat(w.active(1)).isTrue();
        assertThat(w.stale(1)).isTrue();
        assertThat(w.cached(1)).isFalse();
        assertThat(w.needsForward(1)).isTrue();
        w.mark(1, false, false, true);
        assertThat(w.needsForward(1)).as("inactive layers are not computed").isFalse();
    }

    @Test
    void computingAStaleLayerRecordsTheStepAndMarksAnOutputsEnergyStaleOnce() {
        Wavefront w = new Wavefront(2);
        w.initialised(0);
        w.initialised(1);
        w.inputChanged(1);
        w.computed(1, 3, true);
        assertThat(w.stale(1)).isFalse();
        assertThat(w.cached(1)).isTrue();
        assertThat(w.predictionChangedAt(1, 3)).isTrue();
        assertThat(w.predictionChangedAt(1, 2)).isFalse();
        assertThat(w.takeOutputEnergyStale(1)).isTrue();
        assertThat(w.takeOutputEnergyStale(1)).as("taken").isFalse();
        w.computed(0, 4, false);
        assertThat(w.predictionChangedAt(0, 4)).as("a fresh layer's prediction did not change").isFalse();
        assertThat(w.takeOutputEnergyStale(0)).isFalse();
    }

    @Test
    void aRefreshOfAFreshOutputDoesNotMakeItsEnergyStaleAndAHiddenLayerNeverHasAnOutputEnergy() {
        Wavefront w = new Wavefront(2);
        w.initialised(1);
        w.cacheConsumed(1);
        assertThat(w.cached(1)).isFalse();
        w.computed(1, 1, true);
        assertThat(w.takeOutputEnergyStale(1)).isFalse();
        w.inputChanged(0);
        w.computed(0, 1, false);
        assertThat(w.takeOutputEnergyStale(0)).isFalse();
    }

    @Test
    void droppingCachesLeavesPredictionsFreshButEveryLayerUncached() {
        Wavefront w = new Wavefront(3);
        for (int k = 0; k < 3; k++) {
            w.initialised(k);
        }
        w.dropCaches();
        for (int k = 0; k < 3; k++) {
            assertThat(w.cached(k)).isFalse();
            assertThat(w.stale(k)).isFalse();
            w.mark(k, true, false, false);
            assertThat(w.needsForward(k)).isTrue();
        }
        assertThat(w.predictionChangedAt(0, -1)).as("never changed: -1").isTrue();
    }
}
