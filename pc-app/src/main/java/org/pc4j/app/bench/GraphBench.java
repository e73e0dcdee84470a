package org.pc4j.app.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.pc4j.trainers.KernelPath;
import org.pc4j.trainers.graph.GraphConfig;
import org.pc4j.trainers.graph.GraphMask;
import org.pc4j.trainers.graph.GraphQuery;
import org.pc4j.trainers.graph.PcGraph;

/**
 * Milliseconds per training batch and per query step of a fully connected PC graph (tanh, float32, Adam, the thesis'
 * form {@code mu = W f(x)}) on the general path (ND4J operations) and the kernel path, beside the floor set by its
 * matrix products alone.
 *
 * <p>Method: two graphs with the same configuration and initial weights, one per path, train on the same random
 * batches and answer the same queries, taking turns in an order that alternates from round to round; the first
 * round is a warm-up and is discarded; reported are the median and the range over the other rounds. The floor is
 * the time of one {@code [B, n] x [n, n]^T} product (ND4J's gemm into a preallocated array, OpenBLAS on the CPU),
 * measured in every round between the two paths, times the products a step needs: two per query step (the
 * prediction and the error sent back), {@code 2T + 2} per training batch (T + 1 predictions, T errors sent back, the
 * weight gradient). After the last round the two graphs' weights are compared: the paths compute the same algorithm,
 * so they differ by float rounding only.
 */
public final class GraphBench {

    /**
     * One measured quantity.
     *
     * @param what       "training batch" or "query step"
     * @param generalMs  median milliseconds on the general path
     * @param kernelMs   median milliseconds on the kernel path
     * @param productsMs the floor: the median time of its matrix products alone
     * @param generalMin the fastest round on the general path; likewise the others
     */
    public record Row(String what, double generalMs, double kernelMs, double productsMs, double generalMin, double generalMax,
                      double kernelMin, double kernelMax) {

        /** @return the kernel path's time over the floor */
        public double kernelOverProducts() {
            return kernelMs / productsMs;
        }

        /** @return the general path's time over the kernel path's */
        public double generalOverKernel() {
            return generalMs / kernelMs;
        }
    }

    /**
     * The measurements.
     *
     * @param neurons          n
     * @param batch            B
     * @param trainSteps       T per training batch
     * @param querySteps       value steps per measured query
     * @param rounds           rounds measured (the warm-up not counted)
     * @param rows             training batch, then query step
     * @param weightDifference after the last round, the largest difference between the two paths' weights over the
     *                         largest weight
     */
    public record Result(int neurons, int batch, int trainSteps, int querySteps, int rounds, List<Row> rows, double weightDifference) {
    }

    private GraphBench() {
    }

    /**
     * Checks the arguments before anything is allocated.
     *
     * @throws IllegalArgumentException if neurons < 20, batch < 1, rounds < 2, or the graph does not fit in memory
     */
    public static void requireValid(int neurons, int batch, int rounds) {
        if (neurons < 20 || batch < 1 || rounds < 2) {
            throw new IllegalArgumentException("a graph bench needs >= 20 neurons, a batch >= 1 and >= 2 rounds (the first is a "
                    + "warm-up), got " + neurons + ", " + batch + " and " + rounds);
        }
        PcGraph.requireFits(neurons, new org.nd4j.linalg.learning.config.Adam(1e-4), DataType.FLOAT);
    }

    /**
     * Measures a fully connected graph of {@code neurons} neurons, a tenth of them (at least one) free, the rest sensory.
     *
     * @throws IllegalArgumentException as {@link #requireValid}
     */
    public static Result run(int neurons, int batch, int trainSteps, int querySteps, int rounds, long seed) {
        requireValid(neurons, batch, rounds);
        int sensory = neurons - Math.max(1, neurons / 10);
        GraphConfig.Builder b = GraphConfig.builder(neurons, sensory).trainSteps(trainSteps).inferenceRate(0.1).seed(seed);
        GraphMask mask = GraphMask.fullyConnected(neurons).withoutSelfLoops();
        PcGraph general = new PcGraph(b.kernelPath(KernelPath.GENERAL).build(), mask);
        PcGraph kernel = new PcGraph(b.kernelPath(KernelPath.KERNEL).build(), mask);
        org.nd4j.linalg.api.rng.Random rng = Nd4j.getRandomFactory().getNewRandomInstance(seed);
        INDArray a = Nd4j.rand(DataType.FLOAT, batch, neurons);
        INDArray w = Nd4j.rand(DataType.FLOAT, neurons, neurons);
        INDArray product = Nd4j.create(DataType.FLOAT, batch, neurons);
        int measured = rounds - 1;
        double[][] train = new double[2][measured];
        double[][] query = new double[2][measured];
        double[] gemm = new double[measured];
        for (int r = 0; r < rounds; r++) {
            INDArray data = Nd4j.rand(rng, batch, sensory).castTo(DataType.FLOAT);
            GraphQuery q = GraphQuery.builder(batch, neurons).condition(0, Nd4j.rand(rng, batch, sensory / 2).castTo(DataType.FLOAT))
                    .steps(querySteps).tolerance(0).build();
            PcGraph[] order = r % 2 == 0 ? new PcGraph[] {general, kernel} : new PcGraph[] {kernel, general};
            double[] trainMs = new double[2];
            double[] queryMs = new double[2];
            for (PcGraph g : order) {
                int i = g == general ? 0 : 1;
                long t0 = System.nanoTime();
                g.trainBatch(data);
                long t1 = System.nanoTime();
                g.query(q);
                long t2 = System.nanoTime();
                trainMs[i] = (t1 - t0) / 1e6;
                queryMs[i] = (t2 - t1) / 1e6 / querySteps;
                if (g == order[0]) {
                    long p0 = System.nanoTime();
                    for (int k = 0; k < 4; k++) {
                        Nd4j.gemm(a, w, product, false, true, 1.0, 0.0);
                    }
                    if (r > 0) {
                        gemm[r - 1] = (System.nanoTime() - p0) / 4e6;
                    }
                }
            }
            if (r > 0) {
                for (int i = 0; i < 2; i++) {
                    train[i][r - 1] = trainMs[i];
                    query[i][r - 1] = queryMs[i];
                }
            }
        }
        double p = median(gemm);
        List<Row> rows = new ArrayList<>();
        rows.add(row("training batch", train, (2.0 * trainSteps + 2) * p));
        rows.add(row("query step", query, 2 * p));
        INDArray wg = general.weights();
        double difference = kernel.weights().sub(wg).amaxNumber().doubleValue() / wg.amaxNumber().doubleValue();
        return new Result(neurons, batch, trainSteps, querySteps, measured, List.copyOf(rows), difference);
    }

    private static Row row(String what, double[][] ms, double floor) {
        return new Row(what, median(ms[0]), median(ms[1]), floor, Arrays.stream(ms[0]).min().orElseThrow(),
                Arrays.stream(ms[0]).max().orElseThrow(), Arrays.stream(ms[1]).min().orElseThrow(), Arrays.stream(ms[1]).max().orElseThrow());
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
