package org.pc4j.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The graph bench measures both paths on graphs that agree, and refuses arguments it cannot measure before any work. */
class GraphBenchTest {

    @Test
    void measuresBothPathsAndTheProductsOnGraphsThatEndWithTheSameWeights() {
        GraphBench.Result r = GraphBench.run(40, 4, 3, 5, 3, 7);
        assertThat(r.rounds()).isEqualTo(2);
        assertThat(r.rows()).extracting(GraphBench.Row::what).containsExactly("training batch", "query step");
        for (GraphBench.Row row : r.rows()) {
            assertThat(row.generalMs()).isPositive().isBetween(row.generalMin(), row.generalMax());
            assertThat(row.kernelMs()).isPositive().isBetween(row.kernelMin(), row.kernelMax());
            assertThat(row.productsMs()).isPositive();
        }
        GraphBench.Row train = r.rows().get(0);
        GraphBench.Row step = r.rows().get(1);
        assertThat(train.productsMs() / step.productsMs()).as("(2T + 2) products against 2").isCloseTo(4.0, org.assertj.core.data.Offset.offset(1e-9));
        // float32 on both paths, 3 Adam steps of 1e-4 on weights of about 0.16: rounding moves them by about 1e-7
        assertThat(r.weightDifference()).as("the paths' weights after the run").isLessThan(1e-5);
    }

    @Test
    void argumentsItCannotMeasureAreRefusedBeforeAnyWork() {
        assertThatThrownBy(() -> GraphBench.requireValid(10, 4, 3)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(">= 20 neurons");
        assertThatThrownBy(() -> GraphBench.requireValid(40, 4, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rounds");
        assertThatThrownBy(() -> GraphBench.requireValid(40, 0, 3)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batch");
        assertThatThrownBy(() -> GraphBench.requireValid(3_000_000, 4, 3)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GB");
    }
}
