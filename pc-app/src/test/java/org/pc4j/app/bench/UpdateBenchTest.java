package org.pc4j.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's bookkeeping (not its speed): rows, schedules, sample counts and the derived PC step. */
class UpdateBenchTest {

    @Test
    void measuresEveryMethodOnEveryPairedBatchAfterTheWarmUpRound() {
        List<UpdateBench.Row> rows = UpdateBench.measure(3, 8, 16, 3, 2);
        assertThat(rows).extracting(UpdateBench.Row::method).containsExactly("bp", "zil", "ipc step", "pc", "pc step");
        assertThat(rows).extracting(UpdateBench.Row::schedule).containsExactly("net.fit", "zil()", "ipc(3)", "pc(20)", "pc(20) / 21");
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.samples()).isEqualTo(4); // 2 measured rounds of 2 batches
            assertThat(r.msPerUpdate()).isPositive();
        });
        assertThat(rows.get(0).ratioToBp()).isEqualTo(1.0);
        assertThat(rows.get(4).msPerUpdate()).isCloseTo(rows.get(3).msPerUpdate() / 21, within(1e-12));
    }

    @Test
    void deepNetworksGetEnoughStepsForTheErrorToReachEveryLayer() {
        List<UpdateBench.Row> rows = UpdateBench.measure(24, 4, 4, 2, 1);
        assertThat(rows.get(2).schedule()).isEqualTo("ipc(24)");
        assertThat(rows.get(3).schedule()).isEqualTo("pc(23)");
    }

    @Test
    void rejectsSettingsThatMeasureNothing() {
        assertThatThrownBy(() -> UpdateBench.measure(1, 8, 16, 3, 2)).hasMessageContaining("depth >= 2");
        assertThatThrownBy(() -> UpdateBench.measure(3, 8, 16, 1, 2)).hasMessageContaining("rounds >= 2");
    }
}
