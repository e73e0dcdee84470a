package org.pc4j.trainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pc4j.testkit.NdAssertions.assertBitIdentical;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Nadam;
import org.pc4j.trainers.testing.Batches;
import org.pc4j.trainers.testing.Nets;
import org.pc4j.trainers.updater.NadamBiasCorrection;

/**
 * DL4J's Nadam without its second-moment bias correction makes PC and iPC fail silently on the official
 * MNISTDoubleLayer example (the conformance suite shows it); the trainer refuses it up front under those two
 * schedules, says what to change, and changes nothing. Z-IL and Fa-Z-IL compute backprop's update and accept it.
 */
class NadamRefusalTest {

    private static final DataSet BATCH = Batches.dense(1, 8, 4, 3, true, 3).get(0);

    @Test
    void pcAndIpcRefuseUncorrectedNadamBeforeAnyComputation() {
        for (Schedule schedule : new Schedule[] {Schedule.pc(8), Schedule.ipc(5)}) {
            MultiLayerNetwork net = Nets.dense(Activation.RELU, Nets.Head.SOFTMAX_XENT, new Nadam(), 4, 3, 7);
            INDArray before = net.params().dup();
            PcTrainer trainer = PcTrainer.builder().schedule(schedule).build();
            assertThatThrownBy(() -> trainer.fit(net, BATCH)).as("%s", schedule).isInstanceOf(UnsupportedNetworkException.class)
                    .hasMessageContainingAll("Nadam", "bias correction", "NadamBiasCorrection.nadam(learningRate)", "Adam");
            assertThatThrownBy(() -> trainer.check(net)).isInstanceOf(UnsupportedNetworkException.class);
            assertBitIdentical(net.params(), before);
            assertThat(net.getIterationCount()).isZero();
        }
    }

    @Test
    void exactSchedulesCorrectedNadamAndLateIterationsAreAccepted() {
        MultiLayerNetwork zil = Nets.dense(Activation.RELU, Nets.Head.SOFTMAX_XENT, new Nadam(), 4, 3, 7);
        MultiLayerNetwork bp = zil.clone();
        PcTrainer.builder().schedule(Schedule.zil()).build().fit(zil, BATCH);
        bp.fit(BATCH);
        assertBitIdentical(zil.params(), bp.params());

        MultiLayerNetwork corrected = Nets.dense(Activation.RELU, Nets.Head.SOFTMAX_XENT, NadamBiasCorrection.nadam(1e-3), 4, 3, 7);
        PcTrainer.builder().schedule(Schedule.ipc(5)).build().fit(corrected, BATCH);
        assertThat(corrected.getIterationCount()).isEqualTo(5);

        // past the transient DL4J's Nadam is within 26% of the published one: a resumed network is accepted
        MultiLayerNetwork resumed = Nets.dense(Activation.RELU, Nets.Head.SOFTMAX_XENT, new Nadam(), 4, 3, 7);
        resumed.setIterationCount(1000);
        PcTrainer.builder().schedule(Schedule.pc(8)).build().fit(resumed, BATCH);
        assertThat(resumed.getIterationCount()).isEqualTo(1001);
    }
}
