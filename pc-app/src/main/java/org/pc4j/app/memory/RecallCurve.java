package org.pc4j.app.memory;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.pc4j.trainers.generative.AssociativeMemory;
import org.pc4j.trainers.generative.MemoryConfig;
import org.pc4j.trainers.generative.Recall;

/**
 * The images a stored generative PC network recalls from partial keys against the recall budget: for each budget
 * {@code T}, one recall of exactly {@code T} inference steps (no early stop) from the same keys, scored at the key's
 * criterion, with its wall time. Each budget is a fresh recall from the prior, so the curve costs the sum of its
 * budgets.
 */
public final class RecallCurve {

    /**
     * One point of the curve.
     *
     * @param key       the key's name
     * @param steps     the recall's inference steps
     * @param retrieved images within the key's criterion
     * @param of        images recalled
     * @param meanMse   mean MSE over them
     * @param seconds   the recall's wall time
     */
    public record Point(String key, int steps, int retrieved, int of, double meanMse, double seconds) {
    }

    private RecallCurve() {
    }

    /**
     * @param memory   the stored memory
     * @param patterns the stored patterns, {@code [N, d]}
     * @param keys     the run's keys; the curve covers its partial ones, each drawn as {@link MemoryExperiment} draws it
     * @param budgets  recall steps, each >= 1
     * @throws IllegalArgumentException if a budget is below 1
     */
    public static List<Point> measure(AssociativeMemory memory, INDArray patterns, int channels, int height, int width,
                                      List<MemoryKey> keys, int[] budgets, long seed, PrintWriter log) {
        for (int steps : budgets) {
            if (steps < 1) {
                throw new IllegalArgumentException("recall budgets must be >= 1 step, got " + steps);
            }
        }
        List<Point> points = new ArrayList<>();
        for (int k = 0; k < keys.size(); k++) {
            MemoryKey key = keys.get(k);
            if (key.kind() != MemoryKey.Kind.KEEP) {
                continue;
            }
            INDArray known = key.known(patterns, channels, height, width);
            INDArray keyArray = key.keys(patterns, known, MemoryExperiment.keySeed(seed, k));
            for (int steps : budgets) {
                MemoryConfig config = memory.config().toBuilder().recallSteps(steps).recallTolerance(0).build();
                AssociativeMemory budgeted = new AssociativeMemory(memory.network(), config);
                long t0 = System.nanoTime();
                Recall r = budgeted.complete(keyArray, known);
                double seconds = (System.nanoTime() - t0) / 1e9;
                MemoryExperiment.Score score = MemoryExperiment.score(r.patterns(), patterns, key.threshold());
                points.add(new Point(key.toString(), steps, score.retrieved(), (int) patterns.size(0), score.meanMse(), seconds));
                log.printf(Locale.ROOT, "  curve    %-10s %5d steps: retrieved %d/%d, mean MSE %.5f, %.2f s%n", key, steps,
                        score.retrieved(), patterns.size(0), score.meanMse(), seconds);
                log.flush();
            }
        }
        return points;
    }
}
