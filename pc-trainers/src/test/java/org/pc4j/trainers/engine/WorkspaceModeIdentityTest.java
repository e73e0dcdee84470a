package org.pc4j.trainers.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pc4j.testkit.NdAssertions.assertBitIdentical;

import java.util.List;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.pc4j.trainers.PcTrainer;
import org.pc4j.trainers.PcTrainerBuilder;
import org.pc4j.trainers.Schedule;
import org.pc4j.trainers.testing.Batches;
import org.pc4j.trainers.testing.Graphs;
import org.pc4j.trainers.testing.Nets;

/**
 * Workspaces change where arrays live, never what is computed: on a residual graph (skip edges of 2 and 4 levels,
 * whose messages Z-IL and Fa-Z-IL delay), every schedule trains to bit-identical parameters with
 * {@link WorkspaceMode#ENABLED} and {@link WorkspaceMode#NONE}. (The delay line used to hand out its own buffer,
 * which the receiving node added into and kept as its pending step: without workspaces it was rewritten before it
 * was read.)
 */
class WorkspaceModeIdentityTest {

    static List<Schedule> schedules() {
        return List.of(Schedule.pc(6), Schedule.ipc(4), Schedule.zil(), Schedule.faZil(4), Schedule.faZil(2, 3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schedules")
    void workspacesOnAndOffTrainToTheSameParameters(Schedule schedule) {
        List<DataSet> batches = Batches.images(3, 6, 2, 6, 6, 3, true, 77);
        ComputationGraph on = Graphs.resNet(Nets.Head.SOFTMAX_XENT, new Adam(0.01), 3, 76);
        ComputationGraph off = Graphs.resNet(Nets.Head.SOFTMAX_XENT, new Adam(0.01), 3, 76);
        PcTrainerBuilder b = PcTrainer.builder().schedule(schedule).divergenceFactor(Double.POSITIVE_INFINITY);
        PcTrainer withWorkspaces = b.workspaceMode(WorkspaceMode.ENABLED).build();
        PcTrainer without = b.workspaceMode(WorkspaceMode.NONE).build();
        for (DataSet batch : batches) {
            // the energy traces too: they show the value nodes after their moment, which the delay line corrupted
            double[][] a = withWorkspaces.fitBatch(on, batch).energies();
            double[][] c = without.fitBatch(off, batch).energies();
            assertThat(c).isDeepEqualTo(a);
        }
        assertBitIdentical(off.params(), on.params());
    }

    /**
     * A node whose first consumer in topological order reads it over a skip edge: its delayed message is the first
     * to arrive, so the sum of its messages used to be accumulated into the delay line's own buffer and kept as the
     * node's step, and without workspaces the next message written into that buffer moved the node.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("schedules")
    void aDelayedMessageThatArrivesFirstIsNotOverwrittenWithoutWorkspaces(Schedule schedule) {
        org.deeplearning4j.nn.conf.ComputationGraphConfiguration conf = Nets.base(new Adam(0.01), 78).graphBuilder()
                .addInputs("in")
                .addLayer("d1", new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nIn(4).nOut(5)
                        .activation(org.nd4j.linalg.activations.Activation.TANH).build(), "in")
                .addLayer("reg", new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder(
                        org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MSE).nIn(5).nOut(2)
                        .activation(org.nd4j.linalg.activations.Activation.IDENTITY).build(), "d1")
                .addLayer("d2", new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nIn(5).nOut(5)
                        .activation(org.nd4j.linalg.activations.Activation.TANH).build(), "d1")
                .addLayer("d3", new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nIn(5).nOut(5)
                        .activation(org.nd4j.linalg.activations.Activation.TANH).build(), "d2")
                .addLayer("cls", new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder(
                        org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MSE).nIn(5).nOut(3)
                        .activation(org.nd4j.linalg.activations.Activation.IDENTITY).build(), "d3")
                .setOutputs("reg", "cls").build();
        ComputationGraph on = Graphs.init(conf);
        ComputationGraph off = on.clone();
        PcTrainerBuilder b = PcTrainer.builder().schedule(schedule).divergenceFactor(Double.POSITIVE_INFINITY);
        PcTrainer withWorkspaces = b.workspaceMode(WorkspaceMode.ENABLED).build();
        PcTrainer without = b.workspaceMode(WorkspaceMode.NONE).build();
        java.util.Random r = new java.util.Random(79);
        for (int i = 0; i < 3; i++) {
            org.nd4j.linalg.dataset.MultiDataSet batch = new org.nd4j.linalg.dataset.MultiDataSet(
                    new org.nd4j.linalg.api.ndarray.INDArray[] {Batches.uniform(r, 6, 4)},
                    new org.nd4j.linalg.api.ndarray.INDArray[] {Batches.uniform(r, 6, 2), Batches.uniform(r, 6, 3)});
            double[][] a = withWorkspaces.fitBatch(on, batch).energies();
            double[][] c = without.fitBatch(off, batch).energies();
            assertThat(c).isDeepEqualTo(a);
        }
        assertBitIdentical(off.params(), on.params());
    }
}
