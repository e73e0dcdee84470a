package org.pc4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.pc4j.trainers.PcTrainer;
import org.pc4j.trainers.Schedule;
import org.pc4j.trainers.testing.Batches;
import org.pc4j.trainers.testing.Nets;

/**
 * The Z-IL oracle on a real standalone cluster: Spark's Master and two Worker JVMs on 127.0.0.1 (one core each), the
 * executors in their own JVMs, so every batch, parameter broadcast and gradient crosses a process boundary. Z-IL with
 * gradient averaging over two workers of 32 examples equals {@code net.fit} on the 64-example union. Slow profile
 * ({@code mvn -Pslow verify -pl pc-spark}).
 */
@Tag("slow")
class SparkStandaloneClusterTest {

    @Test
    void zilOnAStandaloneClusterOfTwoWorkersEqualsBackpropOnTheUnionBatch(@TempDir Path tmp) {
        try (StandaloneCluster cluster = new StandaloneCluster(tmp, 2)) {
            JavaSparkContext sc = new JavaSparkContext(new SparkConf().setMaster(cluster.masterUrl()).setAppName("pc4j-cluster-test")
                    .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
                    .set("spark.executor.memory", "1g").set("spark.cores.max", "2").set("spark.executor.cores", "1")
                    .set("spark.executor.extraClassPath", cluster.executorClassPath())
                    .set("spark.executor.extraJavaOptions", SparkJavaOptions.line()));
            try {
                MultiLayerNetwork initial = Nets.dense(Activation.TANH, Nets.Head.SOFTMAX_XENT, new Adam(0.01), 6, 3, 101);
                List<DataSet> batches = Batches.dense(4, 32, 6, 3, true, 102);
                MultiLayerNetwork bp = initial.clone();
                bp.fit(DataSet.merge(List.of(batches.get(0), batches.get(1))));
                bp.fit(DataSet.merge(List.of(batches.get(2), batches.get(3))));
                List<DataSet> ordered = new ArrayList<>(List.of(batches.get(0), batches.get(2), batches.get(1), batches.get(3)));
                MultiLayerNetwork spark = initial.clone();
                List<RoundStats> rounds = SparkPcTrainer.gradientAveraging(PcTrainer.builder().schedule(Schedule.zil()).build().config())
                        .fit(spark, sc.parallelize(ordered, 2), 1);
                assertThat(rounds).hasSize(2);
                assertThat(rounds.get(0).workers()).isEqualTo(2);
                assertThat(sc.sc().getExecutorMemoryStatus().size()).as("the driver and two executors").isEqualTo(3);
                assertThat(spark.params().distance2(bp.params()) / bp.params().norm2Number().doubleValue()).isLessThan(1e-10);
            } finally {
                sc.stop();
            }
        }
    }
}
