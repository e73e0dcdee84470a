package org.pc4j.trainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pc4j.testkit.NdAssertions.assertBitIdentical;

import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.dropout.AlphaDropout;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.conf.weightnoise.DropConnect;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.pc4j.trainers.testing.Batches;
import org.pc4j.trainers.testing.Custom;
import org.pc4j.trainers.testing.Nets;

/** Every kind of bad input gets its documented exception and changes nothing: parameters, updater state, counters. */
class BadInputTest {

    private static final PcTrainer IPC = PcTrainer.builder().schedule(Schedule.ipc(3)).build();

    /** A network that has been trained once, so that its updater state is non-trivial. */
    private static MultiLayerNetwork trainedNet() {
        MultiLayerNetwork net = Nets.dense(Activation.TANH, Nets.Head.SOFTMAX_XENT, new Adam(0.01), 4, 3, 101);
        IPC.fitBatch(net, Batches.dense(1, 5, 4, 3, true, 102).get(0));
        return net;
    }

    /** Runs {@code action} and asserts it throws {@code type} with a message containing {@code words}, changing nothing. */
    private static void assertRejectedWithoutChange(MultiLayerNetwork net, Runnable action, Class<? extends Throwable> type, String... words) {
        INDArray params = net.params().dup();
        INDArray updater = net.getUpdater().getStateViewArray().dup();
        int iteration = net.getIterationCount();
        int epoch = net.getEpochCount();
        assertThatThrownBy(action::run).isInstanceOf(type).hasMessageContainingAll(words);
        assertBitIdentical(net.params(), params);
        assertBitIdentical(net.getUpdater().getStateViewArray(), updater);
        assertThat(net.getIterationCount()).isEqualTo(iteration);
        assertThat(net.getEpochCount()).isEqualTo(epoch);
    }

