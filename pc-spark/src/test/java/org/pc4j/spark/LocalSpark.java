package org.pc4j.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** The tests' Spark: {@code local[2]} (two executor threads; closures and data serialised as on a cluster), no UI. */
final class LocalSpark {

    private LocalSpark() {
    }

    static JavaSparkContext start() {
        return new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("pc4j-test").set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1"));
    }
}
