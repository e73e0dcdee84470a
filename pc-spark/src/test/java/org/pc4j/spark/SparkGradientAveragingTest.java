package org.pc4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pc4j.testkit.NdAssertions.assertBitIdentical;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
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
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.pc4j.trainers.PcConfig;
import org.pc4j.trainers.PcTrainer;
import org.pc4j.trainers.Schedule;
import org.pc4j.trainers.UnsupportedNetworkException;
import org.pc4j.trainers.testing.Batches;
import org.pc4j.trainers.testing.Graphs;
import org.pc4j.trainers.testing.Nets;

/**
 * Gradient averaging on a real Spark ({@code local[2]}: two executor threads, every task's closure and data
 * serialised as on a cluster). Oracle: under Z-IL a round over two partitions of 32 examples equals {@code net.fit} on
 * the 64-example union (DL4J averages the gradient over the batch, and Z-IL's gradient is backprop's), within 1e-10
 * relative in double, for SGD and Adam, on an MLP and a residual {@code ComputationGraph}; PC with the inference-rate
 * control off equals single-machine PC on the union likewise (its inference is per example). Bad input fails on the
 * driver, or fails the round, with the network unchanged.
 */
class SparkGradientAveragingTest {

    private static JavaSparkContext sc;

    @BeforeAll
    static void startSpark() {
        sc = LocalSpark.start();
    }

    @AfterAll
    static void stopSpark() {
        sc.stop();
    }

    private static NeuralNetwork copy(NeuralNetwork net) {
        return net instanceof MultiLayerNetwork m ? m.clone() : ((ComputationGraph) net).clone();
    }

    private static void fit(NeuralNetwork net, DataSet batch) {
        if (net instanceof MultiLayerNetwork m) {
            m.fit(batch);
        } else {
            ((ComputationGraph) net).fit(batch);
        }
    }

    private static double relative(INDArray actual, INDArray expected) {
        return actual.distance2(expected) / expected.norm2Number().doubleValue();
    }

