package org.pc4j.app.cluster;

import java.util.Map;

/**
 * Where and how a comparison trains data-parallel.
 *
 * @param master          the cluster's master URL ({@code local[2]}, {@code spark://HOST:PORT})
 * @param workers         the data partitions, so the batches per round, at least 1
 * @param averagingPeriod batches each worker trains on between averagings for iPC, which has no one gradient per batch
 *                        and so trains by parameter averaging (the other methods average gradients), at least 1
 * @param conf            further settings handed to the cluster as they are (Spark's {@code spark.*} keys)
 */
public record ClusterOptions(String master, int workers, int averagingPeriod, Map<String, String> conf) {

    /** @throws IllegalArgumentException on a blank master, fewer than 1 worker or a period below 1 */
    public ClusterOptions {
        if (master == null || master.isBlank()) {
            throw new IllegalArgumentException("the cluster's master URL is empty: give local[N] or spark://HOST:PORT");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("--workers must be >= 1, got " + workers);
        }
        if (averagingPeriod < 1) {
            throw new IllegalArgumentException("--averaging-period must be >= 1, got " + averagingPeriod);
        }
        conf = Map.copyOf(conf);
    }
}
