package org.pc4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.pc4j.trainers.PcSession;
import org.pc4j.trainers.PcConfig;
import org.pc4j.trainers.PcTrainer;
import org.pc4j.trainers.Schedule;
import org.pc4j.trainers.testing.Batches;
import org.pc4j.trainers.testing.Nets;

/**
 * Parameter averaging on {@code local[2]}, against its definition computed here without Spark: each worker trains a
 * copy from the round's parameters and Adam state on its next {@code k} batches, and the round's result is the mean of
 * the copies' parameters and of their updater states. iPC (which has no batch gradient) trains this way.
 */
class SparkParameterAveragingTest {

    private static JavaSparkContext sc;

    @BeforeAll
    static void startSpark() {
        sc = LocalSpark.start();
    }

    @AfterAll
    static void stopSpark() {
        sc.stop();
    }

    private static double relative(INDArray actual, INDArray expected) {
        return actual.distance2(expected) / expected.norm2Number().doubleValue();
    }

    /**
     * The definition: from {@code net} (parameters, updater state and iteration counter), each partition's batches
     * [r k, (r + 1) k) on a copy, then the mean; the counter moves on by the copies' updates (Adam's bias correction
     * in the next round reads it).
     */
    private static void averagedRound(MultiLayerNetwork net, List<List<DataSet>> partitions, int r, int k, PcConfig trainer) {
        INDArray params = null;
        INDArray state = null;
        int iterations = 0;
        for (List<DataSet> partition : partitions) {
            MultiLayerNetwork copy = net.clone();
            try (PcSession s = PcTrainer.builder().config(trainer).build().open(copy, false)) {
                for (int i = r * k; i < (r + 1) * k; i++) {
                    s.fit(partition.get(i));
                }
            }
            params = params == null ? copy.params().dup() : params.addi(copy.params());
            INDArray st = copy.getUpdater().getStateViewArray();
            state = state == null ? st.dup() : state.addi(st);
            iterations = copy.getIterationCount();
        }
        net.params().assign(params.divi(partitions.size()));
        net.getUpdater().getStateViewArray().assign(state.divi(partitions.size()));
        net.getLayerWiseConfigurations().setIterationCount(iterations); // every copy made the same updates
    }

    @ParameterizedTest(name = "every {0} batches")
    @ValueSource(ints = {1, 2})
    void ipcWithParameterAveragingIsTheMeanOfTheWorkersTrainingsAndOfTheirAdamStates(int every) {
        PcConfig ipc = PcTrainer.builder().schedule(Schedule.ipc(4)).inferenceRate(0.1).inferenceRateControl(false).build().config();
        MultiLayerNetwork initial = Nets.dense(Activation.TANH, Nets.Head.SOFTMAX_XENT, new Adam(0.01), 6, 3, 91);
        List<DataSet> all = Batches.dense(4, 16, 6, 3, true, 92);
        List<List<DataSet>> partitions = List.of(List.of(all.get(0), all.get(1)), List.of(all.get(2), all.get(3)));
        MultiLayerNetwork expected = initial.clone();
        expected.getUpdater(true); // the state view exists before the first round, as on the driver
        for (int r = 0; r < 2 / every; r++) {
            averagedRound(expected, partitions, r, every, ipc);
        }
        List<DataSet> ordered = new ArrayList<>(partitions.get(0));
        ordered.addAll(partitions.get(1));
        MultiLayerNetwork spark = initial.clone();
        List<RoundStats> rounds = SparkPcTrainer.parameterAveraging(ipc, every).fit(spark, sc.parallelize(ordered, 2), 1);
        assertThat(rounds).hasSize(2 / every);
        assertThat(rounds.get(0).workers()).isEqualTo(2);
        assertThat(rounds.get(0).examples()).isEqualTo(32 * every);
        assertThat(relative(spark.params(), expected.params())).isLessThan(1e-10);
        assertThat(relative(spark.getUpdater().getStateViewArray(), expected.getUpdater().getStateViewArray())).isLessThan(1e-10);
        assertThat(relative(spark.params(), initial.params())).as("it learnt").isGreaterThan(1e-4);
        assertThat(spark.getIterationCount()).as("2 batches per worker, iPC(4) updates 4 times per batch").isEqualTo(8);
    }

    @Test
    void anAveragingPeriodBelowOneIsRefused() {
        assertThatThrownBy(() -> SparkPcTrainer.parameterAveraging(PcTrainer.builder().schedule(Schedule.ipc(2)).build().config(), 0))
                .hasMessageContaining("at least 1 batch");
    }
}
