package org.pc4j.trainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pc4j.testkit.NdAssertions.assertBitIdentical;

import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.pc4j.trainers.testing.Batches;
import org.pc4j.trainers.testing.Nets;

/**
 * The inference-rate control: a step of PC or iPC that raised the total energy was above the stable limit, and the
 * rest of the batch steps at half the rate. Oracles: gradient descent at a stable rate never raises the energy, so a
 * stable run is bit-identical with and without the control; an unstable PC batch, once controlled, ends below where it
 * started, and iPC's energy stays within a few times its start where without the control it runs away.
 */
class InferenceRateControlTest {

    private static final List<DataSet> BATCHES = Batches.dense(4, 8, 4, 3, false, 122);

    @Test
    void aRunWhoseEnergiesNeverRiseIsBitIdenticalWithAndWithoutTheControl() {
        MultiLayerNetwork on = Nets.dense(Activation.TANH, Nets.Head.MSE, new Adam(0.01), 4, 3, 121);
        MultiLayerNetwork off = on.clone();
        PcTrainer controlled = PcTrainer.builder().schedule(Schedule.pc(12)).inferenceRate(0.1).build();
        PcTrainer fixed = PcTrainer.builder().schedule(Schedule.pc(12)).inferenceRate(0.1).inferenceRateControl(false).build();
        for (DataSet b : BATCHES) {
            BatchResult r = controlled.fitBatch(on, b);
            fixed.fitBatch(off, b);
            for (int t = 1; t < r.steps(); t++) {
                assertThat(r.totalEnergy(t)).as("step %d", t).isLessThanOrEqualTo(r.totalEnergy(t - 1));
            }
        }
        assertBitIdentical(on.params(), off.params());
    }

    @Test
    void anUnstableRateIsHalvedUntilTheEnergyFallsAndTheBatchEndsBelowItsStart() {
        // gamma 3 on this network: without the control the energy grows a thousandfold within 30 steps (DivergenceTest)
        MultiLayerNetwork net = Nets.dense(Activation.TANH, Nets.Head.MSE, new Adam(0.01), 4, 3, 121);
        PcTrainer pc = PcTrainer.builder().schedule(Schedule.pc(30)).inferenceRate(3.0).build();
        for (DataSet b : BATCHES) {
            BatchResult r = pc.fitBatch(net, b);
            assertThat(r.totalEnergy(r.steps() - 1)).isLessThan(r.totalEnergy(0));
            assertThat(r.weightUpdates()).isEqualTo(1);
            int rises = 0;
            for (int t = 1; t < r.steps(); t++) {
                if (r.totalEnergy(t) > r.totalEnergy(t - 1)) {
                    rises++;
                }
            }
            // each rise halves the rate: 3 -> 1.5 -> 0.75 -> ... ; a handful of halvings bring it below the limit
            assertThat(rises).as("rising steps").isBetween(1, 6);
        }
        assertThat(net.getIterationCount()).isEqualTo(BATCHES.size());
    }

    @Test
    void underIpcAnUnstableRateIsContainedWhereWithoutTheControlTheEnergyRunsAway() {
        MultiLayerNetwork controlled = Nets.dense(Activation.TANH, Nets.Head.MSE, new Adam(0.01), 4, 3, 121);
        MultiLayerNetwork fixed = controlled.clone();
        PcTrainer on = PcTrainer.builder().schedule(Schedule.ipc(20)).inferenceRate(1.5).build();
        PcTrainer off = PcTrainer.builder().schedule(Schedule.ipc(20)).inferenceRate(1.5).inferenceRateControl(false)
                .divergenceFactor(Double.POSITIVE_INFINITY).build();
        double worstOn = 0;
        double worstOff = 0;
        for (DataSet b : BATCHES) {
            BatchResult r = on.fitBatch(controlled, b);
            BatchResult s = off.fitBatch(fixed, b);
            for (int t = 0; t < r.steps(); t++) {
                worstOn = Math.max(worstOn, r.totalEnergy(t) / r.totalEnergy(0));
                worstOff = Math.max(worstOff, s.totalEnergy(t) / s.totalEnergy(0));
            }
        }
        // measured: 875-fold without the control, 3.3-fold with it
        assertThat(worstOff).as("without the control").isGreaterThan(100);
        assertThat(worstOn).as("with the control").isLessThan(5);
    }
}
