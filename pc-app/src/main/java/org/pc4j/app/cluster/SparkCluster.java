package org.pc4j.app.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.nd4j.linalg.dataset.DataSet;
import org.pc4j.spark.RoundStats;
import org.pc4j.spark.SparkPcListener;
import org.pc4j.spark.SparkJavaOptions;
import org.pc4j.spark.SparkPcTrainer;
import org.pc4j.spark.SparkStrategy;
import org.pc4j.trainers.IpcSchedule;
import org.pc4j.trainers.PcConfig;
import org.pc4j.trainers.PcTrainer;
import org.pc4j.trainers.Schedule;
import org.pc4j.app.compare.MethodSpec;
import org.pc4j.app.compare.Network;

/**
 * {@code pc4j compare --spark MASTER}: a comparison's methods trained data-parallel on Apache Spark with
 * {@link SparkPcTrainer}. Backprop ({@link SparkPcTrainer#backprop}), PC, Z-IL and Fa-Z-IL average the workers'
 * gradients each round; iPC, which updates the weights at every inference step and so has no one gradient per batch,
 * averages parameters and updater state every {@code averagingPeriod} batches. An epoch's batches go to
 * {@code workers} partitions so that round r trains batches [rN, (r + 1)N) of the epoch's order (N workers): every
 * method sees the batches in the same order, and a round is one update on N batches' union. The epoch's time includes
 * shipping its batches to the executors (once: they are cached there for the epoch).
 *
 * <p>On a {@code spark://} cluster the executors need pc4j's classes: unless {@code spark.jars} or
 * {@code spark.executor.extraClassPath} is given, the executors get this JVM's classpath as
 * {@code spark.executor.extraClassPath}, which holds where workers see the same files (one host, a shared file
 * system); and Spark's {@code --add-opens} flags go into {@code spark.executor.extraJavaOptions}.
 */
public final class SparkCluster implements Cluster {

    private final JavaSparkContext sc;
    private final ClusterOptions options;

    private SparkCluster(JavaSparkContext sc, ClusterOptions options) {
        this.sc = sc;
        this.options = options;
    }

    /** @return a cluster on a new Spark context for {@code options} */
    public static SparkCluster start(ClusterOptions options) {
        JavaSparkContext sc;
        try {
            sc = new JavaSparkContext(conf(options));
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new IllegalArgumentException("Spark could not start on " + options.master() + " with these settings "
                    + options.conf() + ": " + String.join(" ", String.valueOf(root.getMessage()).lines().toList()), e);
        }
        return new SparkCluster(sc, options);
    }

    /** @return Spark's settings for {@code options}: the user's, and what the executors need where the user is silent */
    static SparkConf conf(ClusterOptions options) {
        SparkConf conf = new SparkConf().setMaster(options.master()).setAppName("pc4j compare").set("spark.ui.enabled", "false");
        options.conf().forEach(conf::set);
        if (!options.master().startsWith("local")) {
            if (!conf.contains("spark.jars") && !conf.contains("spark.executor.extraClassPath")) {
                conf.set("spark.executor.extraClassPath", System.getProperty("java.class.path"));
            }
            if (!conf.contains("spark.executor.extraJavaOptions")) {
                conf.set("spark.executor.extraJavaOptions", SparkJavaOptions.line());
            }
        }
        return conf;
    }

    @Override
    public String description() {
        return String.format(Locale.ROOT, "Spark %s (Spark %s), %d workers: gradient averaging, iPC parameter averaging every %d batch%s",
                options.master(), sc.version(), options.workers(), options.averagingPeriod(), options.averagingPeriod() == 1 ? "" : "es");
    }

    @Override
    public Traffic fitEpoch(MethodSpec method, Network net, List<DataSet> batches, IntConsumer progress) {
        int n = options.workers();
        boolean averaging = method.schedule() instanceof IpcSchedule; // no one gradient per batch: parameter averaging
        int perBatch = averaging ? options.averagingPeriod() : 1;
        long[] totals = new long[2]; // rounds, bytes
        int[] done = {0};
        SparkPcListener listener = (RoundStats s) -> {
            totals[0]++;
            totals[1] += s.bytesMoved();
            done[0] = Math.min(batches.size(), done[0] + s.workers() * perBatch);
            progress.accept(done[0]);
        };
        SparkStrategy strategy = method.isBackprop() ? SparkStrategy.backprop()
                : averaging ? SparkStrategy.parameterAveraging(recipe(method.schedule(), method.inferenceRate()), perBatch)
                        : SparkStrategy.gradientAveraging(recipe(method.schedule(), method.inferenceRate()));
        SparkPcTrainer trainer = SparkPcTrainer.builder(strategy).listeners(listener).build();
        // n lists in n slices: one list per partition, as it is. A parallelised RDD's partitions carry their data, so
        // every task of every round would ship the whole partition again: it is cached on the executors and its
        // lineage cut (localCheckpoint) before training, so that the rounds' tasks read the cached blocks
        JavaRDD<DataSet> rdd = sc.parallelize(roundRobin(batches, n, perBatch), n).flatMap(List::iterator)
                .persist(StorageLevel.MEMORY_ONLY());
        rdd.rdd().localCheckpoint();
        rdd.count();
        try {
            trainer.fit(net.net(), rdd, 1);
        } finally {
            rdd.unpersist(false);
        }
        return new Traffic((int) totals[0], totals[1]);
    }

    /**
     * @return the epoch's batches as {@code n} partitions, partition p holding the batches whose round-robin slot is p:
     *         with {@code k} batches per worker and round, round r trains batches [r n k, (r + 1) n k) of the given
     *         order (the last round may have fewer workers)
     */
    static List<List<DataSet>> roundRobin(List<DataSet> batches, int n, int k) {
        List<List<DataSet>> partitions = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            partitions.add(new ArrayList<>());
        }
        for (int i = 0; i < batches.size(); i++) {
            partitions.get((i / k) % n).add(batches.get(i));
        }
        return partitions;
    }

    /** @return the recipe of the method's trainer, which the workers receive as JSON */
    static PcConfig recipe(Schedule schedule, double inferenceRate) {
        return PcTrainer.builder().schedule(schedule).inferenceRate(inferenceRate).build().config();
    }

    @Override
    public void close() {
        sc.stop();
    }
}