    /** Partition p holds batches[p], batches[p + 2], ...: round r is {batches[2r], batches[2r + 1]}. */
    private static JavaRDD<DataSet> twoPartitions(List<DataSet> batches) {
        List<DataSet> ordered = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            for (int i = p; i < batches.size(); i += 2) {
                ordered.add(batches.get(i));
            }
        }
        return sc.parallelize(ordered, 2);
    }

    @ParameterizedTest(name = "{0}, {1}")
    @org.junit.jupiter.params.provider.CsvSource({"zil, sgd", "zil, adam", "backprop, sgd", "backprop, adam"})
    void gradientAveragingOverTwoWorkersEqualsBackpropOnTheUnionBatch(String method, String updaterName) {
        IUpdater updater = updaterName.equals("sgd") ? new Sgd(0.1) : new Adam(0.01);
        SparkPcTrainer trainer = method.equals("zil")
                ? SparkPcTrainer.gradientAveraging(PcTrainer.builder().schedule(Schedule.zil()).build().config())
                : SparkPcTrainer.backprop(); // DL4J's own gradients, averaged
        List<DataSet> batches = Batches.dense(4, 32, 6, 3, true, 71); // 2 rounds of 2 workers x 32
        for (NeuralNetwork initial : new NeuralNetwork[] {Nets.dense(Activation.TANH, Nets.Head.SOFTMAX_XENT, updater, 6, 3, 72),
                Graphs.denseResidual(Nets.Head.SOFTMAX_XENT, updater, 3, 73)}) {
            NeuralNetwork bp = copy(initial);
            for (int r = 0; r < 2; r++) {
                fit(bp, DataSet.merge(List.of(batches.get(2 * r), batches.get(2 * r + 1))));
            }
            NeuralNetwork spark = copy(initial);
            List<RoundStats> rounds = trainer.fit(spark, twoPartitions(batches), 1);
            assertThat(rounds).hasSize(2);
            assertThat(rounds.get(0).workers()).isEqualTo(2);
            assertThat(rounds.get(0).examples()).isEqualTo(64);
            assertThat(rounds.get(0).bytesMoved()).as("parameters out and gradients back, 2 workers")
                    .isGreaterThanOrEqualTo(4L * 8 * spark.params().length());
            assertThat(relative(spark.params(), bp.params())).as("%s, %s", initial.getClass().getSimpleName(), updaterName)
                    .isLessThan(1e-10);
            DataSet firstUnion = DataSet.merge(batches.subList(0, 2));
            assertThat(rounds.get(0).lossPerExample()).as("the loss before the first update, on the union batch")
                    .isCloseTo(initial instanceof MultiLayerNetwork m ? m.score(firstUnion, true)
                            : ((ComputationGraph) initial).score(firstUnion, true), org.assertj.core.data.Offset.offset(1e-10));
        }
    }

    @Test
    void multiDataSetBatchesOfATwoInputTwoOutputGraphTrainAsFitOnTheUnionBatch() {
        ComputationGraph initial = Graphs.twoInTwoOut(new Adam(0.01), 97);
        java.util.Random r = new java.util.Random(98);
        List<org.nd4j.linalg.dataset.api.MultiDataSet> batches = new ArrayList<>();
        for (int b = 0; b < 4; b++) {
            INDArray x = Batches.uniform(r, 6, 5);
            INDArray seq = Batches.uniform(r, 6 * 4, 3).reshape(6, 4, 3).permute(0, 2, 1).dup('c');
            batches.add(new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {x, seq},
                    new INDArray[] {Batches.oneHot(r, 6, 3), Batches.gaussian(r, 6, 2)}));
        }
        ComputationGraph bp = initial.clone();
        for (int round = 0; round < 2; round++) {
            bp.fit(org.nd4j.linalg.dataset.MultiDataSet.merge(List.of(batches.get(2 * round), batches.get(2 * round + 1))));
        }
        List<org.nd4j.linalg.dataset.api.MultiDataSet> ordered = List.of(batches.get(0), batches.get(2), batches.get(1), batches.get(3));
        for (SparkPcTrainer trainer : new SparkPcTrainer[] {
                SparkPcTrainer.gradientAveraging(PcTrainer.builder().schedule(Schedule.zil()).build().config()), SparkPcTrainer.backprop()}) {
            ComputationGraph spark = initial.clone();
            List<RoundStats> rounds = trainer.fitMultiDataSet(spark, sc.parallelize(ordered, 2), 1);
            assertThat(rounds).hasSize(2);
            assertThat(rounds.get(0).examples()).isEqualTo(12);
            assertThat(relative(spark.params(), bp.params())).isLessThan(1e-10);
        }
    }

    @Test
    void batchNormRunningStatisticsMoveToTheMeanOfTheWorkersStepsNotTheirSum() {
        MultiLayerNetwork initial = Nets.init(Nets.base(new Adam(0.01), 99).list()
                .layer(new DenseLayer.Builder().nIn(6).nOut(5).activation(Activation.TANH).build())
                .layer(new org.deeplearning4j.nn.conf.layers.BatchNormalization.Builder().nOut(5).build())
                .layer(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder(org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MCXENT)
                        .nIn(5).nOut(3).activation(Activation.SOFTMAX).build())
                .build());
        List<DataSet> batches = Batches.dense(2, 16, 6, 3, true, 100);
        // the running statistics (the layer's parameters other than gamma and beta): where each worker's batch alone
        // moves them, averaged
        List<String> statistics = initial.paramTable().keySet().stream()
                .filter(k -> k.startsWith("1_") && !k.equals("1_gamma") && !k.equals("1_beta")).toList();
        assertThat(statistics).isNotEmpty();
        java.util.Map<String, INDArray> expected = new java.util.HashMap<>();
        for (DataSet b : batches) {
            MultiLayerNetwork alone = initial.clone();
            alone.fit(b);
            for (String k : statistics) {
                expected.merge(k, alone.getParam(k).dup().divi(batches.size()), INDArray::addi);
            }
        }
        for (SparkPcTrainer trainer : new SparkPcTrainer[] {SparkPcTrainer.backprop(),
                SparkPcTrainer.gradientAveraging(PcTrainer.builder().schedule(Schedule.zil()).build().config())}) {
            MultiLayerNetwork spark = initial.clone();
            trainer.fit(spark, twoPartitions(batches), 1);
            for (String k : statistics) {
                assertThat(relative(spark.getParam(k), expected.get(k))).as(k).isLessThan(1e-10);
                assertThat(relative(spark.getParam(k), initial.getParam(k))).as(k + " moved").isGreaterThan(1e-4);
            }
        }
    }

    @Test
    void pcWithGradientAveragingEqualsSingleMachinePcOnTheUnionBatch() {
        MultiLayerNetwork initial = Nets.dense(Activation.TANH, Nets.Head.SOFTMAX_XENT, new Adam(0.01), 6, 3, 74);
        List<DataSet> batches = Batches.dense(2, 32, 6, 3, true, 75);
        PcConfig pc = PcTrainer.builder().schedule(Schedule.pc(8)).inferenceRate(0.1).inferenceRateControl(false).build().config();
        MultiLayerNetwork single = initial.clone();
        PcTrainer.builder().config(pc).build().fitBatch(single, DataSet.merge(batches));
        MultiLayerNetwork spark = initial.clone();
        SparkPcTrainer.gradientAveraging(pc).fit(spark, twoPartitions(batches), 1);
        assertThat(relative(spark.params(), single.params())).isLessThan(1e-10);
        assertThat(relative(spark.params(), initial.params())).as("it learnt").isGreaterThan(1e-4);
    }

    @Test
    void batchesSavedAsFilesTrainAsTheSameBatchesInMemory(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        List<DataSet> batches = Batches.dense(4, 8, 6, 3, true, 83);
        List<String> paths = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            for (int i = p; i < batches.size(); i += 2) {
                java.io.File f = tmp.resolve("batch-" + i + ".bin").toFile();
                batches.get(i).save(f);
                paths.add(f.getAbsolutePath());
            }
        }
        PcConfig zil = PcTrainer.builder().schedule(Schedule.zil()).build().config();
        MultiLayerNetwork initial = Nets.dense(Activation.TANH, Nets.Head.SOFTMAX_XENT, new Adam(0.01), 6, 3, 84);
        MultiLayerNetwork fromMemory = initial.clone();
        SparkPcTrainer.gradientAveraging(zil).fit(fromMemory, twoPartitions(batches), 1);
        MultiLayerNetwork fromFiles = initial.clone();
        SparkPcTrainer.gradientAveraging(zil).fitPaths(fromFiles, sc.parallelize(paths, 2), 1);
        assertThat(fromFiles.params().equalsWithEps(fromMemory.params(), 0.0)).isTrue();
        assertThatThrownBy(() -> SparkPcTrainer.gradientAveraging(zil).fitPaths(initial.clone(),
                sc.parallelize(List.of(tmp.resolve("missing.bin").toString()), 1), 1))
                .isInstanceOf(SparkTrainingException.class).hasMessageContaining("no batch file");
    }

    @Test
    void listenersAttachedThroughTheBuilderSeeEveryRoundTheFitReturns() {
        MultiLayerNetwork net = Nets.dense(Activation.TANH, Nets.Head.MSE, new Sgd(0.1), 4, 3, 70);
        List<RoundStats> seen = new ArrayList<>();
        SparkPcTrainer trainer = SparkPcTrainer.builder(SparkStrategy.gradientAveraging(PcTrainer.builder().schedule(Schedule.zil())
                .build().config())).listeners(seen::add).build();
        List<RoundStats> rounds = trainer.fit(net, twoPartitions(Batches.dense(4, 4, 4, 3, false, 71)), 2);
        assertThat(rounds).hasSize(4); // 2 rounds of 2 workers per epoch
        assertThat(seen).containsExactlyElementsOf(rounds);
        assertThat(trainer.strategy()).isInstanceOf(SparkStrategy.GradientAveraging.class);
    }

    @Test
    void badInputIsRefusedWithTheDriversNetworkUnchanged() {
        MultiLayerNetwork net = Nets.dense(Activation.TANH, Nets.Head.MSE, new Sgd(0.1), 4, 3, 76);
        INDArray before = net.params().dup();
        PcConfig zil = PcTrainer.builder().schedule(Schedule.zil()).build().config();
        assertThatThrownBy(() -> SparkPcTrainer.gradientAveraging(zil).fit(net, sc.emptyRDD(), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no batches");
        assertThatThrownBy(() -> SparkPcTrainer.gradientAveraging(PcTrainer.builder().schedule(Schedule.ipc(4)).build().config())
                .fit(net, twoPartitions(Batches.dense(2, 4, 4, 3, false, 77)), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("every inference step");
        // the second partition's batch has 5 features instead of 4: the round fails on that worker
        List<DataSet> mismatched = List.of(Batches.dense(1, 4, 4, 3, false, 78).get(0), Batches.dense(1, 4, 5, 3, false, 79).get(0));
        assertThatThrownBy(() -> SparkPcTrainer.gradientAveraging(zil).fit(net, twoPartitions(mismatched), 1))
                .isInstanceOf(SparkTrainingException.class).hasMessageContaining("round 0").hasMessageContaining("do not fit layer 0");
        // a worker that throws while reading its batches
        assertThatThrownBy(() -> SparkPcTrainer.gradientAveraging(zil)
                .fit(net, twoPartitions(Batches.dense(2, 4, 4, 3, false, 80)).map(d -> {
                    throw new IllegalStateException("worker failed on purpose");
                }), 1))
                .isInstanceOf(SparkTrainingException.class).hasMessageContaining("worker failed on purpose");
        // a recipe that cannot travel as JSON is refused when the strategy is made, before any job
        PcConfig custom = PcTrainer.builder().schedule(Schedule.pc(3)).energy("layer0", new org.pc4j.trainers.testing.NoJsonEnergy()).build().config();
        assertThatThrownBy(() -> SparkStrategy.gradientAveraging(custom)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no JSON form");
        assertThatThrownBy(() -> SparkStrategy.parameterAveraging(custom, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no JSON form");
        assertBitIdentical(net.params(), before);
        assertThat(net.getIterationCount()).isZero();
        MultiLayerNetwork noOutput = Nets.init(Nets.base(new Sgd(0.1), 81).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(3).build()).build());
        assertThatThrownBy(() -> SparkPcTrainer.gradientAveraging(zil).fit(noOutput, twoPartitions(Batches.dense(2, 4, 4, 3, false, 82)), 1))
                .isInstanceOf(UnsupportedNetworkException.class);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gradient averaging, Z-IL", "gradient averaging, PC", "parameter averaging, iPC"})
    void aDivergingWorkerStopsItsRoundAndTheNetworkKeepsTheLastGoodRound(String mode) {
        SparkPcTrainer trainer = switch (mode) {
            case "gradient averaging, Z-IL" -> SparkPcTrainer.gradientAveraging(PcTrainer.builder().schedule(Schedule.zil()).build().config());
            case "gradient averaging, PC" -> SparkPcTrainer.gradientAveraging(PcTrainer.builder().schedule(Schedule.pc(6)).inferenceRate(0.1).build().config());
            default -> SparkPcTrainer.parameterAveraging(PcTrainer.builder().schedule(Schedule.ipc(4)).inferenceRate(0.1).build().config(), 1);
        };
        MultiLayerNetwork initial = Nets.dense(Activation.TANH, Nets.Head.MSE, new Adam(0.01), 4, 3, 95);
        List<DataSet> batches = Batches.dense(4, 4, 4, 3, false, 96); // round 0: batches 0 and 1; round 1: 2 and 3
        batches.get(3).getLabels().muli(1e200); // round 1's second worker: its error, loss and gradient overflow
        MultiLayerNetwork afterRoundZero = initial.clone();
        trainer.fit(afterRoundZero, twoPartitions(batches.subList(0, 2)), 1);
        MultiLayerNetwork net = initial.clone();
        assertThatThrownBy(() -> trainer.fit(net, twoPartitions(batches), 1))
                .isInstanceOf(SparkTrainingException.class).hasMessageContaining("round 1");
        assertThat(net.params().equalsWithEps(afterRoundZero.params(), 0.0)).as("parameters as after round 0, exactly").isTrue();
        assertThat(net.getUpdater().getStateViewArray().equalsWithEps(afterRoundZero.getUpdater().getStateViewArray(), 0.0))
                .as("Adam's state as after round 0").isTrue();
        assertThat(net.getIterationCount()).isEqualTo(afterRoundZero.getIterationCount());
        assertThat(relative(net.params(), initial.params())).as("round 0 was applied").isGreaterThan(1e-6);
    }
}
