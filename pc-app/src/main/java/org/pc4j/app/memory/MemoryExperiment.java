package org.pc4j.app.memory;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Stores the same N images in every method and recalls them from the same keys, scoring each recall at the key's
 * criterion ({@link MemoryKey#threshold}) against what the method stores ({@link MemoryMethod#target}).
 */
public final class MemoryExperiment {

    /** Images shown per grid. */
    public static final int GRID_ROWS = 8;

    private final INDArray patterns;
    private final int channels;
    private final int height;
    private final int width;
    private final long seed;

    /** @param patterns {@code [N, channels * height * width]} in [0, 1] */
    public MemoryExperiment(INDArray patterns, int channels, int height, int width, long seed) {
        if (patterns.rank() != 2 || patterns.size(1) != (long) channels * height * width) {
            throw new IllegalArgumentException("patterns must be [N, " + channels * height * width + "]");
        }
        this.patterns = patterns;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.seed = seed;
    }

    /** What the run produced. */
    public record Outcome(List<MemoryResult.Method> methods, List<MemoryResult.Row> rows, List<MemoryResult.Grid> grids) {
    }

    /** Runs every method on every key, logging a line as each store and each recall ends. */
    public Outcome run(List<MemoryMethod> methods, List<MemoryKey> keys, PrintWriter log) {
        return run(methods, keys, log, (m, stored) -> { });
    }

    /**
     * As {@link #run(List, List, PrintWriter)}, calling {@code afterStore} with each method as soon as it has stored
     * (before its recalls) and what its storing measured: where a run saves what was stored, a later failure does not lose it.
     */
    public Outcome run(List<MemoryMethod> methods, List<MemoryKey> keys, PrintWriter log,
                       java.util.function.BiConsumer<MemoryMethod, MemoryResult.Method> afterStore) {
        List<MemoryResult.Method> described = new ArrayList<>();
        List<MemoryResult.Row> rows = new ArrayList<>();
        int n = (int) patterns.size(0);
        int shown = Math.min(GRID_ROWS, n);
        List<INDArray> keyArrays = new ArrayList<>();
        List<INDArray> masks = new ArrayList<>();
        List<List<INDArray>> recalls = new ArrayList<>();
        List<List<INDArray>> errors = new ArrayList<>();
        for (int k = 0; k < keys.size(); k++) {
            INDArray known = keys.get(k).known(patterns, channels, height, width);
            masks.add(known);
            keyArrays.add(keys.get(k).keys(patterns, known, keySeed(seed, k)));
            recalls.add(new ArrayList<>());
            errors.add(new ArrayList<>());
        }
        for (MemoryMethod method : methods) {
            log.println("storing " + n + " images: " + method.description());
            log.flush();
            long t0 = System.nanoTime();
            method.store(patterns);
            double storeSeconds = (System.nanoTime() - t0) / 1e9;
            java.util.OptionalDouble energy = method.storeEnergy();
            MemoryResult.Method stored = new MemoryResult.Method(method.name(), method.description(), storeSeconds,
                    energy.isPresent() ? energy.getAsDouble() : null);
            described.add(stored);
            afterStore.accept(method, stored);
            INDArray target = method.target(patterns);
            for (int k = 0; k < keys.size(); k++) {
                MemoryKey key = keys.get(k);
                if (key.startsAtStored() && !method.startsAnywhere()) {
                    log.printf(Locale.ROOT, "  %-8s %-10s skipped: its recall has no start to set%n", method.name(), key);
                    recalls.get(k).add(null);
                    errors.get(k).add(null);
                    continue;
                }
                long t1 = System.nanoTime();
                MemoryMethod.Recalled r = key.startsAtStored() ? method.completeFromStored(keyArrays.get(k), masks.get(k), patterns)
                        : key.partial() ? method.complete(keyArrays.get(k), masks.get(k)) : method.denoise(keyArrays.get(k));
                double seconds = (System.nanoTime() - t1) / 1e9;
                Score score = score(r.patterns(), target, key.threshold());
                rows.add(new MemoryResult.Row(method.name(), key.toString(), score.retrieved(), n, score.meanMse(),
                        key.threshold(), storeSeconds, seconds, r.iterations(), seconds / Math.max(1, r.iterations())));
                log.printf(Locale.ROOT, "  %-8s %-10s retrieved %d/%d, mean MSE %.5f, %d iterations, %.2f s%n",
                        method.name(), key, score.retrieved(), n, score.meanMse(), r.iterations(), seconds);
                log.flush();
                INDArray recalled = r.patterns().get(NDArrayIndex.interval(0, shown), NDArrayIndex.all());
                recalls.get(k).add(recalled);
                errors.get(k).add(Transforms.abs(recalled.sub(target.get(NDArrayIndex.interval(0, shown), NDArrayIndex.all()))));
            }
        }
        List<MemoryResult.Grid> grids = new ArrayList<>();
        for (int k = 0; k < keys.size(); k++) {
            List<String> columns = new ArrayList<>(List.of("original", "key"));
            List<INDArray> arrays = new ArrayList<>(List.of(patterns, shownKey(keyArrays.get(k), masks.get(k), keys.get(k))));
            for (int m = 0; m < methods.size(); m++) {
                if (recalls.get(k).get(m) == null) {
                    continue;
                }
                columns.add(methods.get(m).name());
                arrays.add(recalls.get(k).get(m));
                columns.add(methods.get(m).name() + " |error|");
                arrays.add(errors.get(k).get(m));
            }
            float[][][] cells = new float[shown][columns.size()][];
            for (int i = 0; i < shown; i++) {
                for (int c = 0; c < columns.size(); c++) {
                    cells[i][c] = arrays.get(c).getRow(i).dup().castTo(DataType.FLOAT).toFloatVector();
                }
            }
            grids.add(new MemoryResult.Grid(keys.get(k).toString(), columns, cells));
        }
        return new Outcome(described, rows, grids);
    }

    /** How many recalls are within a criterion, and their mean MSE. */
    record Score(int retrieved, double meanMse) {
    }

    /** @return the rows of {@code recalled} whose MSE to {@code target}'s is below {@code threshold}, and the mean MSE */
    static Score score(INDArray recalled, INDArray target, double threshold) {
        INDArray diff = recalled.sub(target);
        INDArray mse = diff.muli(diff).mean(1);
        int retrieved = 0;
        for (int i = 0; i < mse.length(); i++) {
            if (mse.getDouble(i) < threshold) {
                retrieved++;
            }
        }
        return new Score(retrieved, mse.meanNumber().doubleValue());
    }

    /** @return the seed key {@code k} of a run seeded {@code seed} is drawn with */
    static long keySeed(long seed, int k) {
        return seed + 1000L * k;
    }

    /** @return the key as shown: unknown values grey (0.5) for a partial key, clipped to [0, 1] */
    private static INDArray shownKey(INDArray key, INDArray known, MemoryKey kind) {
        INDArray shown = kind.partial() ? key.mul(known).addi(known.rsub(1.0).muli(0.5)) : key.dup();
        return Transforms.min(Transforms.max(shown, 0.0, false), 1.0, false);
    }
}
