package org.pc4j.trainers.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * A kernel loop over {@code [0, n)} split into contiguous parts that run on every core (the common fork-join pool and
 * the calling thread) when the loop is long enough to pay for it, and on the calling thread alone otherwise: ND4J's
 * operations split their work over OpenMP's threads, and a Java pass over millions of parameters (the fused Adam, the
 * finiteness check) would otherwise leave the other cores idle. (The kernels' per-layer loops stay on one thread: between
 * OpenBLAS's products, splitting them measured no faster.) The number of parts depends only on {@code n} and the pool's parallelism, so a machine
 * always splits a loop the same way (a sum's parts are added in order: the same result on every run). Internal to pc4j:
 * not an API for users.
 */
public final class Parts {

    /** The fewest elements a part gets: below twice this a loop runs on the calling thread alone. */
    public static final int MIN = 1 << 16;

    private Parts() {
    }

    /** A loop body over the elements {@code from} (inclusive) to {@code to}. */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    /** A loop body over the elements {@code from} (inclusive) to {@code to} that returns its part of a sum. */
    @FunctionalInterface
    public interface RangeSum {
        double run(int from, int to);
    }

    /** @return how many parts a loop over {@code n} elements is split into (1: the calling thread alone) */
    public static int of(long n) {
        return (int) Math.max(1, Math.min(ForkJoinPool.getCommonPoolParallelism() + 1L, n / MIN));
    }

    /** Runs {@code body} over {@code [0, n)}, in {@link #of}{@code (n)} contiguous parts. */
    public static void run(int n, Range body) {
        run(n, 1, body);
    }

    /**
     * Runs {@code body} over {@code n} items (rows, columns) of {@code width} elements each, in {@link #of}{@code (n width)}
     * contiguous parts of whole items.
     */
    public static void run(int n, int width, Range body) {
        int parts = (int) Math.min(n, of((long) n * width));
        if (parts == 1) {
            body.run(0, n);
            return;
        }
        IntStream.range(0, parts).parallel().forEach(p -> body.run(from(n, parts, p), from(n, parts, p + 1)));
    }

    /** @return the sum of {@code body} over {@code [0, n)}: its parts' sums added in the parts' order */
    public static double sum(int n, RangeSum body) {
        int parts = of(n);
        if (parts == 1) {
            return body.run(0, n);
        }
        double[] sums = new double[parts];
        IntStream.range(0, parts).parallel().forEach(p -> sums[p] = body.run(from(n, parts, p), from(n, parts, p + 1)));
        double total = 0;
        for (double s : sums) {
            total += s;
        }
        return total;
    }

    private static int from(int n, int parts, int p) {
        return (int) ((long) n * p / parts);
    }
}
