package org.pc4j.trainers.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * {@link Parts} against its definition: every element of {@code [0, n)} is visited exactly once, in contiguous parts
 * of whole items; short loops are one part; long ones are split over the pool and the caller; a sum equals its parts'
 * sums added in order.
 */
class PartsTest {

    @Test
    void shortLoopsAreOnePartAndLongOnesAreSplitOverTheCores() {
        int cores = ForkJoinPool.getCommonPoolParallelism() + 1;
        assertThat(Parts.of(0)).isEqualTo(1);
        assertThat(Parts.of(64 * 64)).isEqualTo(1);
        assertThat(Parts.of(2L * Parts.MIN - 1)).isEqualTo(1);
        assertThat(Parts.of(2L * Parts.MIN)).isEqualTo(Math.min(cores, 2));
        assertThat(Parts.of(1L << 30)).isEqualTo(cores);
        assertThat(Parts.ofVectorised(2L * Parts.MIN_VECTORISED - 1)).as("vectorised, just short").isEqualTo(1);
        assertThat(Parts.ofVectorised(2L * Parts.MIN_VECTORISED)).isEqualTo(Math.min(cores, 2));
        assertThat(Parts.ofVectorised(55_050)).as("the small MLP's Adam block").isEqualTo(Math.min(cores, 3));
    }

    @Test
    void aVectorisedLoopVisitsEveryElementOnceInItsParts() {
        for (int n : new int[] {0, 1, 2 * Parts.MIN_VECTORISED - 1, 2 * Parts.MIN_VECTORISED + 5, 55_050}) {
            AtomicIntegerArray seen = new AtomicIntegerArray(n);
            java.util.concurrent.atomic.AtomicInteger parts = new java.util.concurrent.atomic.AtomicInteger();
            Parts.runVectorised(n, (from, to) -> {
                parts.incrementAndGet();
                for (int i = from; i < to; i++) {
                    seen.incrementAndGet(i);
                }
            });
            for (int i = 0; i < n; i++) {
                assertThat(seen.get(i)).as("n %d, element %d", n, i).isEqualTo(1);
            }
            assertThat(parts.get()).as("n %d", n).isEqualTo(Parts.ofVectorised(n));
        }
    }

    @Test
    void everyElementIsVisitedExactlyOnceInWholeItems() {
        for (int n : new int[] {0, 1, 7, 2 * Parts.MIN + 3, 5 * Parts.MIN + 1}) {
            AtomicIntegerArray seen = new AtomicIntegerArray(n);
            Parts.run(n, (from, to) -> {
                for (int i = from; i < to; i++) {
                    seen.incrementAndGet(i);
                }
            });
            for (int i = 0; i < n; i++) {
                assertThat(seen.get(i)).as("n %d, element %d", n, i).isEqualTo(1);
            }
        }
        int rows = 3;
        int width = Parts.MIN; // 3 rows of 65,536: more than one part, each a whole number of rows
        AtomicIntegerArray seen = new AtomicIntegerArray(rows);
        Parts.run(rows, width, (from, to) -> {
            assertThat(from).isLessThan(to);
            for (int i = from; i < to; i++) {
                seen.incrementAndGet(i);
            }
        });
        for (int i = 0; i < rows; i++) {
            assertThat(seen.get(i)).isEqualTo(1);
        }
    }

    @Test
    void aSumIsItsPartsSumsAddedInOrder() {
        int n = 3 * Parts.MIN + 5;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Math.sin(i) * 1e3 + 1e-3 * i;
        }
        int parts = Parts.of(n);
        double expected = 0;
        for (int p = 0; p < parts; p++) {
            double part = 0;
            for (int i = (int) ((long) n * p / parts); i < (int) ((long) n * (p + 1) / parts); i++) {
                part += x[i];
            }
            expected += part;
        }
        double sum = Parts.sum(n, (from, to) -> {
            double part = 0;
            for (int i = from; i < to; i++) {
                part += x[i];
            }
            return part;
        });
        assertThat(sum).isEqualTo(expected);
        assertThat(Parts.sum(0, (from, to) -> 1.0)).as("an empty loop is one call of the body").isEqualTo(1.0);
    }
}