    @Test
    void unsupportedLayerIsRejectedWithItsIndexNameTypeAndTheSupportedList() {
        MultiLayerNetwork net = Nets.init(Nets.base(new Adam(0.01), 103).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(5).build())
                .layer(1, withName(new Custom.CustomDense(5, 5), "custom"))
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(5).nOut(3).activation(Activation.SOFTMAX).build())
                .build());
        assertRejectedWithoutChange(net, () -> IPC.fitBatch(net, Batches.dense(1, 5, 4, 3, true, 1).get(0)),
                UnsupportedNetworkException.class, "layer 1", "'custom'", "CustomDense", "Supported layers:", "DenseLayer", "LSTM",
                "LayerAdapter");
    }

    private static org.deeplearning4j.nn.conf.layers.Layer withName(org.deeplearning4j.nn.conf.layers.Layer l, String name) {
        l.setLayerName(name);
        return l;
    }

    @Test
    void networksPcCannotTrainAreRejectedBeforeAnyComputation() {
        MultiLayerNetwork noOutput = Nets.init(Nets.base(new Adam(0.01), 104).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(3).build()).build());
        assertRejectedWithoutChange(noOutput, () -> IPC.fitBatch(noOutput, Batches.dense(1, 5, 4, 3, true, 1).get(0)),
                UnsupportedNetworkException.class, "layer 0", "a network output must be an output layer");

        MultiLayerNetwork outputInMiddle = Nets.init(Nets.base(new Adam(0.01), 105).list()
                .layer(new OutputLayer.Builder(LossFunction.MSE).nIn(4).nOut(4).build())
                .layer(new OutputLayer.Builder(LossFunction.MSE).nIn(4).nOut(3).build()).build());
        assertRejectedWithoutChange(outputInMiddle, () -> IPC.fitBatch(outputInMiddle, Batches.dense(1, 5, 4, 3, false, 1).get(0)),
                UnsupportedNetworkException.class, "only supported as a network output");

        MultiLayerNetwork tbptt = Nets.init(Nets.base(new Adam(0.01), 106).list()
                .layer(new SimpleRnn.Builder().nIn(3).nOut(4).build())
                .layer(new RnnOutputLayer.Builder(LossFunction.MSE).nIn(4).nOut(2).activation(Activation.IDENTITY).build())
                .backpropType(BackpropType.TruncatedBPTT).tBPTTLength(3).build());
        assertRejectedWithoutChange(tbptt, () -> IPC.fitBatch(tbptt, Batches.sequences(1, 2, 3, 5, 2, false, 1).get(0)),
                UnsupportedNetworkException.class, "SimpleRnn", "truncated BPTT", "LSTM");

        MultiLayerNetwork alpha = Nets.init(Nets.base(new Adam(0.01), 107).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(5).dropOut(new AlphaDropout(0.9)).build())
                .layer(new OutputLayer.Builder(LossFunction.MSE).nIn(5).nOut(3).build()).build());
        assertRejectedWithoutChange(alpha, () -> IPC.fitBatch(alpha, Batches.dense(1, 5, 4, 3, false, 1).get(0)),
                UnsupportedNetworkException.class, "AlphaDropout", "Dropout");

        MultiLayerNetwork noisy = Nets.init(Nets.base(new Adam(0.01), 108).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(5).weightNoise(new DropConnect(0.9)).build())
                .layer(new OutputLayer.Builder(LossFunction.MSE).nIn(5).nOut(3).build()).build());
        assertRejectedWithoutChange(noisy, () -> IPC.fitBatch(noisy, Batches.dense(1, 5, 4, 3, false, 1).get(0)),
                UnsupportedNetworkException.class, "weight noise", "DropConnect");

        MultiLayerConfiguration conf = Nets.base(new Adam(0.01), 109).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(5).build())
                .layer(new OutputLayer.Builder(LossFunction.MSE).nIn(5).nOut(3).build()).build();
        // where net.fit initialises a network whose init() was never called, so does pc4j: Z-IL then equals net.fit
        MultiLayerNetwork byBackprop = new MultiLayerNetwork(conf.clone());
        MultiLayerNetwork byZil = new MultiLayerNetwork(conf.clone());
        DataSet batch = Batches.dense(1, 5, 4, 3, false, 1).get(0);
        byBackprop.fit(batch);
        PcTrainer.builder().schedule(Schedule.zil()).build().fit(byZil, batch);
        assertThat(byZil.isInitCalled()).isTrue();
        assertBitIdentical(byZil.params(), byBackprop.params());
    }

    @Test
    void featuresOrLabelsOfTheWrongShapeAreRejected() {
        MultiLayerNetwork net = trainedNet();
        DataSet wideFeatures = Batches.dense(1, 5, 6, 3, true, 2).get(0);
        assertRejectedWithoutChange(net, () -> IPC.fitBatch(net, wideFeatures), InvalidBatchException.class, "[5, 6]", "expects 4 inputs");
        DataSet wrongLabels = Batches.dense(1, 5, 4, 7, true, 3).get(0);
        assertRejectedWithoutChange(net, () -> IPC.fitBatch(net, wrongLabels), InvalidBatchException.class, "Labels [5, 7]", "[minibatch, 3]");
        DataSet mismatched = new DataSet(Batches.dense(1, 5, 4, 3, true, 4).get(0).getFeatures(), Batches.dense(1, 6, 4, 3, true, 5).get(0).getLabels());
        assertRejectedWithoutChange(net, () -> IPC.fitBatch(net, mismatched), InvalidBatchException.class, "same non-zero number of examples");
        DataSet noLabels = new DataSet(wideFeatures.getFeatures(), null);
        assertRejectedWithoutChange(net, () -> IPC.fitBatch(net, noLabels), InvalidBatchException.class, "features and labels");
    }

    @Test
    void imagesOfTheWrongSizeAreRejectedWithDl4jsReasonAttachedAndTheWrongChannelsNamingTheLayer() {
        MultiLayerNetwork cnn = Nets.cnn(Nets.Head.SOFTMAX_XENT, new Adam(0.01), 3, 110);
        DataSet wrongSize = Batches.images(1, 4, 1, 5, 5, 3, true, 6).get(0);
        assertRejectedWithoutChange(cnn, () -> IPC.fitBatch(cnn, wrongSize), InvalidBatchException.class, "does not fit the network");
        DataSet wrongChannels = Batches.images(1, 4, 2, 6, 6, 3, true, 6).get(0);
        assertRejectedWithoutChange(cnn, () -> IPC.fitBatch(cnn, wrongChannels), InvalidBatchException.class, "[4, 2, 6, 6]",
                "layer 0", "expects 1 channels");
    }

    @Test
    void nanOrInfiniteDataIsRejected() {
        MultiLayerNetwork net = trainedNet();
        DataSet nanFeatures = Batches.dense(1, 5, 4, 3, true, 7).get(0);
        nanFeatures.getFeatures().putScalar(2, 1, Double.NaN);
        assertRejectedWithoutChange(net, () -> IPC.fitBatch(net, nanFeatures), InvalidBatchException.class, "features", "NaN or infinite");
        DataSet infLabels = Batches.dense(1, 5, 4, 3, true, 8).get(0);
        infLabels.getLabels().putScalar(0, 0, Double.POSITIVE_INFINITY);
        assertRejectedWithoutChange(net, () -> IPC.fitBatch(net, infLabels), InvalidBatchException.class, "labels", "NaN or infinite");
    }

    @Test
    void aBadBatchInTheMiddleOfAnEpochStopsTrainingAfterTheGoodBatchesBeforeIt() {
        MultiLayerNetwork net = trainedNet();
        java.util.List<DataSet> batches = new java.util.ArrayList<>(Batches.dense(3, 5, 4, 3, true, 9));
        batches.get(2).getFeatures().putScalar(0, 0, Double.NaN);
        MultiLayerNetwork reference = net.clone();
        IPC.fitBatch(reference, batches.get(0));
        IPC.fitBatch(reference, batches.get(1));
        assertThatThrownBy(() -> IPC.fit(net, new ListDataSetIterator<>(batches, 1))).isInstanceOf(InvalidBatchException.class);
        assertBitIdentical(net.params(), reference.params());
    }

    @Test
    void invalidHyperParametersAreRejectedAtBuild() {
        for (double gamma : new double[] {0, -0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> PcTrainer.builder().schedule(Schedule.pc(5)).inferenceRate(gamma).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inferenceRate");
        }
        for (double factor : new double[] {1.0, 0.5, Double.NaN}) {
            assertThatThrownBy(() -> PcTrainer.builder().schedule(Schedule.pc(5)).divergenceFactor(factor).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("divergenceFactor");
        }
        assertThatThrownBy(() -> PcTrainer.builder().build()).isInstanceOf(NullPointerException.class).hasMessageContaining("schedule is required");
        assertThatThrownBy(() -> Schedule.pc(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 <= T");
        assertThatThrownBy(() -> Schedule.ipc(-2)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 <= T");
        // bounded: pc(Integer.MAX_VALUE) used to fail with NegativeArraySizeException inside the first batch
        assertThatThrownBy(() -> Schedule.pc(Integer.MAX_VALUE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("T <= " + Schedule.MAX_STEPS);
        assertThatThrownBy(() -> Schedule.ipc(Schedule.MAX_STEPS + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Schedule.faZil(Integer.MAX_VALUE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Schedule.faZil(4, Integer.MAX_VALUE)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Schedule.pc(Schedule.MAX_STEPS).valueSteps()).isEqualTo(Schedule.MAX_STEPS);
        assertThatThrownBy(() -> Schedule.faZil(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 <= tD");
        assertThatThrownBy(() -> Schedule.faZil(4, -1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("extra steps");
        assertThatThrownBy(() -> ValueInit.perturbed(-1, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sigma");
        assertThatThrownBy(() -> ValueInit.perturbed(Double.NaN, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void invalidFitArgumentsAreRejected() {
        MultiLayerNetwork net = trainedNet();
        INDArray x = Nd4j.zeros(DataType.DOUBLE, 2, 4);
        ListDataSetIterator<DataSet> iter = new ListDataSetIterator<>(java.util.List.of(new DataSet(x, Nd4j.zeros(DataType.DOUBLE, 2, 3))), 1);
        assertRejectedWithoutChange(net, () -> IPC.fit(net, iter, 0), IllegalArgumentException.class, "epochs must be >= 1");
    }

    /**
     * An infinite feature behind tanh gives finite energies at first, and iPC used to apply the updates of its first
     * steps before a gradient turned non-finite. The batch is now checked before any update, under every schedule.
     */
    @Test
    void anInfiniteFeatureBehindTanhIsRejectedBeforeAnyUpdateUnderEverySchedule() {
        for (Schedule schedule : new Schedule[] {Schedule.ipc(3), Schedule.pc(4), Schedule.zil(), Schedule.faZil(4)}) {
            MultiLayerNetwork net = trainedNet();
            DataSet batch = Batches.dense(1, 5, 4, 3, true, 9).get(0);
            batch.getFeatures().putScalar(2, 1, Double.POSITIVE_INFINITY);
            PcTrainer trainer = PcTrainer.builder().schedule(schedule).build();
            assertRejectedWithoutChange(net, () -> trainer.fit(net, batch), InvalidBatchException.class, "NaN or infinite");
        }
    }

    /**
     * {@code ValueInit.perturbed} draws its noise from the seed and the network's iteration count, so a loop of
     * single-batch calls, or a run resumed from a checkpoint, draws what one uninterrupted run draws.
     */
    @Test
    void perturbedInitialisationDrawsTheSameNoiseWhetherTrainedInOneCallOrBatchByBatch() {
        MultiLayerNetwork once = trainedNet();
        MultiLayerNetwork byBatch = once.clone();
        java.util.List<DataSet> batches = Batches.dense(3, 5, 4, 3, true, 10);
        PcTrainer trainer = PcTrainer.builder().schedule(Schedule.ipc(3)).valueInit(ValueInit.perturbed(0.1, 77)).build();
        trainer.fit(once, new ListDataSetIterator<>(batches, 1));
        for (DataSet b : batches) {
            trainer.fit(byBatch, b);
        }
        assertBitIdentical(byBatch.params(), once.params());
    }
}
