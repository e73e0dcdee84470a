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
        requireSupportedMaster(master.trim());
        master = master.trim();
        if (workers < 1) {
            throw new IllegalArgumentException("--workers must be >= 1, got " + workers);
        }
        if (averagingPeriod < 1) {
            throw new IllegalArgumentException("--averaging-period must be >= 1, got " + averagingPeriod);
        }
        for (Map.Entry<String, String> e : conf.entrySet()) {
            if (!e.getKey().startsWith("spark.") || e.getValue() == null || e.getValue().isBlank()) {
                throw new IllegalArgumentException("--spark-conf takes spark.KEY=VALUE, got " + e.getKey() + "=" + e.getValue());
            }
        }
        conf = Map.copyOf(conf);
    }

    private static final java.util.regex.Pattern LOCAL = java.util.regex.Pattern.compile("local(\\[(\\*|[0-9]+)(,[0-9]+)?\\])?");
    private static final java.util.regex.Pattern STANDALONE = java.util.regex.Pattern.compile("spark://([^,:/]+:[0-9]{1,5})(,[^,:/]+:[0-9]{1,5})*");

    /** Spark's local mode ({@code local}, {@code local[N]}, {@code local[*]}, {@code local[N,F]}) or a standalone cluster. */
    private static void requireSupportedMaster(String master) {
        java.util.regex.Matcher local = LOCAL.matcher(master);
        if (local.matches()) {
            String threads = local.group(2);
            if (threads != null && !threads.equals("*") && Long.parseLong(threads) < 1) {
                throw new IllegalArgumentException("--spark " + master + ": local mode needs at least one thread, local[1] or more");
            }
            return;
        }
        if (STANDALONE.matcher(master).matches()) {
            for (String hostPort : master.substring("spark://".length()).split(",")) {
                int port = Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
                if (port < 1 || port > 65535) {
                    throw new IllegalArgumentException("--spark " + master + ": port " + port + " is not a TCP port (1..65535)");
                }
            }
            return;
        }
        throw new IllegalArgumentException("--spark " + master + " is not a master pc4j can use: give local, local[N], local[*] "
                + "or a standalone cluster's spark://HOST:PORT (YARN, Mesos and Kubernetes masters need spark-submit)");
    }

    /**
     * For a standalone cluster, checks that a master answers at one of its addresses (a TCP connection within
     * {@code timeoutMillis}), so that a wrong address fails in seconds rather than after Spark's registration retries.
     *
     * @throws java.io.UncheckedIOException if none answers
     */
    public void requireReachable(int timeoutMillis) {
        if (!master.startsWith("spark://")) {
            return;
        }
        java.io.IOException last = null;
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            int colon = hostPort.lastIndexOf(':');
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))),
                        timeoutMillis);
                return;
            } catch (java.io.IOException e) {
                last = e;
            }
        }
        throw new java.io.UncheckedIOException("cannot reach the Spark master at " + master + " (" + last.getMessage()
                + "): is the cluster running, and is this its address?", last);
    }
}
