package org.pc4j.trainers.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.pc4j.trainers.PcConfig;
import org.pc4j.trainers.Schedule;
import org.pc4j.trainers.ValueInit;
import org.pc4j.trainers.engine.network.NetworkView;
import org.pc4j.trainers.testing.Batches;
import org.pc4j.trainers.testing.Nets;

/**
 * The engine does no work twice: under forward-pass initialisation a layer's error is exactly zero until the
 * output error reaches it (at the step equal to its level), so no schedule computes it earlier; and Z-IL, which
 * skips the layers the wavefront has passed, runs every layer's forward and backward pass exactly once per batch,
 * like backprop.
 */
class WavefrontWorkTest {

    private static final DataSet BATCH = Batches.dense(1, 6, 4, 3, true, 61).get(0);

    private static NetworkView trainOneBatch(Schedule schedule, WorkspaceMode mode) {
        MultiLayerNetwork net = Nets.dense(Activation.TANH, Nets.Head.SOFTMAX_XENT, new Adam(0.01), 4, 3, 62);
        // the general path's work is what is counted (the kernel path computes every layer of a dense chain by design)
        PcConfig config = new PcConfig(schedule, schedule.defaultInferenceRate(), ValueInit.forwardPass(), 1e3, mode,
                org.pc4j.trainers.NodeEnergies.defaults(), true, org.pc4j.trainers.ValueOptimizer.gradientDescent(),
                org.pc4j.trainers.KernelPath.GENERAL);
        try (TrainingSession session = new TrainingSession(net, config, List.of(), true)) {
            session.fit(BATCH);
            return session.view();
        }
    }

    @Test
    void zilRunsEachLayersForwardAndBackwardPassExactlyOncePerBatch() {
        for (WorkspaceMode mode : WorkspaceMode.values()) {
            NetworkView chain = trainOneBatch(Schedule.zil(), mode);
            for (int k = 0; k < chain.size(); k++) {
                assertThat(chain.predictor(k).forwardCalls()).as("%s forward, %s", chain.predictor(k), mode).isEqualTo(1);
                assertThat(chain.predictor(k).backwardCalls()).as("%s backward, %s", chain.predictor(k), mode).isEqualTo(1);
            }
        }
    }

    @Test
    void pcComputesALayerOnlyFromTheStepTheErrorWavefrontReachesIt() {
        int valueSteps = 6;
        NetworkView chain = trainOneBatch(Schedule.pc(valueSteps), WorkspaceMode.ENABLED);
        int steps = valueSteps + 1;
        for (int k = 0; k < chain.size(); k++) {
            int level = chain.predictor(k).level();
            assertThat(chain.predictor(k).backwardCalls()).as("%s", chain.predictor(k)).isEqualTo(steps - level);
        }
    }

    @Test
    void pcAsksForTheWeightGradientOnlyAtItsLastStepAndIpcAtEveryStep() {
        int valueSteps = 6;
        NetworkView pc = trainOneBatch(Schedule.pc(valueSteps), WorkspaceMode.ENABLED);
        for (int k = 0; k < pc.size(); k++) {
            assertThat(pc.predictor(k).gradientCalls()).as("PC: %s", pc.predictor(k)).isEqualTo(1);
        }
        NetworkView zil = trainOneBatch(Schedule.zil(), WorkspaceMode.ENABLED);
        for (int k = 0; k < zil.size(); k++) {
            assertThat(zil.predictor(k).gradientCalls()).as("Z-IL: %s", zil.predictor(k)).isEqualTo(1);
        }
        NetworkView ipc = trainOneBatch(Schedule.ipc(4), WorkspaceMode.ENABLED);
        for (int k = 0; k < ipc.size(); k++) {
            assertThat(ipc.predictor(k).gradientCalls()).as("iPC: %s", ipc.predictor(k))
                    .isEqualTo(ipc.predictor(k).backwardCalls()).isPositive();
        }
    }
}
