package org.pc4j.trainers.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.pc4j.trainers.PcConfig;
import org.pc4j.trainers.Schedule;
import org.pc4j.trainers.ValueInit;
import org.pc4j.trainers.engine.memory.StepMemory;
import org.pc4j.trainers.testing.Batches;
import org.pc4j.trainers.testing.Nets;

/**
 * Memory stays flat over long runs: every inference step allocates in the same reusable workspaces, and per-batch
 * state reuses the same buffers, so after the first batches neither grows however many batches and steps follow.
 * Closing the session frees its buffers; the thread keeps its sized workspaces for the next training call (so that
 * repeated single-batch calls do not re-learn them, as DL4J keeps its own), until {@link StepMemory#release()}.
 */
class MemoryReuseTest {

    private static long workspaceBytes() {
        long total = 0;
        for (String id : new String[] {StepMemory.STEP, StepMemory.LAYER_WORKING, StepMemory.RNN_LOOP, StepMemory.UPDATER}) {
            if (Nd4j.getWorkspaceManager().checkIfWorkspaceExists(id)) {
                MemoryWorkspace ws = Nd4j.getWorkspaceManager().getWorkspaceForCurrentThread(id);
                total += ws.getCurrentSize();
            }
        }
        return total;
    }

    @Test
    void workspacesAndBuffersStopGrowingAfterTheFirstBatchesAndWorkspacesServeTheNextSession() {
        for (Schedule schedule : List.of(Schedule.ipc(6), Schedule.pc(8), Schedule.zil())) {
            MultiLayerNetwork net = Nets.cnn(Nets.Head.SOFTMAX_XENT, new Adam(0.01), 3, 141);
            List<DataSet> batches = Batches.images(4, 8, 1, 6, 6, 3, true, 142);
            PcConfig config = new PcConfig(schedule, schedule.defaultInferenceRate(), ValueInit.forwardPass(), 1e3, WorkspaceMode.ENABLED);
            long workspaceAfterWarmUp;
            long poolAfterWarmUp;
            try (TrainingSession session = new TrainingSession(net, config, List.of(), false)) {
                for (int i = 0; i < 8; i++) {
                    session.fit(batches.get(i % batches.size()));
                }
                workspaceAfterWarmUp = workspaceBytes();
                poolAfterWarmUp = session.bufferBytes();
                for (int i = 0; i < 30; i++) {
                    session.fit(batches.get(i % batches.size()));
                }
                assertThat(workspaceAfterWarmUp).as("%s", schedule).isPositive();
                assertThat(workspaceBytes()).as("%s workspaces", schedule).isEqualTo(workspaceAfterWarmUp);
                assertThat(session.bufferBytes()).as("%s buffers", schedule).isEqualTo(poolAfterWarmUp);
            }
            assertThat(Nd4j.getWorkspaceManager().anyWorkspaceActiveForCurrentThread()).isFalse();
            long kept = workspaceBytes();
            assertThat(kept).as("%s kept for the next call", schedule).isEqualTo(workspaceAfterWarmUp);
            try (TrainingSession next = new TrainingSession(net, config, List.of(), false)) {
                for (int i = 0; i < 5; i++) {
                    next.fit(batches.get(i % batches.size()));
                }
            }
            assertThat(workspaceBytes()).as("%s next session reuses them", schedule).isEqualTo(kept);
            StepMemory.release();
            assertThat(workspaceBytes()).as("%s after release", schedule).isZero();
        }
    }
}
