package org.pc4j.spark.compare;

import org.pc4j.zoo.cluster.Cluster;
import org.pc4j.zoo.cluster.ClusterOptions;
import org.pc4j.zoo.cluster.ClusterProvider;

/** The {@link ClusterProvider} service of pc4j on Spark: {@code pc4j compare --spark MASTER} trains on a {@link SparkCluster}. */
public final class SparkClusterProvider implements ClusterProvider {

    @Override
    public Cluster open(ClusterOptions options) {
        return SparkCluster.start(options);
    }
}
