package org.pc4j.app.cluster;

import java.util.List;
import java.util.function.IntConsumer;
import org.nd4j.linalg.dataset.DataSet;
import org.pc4j.app.compare.MethodSpec;
import org.pc4j.app.compare.Network;

/**
 * Machines a comparison trains on data-parallel, in place of this JVM: each method's epoch goes out as synchronous
 * rounds, every worker training on one batch per round (or on a few, under parameter averaging), the driver's network
 * updated after each round. {@link SparkCluster} is one, on pc4j's Spark module.
 */
public interface Cluster extends AutoCloseable {

    /** @return what the rows ran on, for the table's heading and the report: "Spark local[2], 2 workers, ..." */
    String description();

    /**
     * Trains {@code net} one epoch over {@code batches} (in this order) with {@code method}.
     *
     * @param method   the method (backprop included: the cluster averages DL4J's own gradients)
     * @param net      the driver's network, updated in place
     * @param batches  the epoch's batches
     * @param progress told the batches trained so far, after each round
     * @return the epoch's rounds and the bytes they moved between driver and workers
     * @throws org.pc4j.trainers.PcException if a round failed or diverged; the network keeps the last good round's
     *                                       parameters
     */
    Traffic fitEpoch(MethodSpec method, Network net, List<DataSet> batches, IntConsumer progress);

    /**
     * Checks that Apache Spark can be loaded by {@code loader}, before anything is loaded or built (this interface
     * names no Spark type, so the check runs where Spark is missing).
     *
     * @throws IllegalArgumentException if it cannot
     */
    static void requireSpark(ClassLoader loader) {
        try {
            Class.forName("org.apache.spark.SparkContext", false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("--spark needs Apache Spark 3.5 (spark-core_2.12) on the classpath, with Spark's "
                    + "--add-opens flags on Java 17: ./pc4j puts them there when --spark is given");
        }
    }

    /** Stops the cluster's jobs and frees its resources. */
    @Override
    void close();

    /**
     * The communication of one epoch on a cluster.
     *
     * @param rounds the synchronous rounds (updates of the driver's network)
     * @param bytes  the bytes moved between driver and workers, parameters out and gradients (or parameters) back
     */
    record Traffic(int rounds, long bytes) {

        /** Nothing moved: an epoch in this JVM. */
        public static final Traffic NONE = new Traffic(0, 0);
    }
}
