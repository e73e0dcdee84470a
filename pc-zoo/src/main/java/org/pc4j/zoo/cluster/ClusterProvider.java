package org.pc4j.zoo.cluster;

import java.util.ServiceLoader;

/**
 * Makes {@link Cluster}s: a {@link ServiceLoader} service, so that the command line trains on Spark where pc4j's
 * Spark module and Spark itself are on the classpath (as {@code ./pc4j} puts them for {@code --spark}) and needs
 * neither otherwise.
 */
public interface ClusterProvider {

    /** @return a started cluster for {@code options}; its {@link Cluster#close} stops it */
    Cluster open(ClusterOptions options);

    /**
     * @return the first provider on the classpath
     * @throws IllegalArgumentException if there is none
     */
    static ClusterProvider find() {
        for (ClusterProvider p : ServiceLoader.load(ClusterProvider.class)) {
            return p;
        }
        throw new IllegalArgumentException("--spark needs pc4j's Spark module (org.pc4j:pc-spark) and Apache Spark 3.5 "
                + "(spark-core_2.12) on the classpath, with Spark's --add-opens flags on Java 17: ./pc4j puts them there when "
                + "--spark is given");
    }
}
