package org.pc4j.trainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pc4j.testkit.NdAssertions.assertBitIdentical;

import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.pc4j.trainers.testing.Batches;
import org.pc4j.trainers.testing.Nets;

/**
 * {@code Schedule.pc(T).untilConverged(tol)}: each batch relaxes until the first step (from the one at which the error
 * has reached every layer) whose total energy changed by at most {@code tol} of the previous step's, and reads the
 * weight gradient there. The oracle: that update is bit-identical to the update of the fixed schedule
 * {@code pc(T')} with T' the value steps the batch used, on a copy of the same network and batch.
 */
class AdaptiveInferenceTest {

    private static final List<DataSet> BATCHES = Batches.dense(3, 6, 4, 3, true, 71);

    private static MultiLayerNetwork net() {
        return Nets.dense(Activation.TANH, Nets.Head.SOFTMAX_XENT, new Adam(0.01), 4, 3, 72);
    }

    private static PcSession session(MultiLayerNetwork net, Schedule schedule) {
        // an early stop runs on the general path, so the fixed schedule it is compared with bit for bit does too
        return PcTrainer.builder().schedule(schedule).inferenceRate(0.1).kernelPath(KernelPath.GENERAL).build().open(net, true);
    }

    @Test
    void aConvergedBatchUpdatesAsTheFixedScheduleWithTheStepsItUsed() {
        double tol = 1e-3;
        int depth = 4;
        MultiLayerNetwork adaptive = net();
        MultiLayerNetwork fixed = adaptive.clone();
        try (PcSession a = session(adaptive, Schedule.pc(200).untilConverged(tol))) {
            for (DataSet batch : BATCHES) {
                BatchResult r = a.fit(batch);
                int used = r.steps() - 1; // value steps: the last energy evaluation reads the gradient
                assertThat(used).as("stopped early").isLessThan(200).isGreaterThanOrEqualTo(depth - 1);
                double last = r.totalEnergy(r.steps() - 1);
                double before = r.totalEnergy(r.steps() - 2);
                assertThat(Math.abs(last - before)).as("the rule holds at the last step").isLessThanOrEqualTo(tol * Math.abs(before));
                for (int e = depth - 1; e < r.steps() - 1; e++) {
                    assertThat(Math.abs(r.totalEnergy(e) - r.totalEnergy(e - 1))).as("not yet converged at step %d", e)
                            .isGreaterThan(tol * Math.abs(r.totalEnergy(e - 1)));
                }
                assertThat(r.weightUpdates()).isEqualTo(1);
                try (PcSession f = session(fixed, Schedule.pc(used))) {
                    BatchResult same = f.fit(batch);
                    assertThat(same.steps()).isEqualTo(r.steps());
                }
                INDArray p = adaptive.params();
                assertBitIdentical(String.format("the adaptive update equals pc(%d)'s", used), p, fixed.params());
            }
        }
    }

    @Test
    void aTinyToleranceRunsAllTStepsAndNeverStopsBeforeTheErrorReachesEveryLayer() {
        MultiLayerNetwork net = net();
        try (PcSession s = session(net, Schedule.pc(12).untilConverged(1e-15))) {
            assertThat(s.fit(BATCHES.get(0)).steps()).isEqualTo(13);
        }
        // with a huge tolerance the batch stops at the first step allowed: depth - 1 = 3
        try (PcSession s = session(net(), Schedule.pc(12).untilConverged(0.99))) {
            assertThat(s.fit(BATCHES.get(0)).steps()).isEqualTo(4);
        }
        assertThat(Schedule.pc(20).untilConverged(1e-3).toString()).isEqualTo("pc(20).untilConverged(0.001)");
        assertThatThrownBy(() -> Schedule.pc(20).untilConverged(1)).hasMessageContaining("0 <= tol < 1");
        assertThatThrownBy(() -> Schedule.pc(20).untilConverged(Double.NaN)).hasMessageContaining("0 <= tol < 1");
    }
}
