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
    /**
     * The fewest elements a part of a vectorised loop gets ({@link #runVectorised}): a loop at about a nanosecond an
     * element pays for a second thread from about 30,000 elements on (the small MLP's 55,050-parameter Adam pass: about
     * 12% of an iPC update faster split in two, three alternating runs of 20,000 updates each).
     */
    public static final int MIN_VECTORISED = 1 << 14;

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
        return of(n, MIN);
    }

    /** @return how many parts a vectorised loop over {@code n} elements is split into ({@link #runVectorised}) */
    public static int ofVectorised(long n) {
        return of(n, MIN_VECTORISED);
    }

    private static int of(long n, int min) {
        return (int) Math.max(1, Math.min(ForkJoinPool.getCommonPoolParallelism() + 1L, n / min));
    }

    /** Runs {@code body} over {@code [0, n)}, in {@link #of}{@code (n)} contiguous parts. */
    public static void run(int n, Range body) {
        run(n, 1, body);
    }

    /**
     * Runs {@code body} over {@code [0, n)} in {@link #ofVectorised}{@code (n)} contiguous parts: for a loop whose body
     * the JIT turns into vector instructions, which pays for a second thread at shorter lengths than a scalar loop.
     */
    public static void runVectorised(int n, Range body) {
        split(n, ofVectorised(n), body);
    }

    /**
     * Runs {@code body} over {@code n} items (rows, columns) of {@code width} elements each, in {@link #of}{@code (n width)}
     * contiguous parts of whole items.
     */
    public static void run(int n, int width, Range body) {
        split(n, (int) Math.min(n, of((long) n * width)), body);
    }

    private static void split(int n, int parts, Range body) {
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
