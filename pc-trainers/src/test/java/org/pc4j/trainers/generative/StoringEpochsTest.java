package org.pc4j.trainers.generative;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pc4j.trainers.DivergenceException;

/**
 * The storing rule on scripted energies, where the expected outcome is read off the script: the lowest epoch is kept,
 * a patience of p stops p epochs after the last new low, the budget ends a run without a stop, a first epoch that
 * diverges is rethrown and a later one ends storing with the best kept.
 */
class StoringEpochsTest {

    /** Runs the rule on {@code energies} (NaN: the epoch diverges), logging snapshot (s), epoch (e) and keep (k) calls. */
    private static StoreResult run(double[] energies, int budget, int patience, List<String> log) {
        int[] next = {0};
        return StoringEpochs.run(budget, patience, System.nanoTime(), () -> log.add("s"), () -> {
            double e = energies[next[0]++];
            if (Double.isNaN(e)) {
                throw new DivergenceException("scripted", 0);
            }
            log.add("e");
            return e;
        }, () -> log.add("k"));
    }

    @Test
    void theLowestEpochIsKeptAndThePatienceStopsAfterTheLastNewLow() {
        List<String> log = new ArrayList<>();
        StoreResult r = run(new double[] {5, 3, 4, 2, 6, 7, 8, 1}, 8, 3, log);
        assertThat(r.bestEpoch()).isEqualTo(3);
        assertThat(r.bestEnergy()).isEqualTo(2.0);
        assertThat(r.stop()).isEqualTo(StoreResult.Stop.PATIENCE);
        assertThat(r.epochs()).as("epochs 4, 5 and 6 without a new low").isEqualTo(7);
        assertThat(r.energies()).containsExactly(5, 3, 4, 2, 6, 7, 8);
        assertThat(String.join("", log)).as("a snapshot before every epoch, a keep after each new low")
                .isEqualTo("sek" + "sek" + "se" + "sek" + "se" + "se" + "se");
    }

    @Test
    void theBudgetEndsARunThatKeepsFalling() {
        StoreResult r = run(new double[] {3, 2, 1}, 3, 1, new ArrayList<>());
        assertThat(r.stop()).isEqualTo(StoreResult.Stop.BUDGET);
        assertThat(r.bestEpoch()).isEqualTo(2);
        assertThat(r.epochs()).isEqualTo(3);
    }

    @Test
    void aFirstEpochThatDivergesIsRethrownAndALaterOneEndsStoringWithTheBestKept() {
        assertThatThrownBy(() -> run(new double[] {Double.NaN}, 5, 2, new ArrayList<>())).isInstanceOf(DivergenceException.class);
        StoreResult r = run(new double[] {4, 1, 3, Double.NaN, 0}, 5, 10, new ArrayList<>());
        assertThat(r.stop()).isEqualTo(StoreResult.Stop.DIVERGED);
        assertThat(r.epochs()).isEqualTo(3);
        assertThat(r.bestEpoch()).isEqualTo(1);
        assertThatThrownBy(() -> StoringEpochs.run(0, 1, 0, () -> { }, () -> 0, () -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
