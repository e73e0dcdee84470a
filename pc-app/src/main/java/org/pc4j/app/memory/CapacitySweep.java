package org.pc4j.app.memory;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Capacity: the images a method retrieves against the number stored, N, and (for the methods that have one) the
 * network's width n, as the thesis charts it (ch. 4, Fig. 4.3-4.4). Each point stores the first N patterns in a fresh
 * method of width n and recalls them from the run's keys ({@link MemoryExperiment}: the same keys, seeds and
 * criteria as the main table), so a point costs one full store and one recall per key.
 */
public final class CapacitySweep {

    /**
     * One stored-and-recalled configuration.
     *
     * @param method                    the method's name
     * @param width                     the network's width n (0 for a method without one)
     * @param images                    N, the images stored
     * @param key                       the key's name
     * @param retrieved                 images within the key's criterion
     * @param meanMse                   their mean MSE
     * @param storeSeconds              wall time to store the N images
     * @param recallSecondsPerIteration recall wall time per iteration (PC: per inference step)
     */
    public record Point(String method, int width, int images, String key, int retrieved, double meanMse,
                        double storeSeconds, double recallSecondsPerIteration) {
    }

    /** A method of the sweep: made fresh for each point. */
    public record Entry(String method, boolean hasWidth, IntFunction<MemoryMethod> make) {
    }

    private CapacitySweep() {
    }

    /**
     * @param patterns all patterns, {@code [M, d]}; the sweep stores its first N rows
     * @param counts   the N's, each in 1..M
     * @param widths   the widths, each >= 1 (a method without a width runs once per N)
     * @throws IllegalArgumentException if a count exceeds the patterns or is below 1, or a width is below 1
     */
    public static List<Point> measure(INDArray patterns, int channels, int height, int width, List<Entry> entries,
                                      List<MemoryKey> keys, int[] counts, int[] widths, long seed, PrintWriter log) {
        for (int n : counts) {
            if (n < 1 || n > patterns.size(0)) {
                throw new IllegalArgumentException("capacity counts must be in 1.." + patterns.size(0) + " (the images available), got " + n);
            }
        }
        for (int w : widths) {
            if (w < 1) {
                throw new IllegalArgumentException("capacity widths must be >= 1, got " + w);
            }
        }
        List<Point> points = new ArrayList<>();
        for (Entry entry : entries) {
            int[] ws = entry.hasWidth() ? widths : new int[] {0};
            for (int w : ws) {
                for (int n : counts) {
                    log.printf("capacity: %s%s, N = %d%n", entry.method(), entry.hasWidth() ? " width " + w : "", n);
                    INDArray first = patterns.get(NDArrayIndex.interval(0, n), NDArrayIndex.all()).dup();
                    MemoryExperiment.Outcome outcome = new MemoryExperiment(first, channels, height, width, seed)
                            .run(List.of(entry.make().apply(w)), keys, log);
                    for (MemoryResult.Row row : outcome.rows()) {
                        points.add(new Point(row.method(), w, n, row.key(), row.retrieved(), row.meanMse(), row.storeSeconds(),
                                row.recallSecondsPerIteration()));
                    }
                }
            }
        }
        return points;
    }
}
