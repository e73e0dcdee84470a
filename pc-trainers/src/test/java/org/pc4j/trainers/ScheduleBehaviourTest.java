package org.pc4j.trainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.pc4j.trainers.testing.Batches;
import org.pc4j.trainers.testing.Nets;

/** How many steps and weight updates each schedule makes, and the once-per-batch semantics of stateful layers. */
class ScheduleBehaviourTest {

    private static final DataSet BATCH = Batches.dense(1, 8, 4, 3, true, 71).get(0);

    private static MultiLayerNetwork net() {
        return Nets.dense(Activation.TANH, Nets.Head.SOFTMAX_XENT, new Adam(0.01), 4, 3, 72);
    }

    @Test
    void ipcAppliesOneWeightUpdatePerStepAndAdvancesTheIterationCounterByT() {
        MultiLayerNetwork net = net();
        BatchResult r = PcTrainer.builder().schedule(Schedule.ipc(5)).build().fitBatch(net, BATCH);
        assertThat(r.steps()).isEqualTo(5);
        assertThat(r.weightUpdates()).isEqualTo(5);
        assertThat(net.getIterationCount()).isEqualTo(5);
    }

    @Test
    void pcRunsTValueStepsThenOneWeightUpdate() {
        MultiLayerNetwork net = net();
        BatchResult r = PcTrainer.builder().schedule(Schedule.pc(7)).build().fitBatch(net, BATCH);
        assertThat(r.steps()).isEqualTo(8);
        assertThat(r.weightUpdates()).isEqualTo(1);
        assertThat(net.getIterationCount()).isEqualTo(1);
        assertThat(r.detection()).isEmpty();
    }

    @Test
    void zilRunsOneStepPerLevelAndLeavesLayersAboveTheWavefrontUnchanged() {
        MultiLayerNetwork net = net();
        BatchResult r = PcTrainer.builder().schedule(Schedule.zil()).build().fitBatch(net, BATCH);
        assertThat(r.steps()).isEqualTo(net.getnLayers());
        assertThat(r.weightUpdates()).isEqualTo(1);
        // the output error is read at step 0 and never recomputed: Z-IL computes only the wavefront
        for (int t = 1; t < r.steps(); t++) {
            assertThat(r.energy(t, net.getnLayers() - 1)).isEqualTo(r.energy(0, net.getnLayers() - 1));
        }
    }

    @Test
    void batchNormRunningStatisticsMoveOncePerBatchUnderIpcWithTheForwardPassStatistics() {
        MultiLayerNetwork pc = Nets.init(Nets.base(new Sgd(0.05), 73).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(6).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().nOut(6).decay(0.5).build())
                .layer(new DenseLayer.Builder().nIn(6).nOut(5).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(5).nOut(3).activation(Activation.SOFTMAX).build())
                .build());
        MultiLayerNetwork bp = pc.clone();
        PcTrainer.builder().schedule(Schedule.ipc(6)).build().fitBatch(pc, BATCH);
        bp.fit(BATCH);
        // one running-statistics step from the forward pass's batch statistics, as under net.fit; T = 6 steps would
        // have moved the running mean six times towards the batch mean
        assertThat(pc.getParam("1_mean").distance2(bp.getParam("1_mean"))).isLessThan(1e-12);
        assertThat(pc.getParam("1_log10stdev").distance2(bp.getParam("1_log10stdev"))).isLessThan(1e-12);
        assertThat(pc.getParam("1_mean").norm2Number().doubleValue()).isPositive();
    }

    @Test
    void dropoutMasksStayFixedForAllInferenceStepsOfABatch() {
        MultiLayerNetwork net = Nets.init(Nets.base(new Sgd(0.1), 74).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(12).activation(Activation.TANH).build())
                .layer(new DropoutLayer.Builder(0.5).build())
                .layer(new DenseLayer.Builder().nIn(12).nOut(8).activation(Activation.TANH).dropOut(0.6).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(8).nOut(3).activation(Activation.SOFTMAX).build())
                .build());
        // with a mask redrawn at every step the energy being minimised would change between steps and jump up
        BatchResult r = PcTrainer.builder().schedule(Schedule.pc(30)).inferenceRate(0.02).build().fitBatch(net, BATCH);
        for (int t = 1; t < r.steps(); t++) {
            assertThat(r.totalEnergy(t)).as("step %s", t).isLessThanOrEqualTo(r.totalEnergy(t - 1) * (1 + 1e-12));
        }
        // after the batch the layers have their own dropout back
        assertThat(net.getLayer(1).conf().getLayer().getIDropout().getClass().getSimpleName()).isEqualTo("Dropout");
    }

    @Test
    void defaultInferenceRatesAreOneForZilAndFaZilAndATenthForPcAndIpc() {
        assertThat(PcTrainer.builder().schedule(Schedule.zil()).build().config().inferenceRate()).isEqualTo(1.0);
        assertThat(PcTrainer.builder().schedule(Schedule.faZil(4)).build().config().inferenceRate()).isEqualTo(1.0);
        assertThat(PcTrainer.builder().schedule(Schedule.pc(20)).build().config().inferenceRate()).isEqualTo(0.1);
        assertThat(PcTrainer.builder().schedule(Schedule.ipc(8)).build().config().inferenceRate()).isEqualTo(0.1);
        assertThat(PcTrainer.builder().schedule(Schedule.ipc(8)).inferenceRate(0.5).build().config().inferenceRate()).isEqualTo(0.5);
    }

    @Test
    void pcAndIpcLowerTheLossOnTheBatchTheyTrainOn() {
        for (Schedule s : List.of(Schedule.pc(20), Schedule.ipc(8))) {
            MultiLayerNetwork net = net();
            double before = net.score(BATCH);
            PcTrainer trainer = PcTrainer.builder().schedule(s).build();
            for (int i = 0; i < 30; i++) {
                trainer.fitBatch(net, BATCH);
            }
            assertThat(net.score(BATCH)).as("%s", s).isLessThan(0.8 * before);
        }
    }

    @Test
    void scoreIsTheBatchLossAtTheForwardPassPlusRegularisationAsUnderNetFit() {
        MultiLayerNetwork net = Nets.init(Nets.base(new Sgd(0.1), 75).l2(0.01).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(5).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(5).nOut(3).activation(Activation.SOFTMAX).build())
                .build());
        double expected = net.score(BATCH, true);
        PcTrainer.builder().schedule(Schedule.pc(4)).build().fitBatch(net, BATCH);
        assertThat(net.score()).isCloseTo(expected, within(1e-12));
    }
}
