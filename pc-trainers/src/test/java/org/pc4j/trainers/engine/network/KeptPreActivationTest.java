package org.pc4j.trainers.engine.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.pc4j.trainers.PcConfig;
import org.pc4j.trainers.Schedule;
import org.pc4j.trainers.ValueInit;
import org.pc4j.trainers.engine.TrainingSession;
import org.pc4j.trainers.testing.Batches;
import org.pc4j.trainers.testing.Nets;

/**
 * Dense layers keep their pre-activation only where it is used: under PC the silent steps' messages come from the z
 * the forward pass kept (its values are checked against DL4J's backprop in {@code PcLayerAccessTest}); under Z-IL and
 * iPC, which read every gradient, no message is asked for alone and no z is copied.
 */
class KeptPreActivationTest {

    private static final List<DataSet> BATCHES = Batches.dense(2, 6, 4, 3, true, 81);

    private static NetworkView train(Schedule schedule) {
        return train(Nets.dense(Activation.TANH, Nets.Head.SOFTMAX_XENT, new Adam(0.01), 4, 3, 82), BATCHES, schedule);
    }

    private static NetworkView train(MultiLayerNetwork net, List<DataSet> batches, Schedule schedule) {
        // the general path's layer calls are what is observed (the kernel path keeps its own pre-activations)
        PcConfig config = new PcConfig(schedule, schedule.defaultInferenceRate(), ValueInit.forwardPass(), 1e3,
                org.deeplearning4j.nn.conf.WorkspaceMode.ENABLED, org.pc4j.trainers.NodeEnergies.defaults(), true,
                org.pc4j.trainers.ValueOptimizer.gradientDescent(), org.pc4j.trainers.KernelPath.GENERAL);
        try (TrainingSession session = new TrainingSession(net, config, List.of(), false)) {
            batches.forEach(session::fit);
            return session.view();
        }
    }

    private static List<PlainLayerAdapter.PreActivation> denseStates(NetworkView view) {
        return java.util.stream.IntStream.range(0, view.size()).mapToObj(k -> view.predictor(k).state())
                .filter(s -> s instanceof PlainLayerAdapter.PreActivation).map(s -> (PlainLayerAdapter.PreActivation) s).toList();
    }

    @Test
    void convolutionsKeepTheirPreActivationUnderPcToo() {
        // Nets.cnn: conv 3x3 -> batch norm -> relu -> max pool -> conv 1x1 -> dense -> output
        MultiLayerNetwork cnn = Nets.cnn(Nets.Head.SOFTMAX_XENT, new Adam(0.01), 3, 83);
        NetworkView view = train(cnn, Batches.images(2, 4, 1, 6, 6, 3, true, 84), Schedule.pc(8));
        List<PlainLayerAdapter.PreActivation> kept = denseStates(view);
        assertThat(kept).as("two convolutions and the dense layer").hasSize(3);
        for (PlainLayerAdapter.PreActivation s : kept) {
            assertThat(s.reused()).as("silent steps served from the kept z").isPositive();
        }
    }

    @Test
    void pcReusesTheKeptPreActivationAndZilAndIpcKeepNone() {
        List<PlainLayerAdapter.PreActivation> pc = denseStates(train(Schedule.pc(6)));
        assertThat(pc).hasSize(3);
        for (PlainLayerAdapter.PreActivation s : pc) {
            assertThat(s.keeps()).isTrue();
            assertThat(s.reused()).as("silent steps served from the kept z").isPositive();
        }
        for (Schedule s : List.of(Schedule.zil(), Schedule.ipc(4))) {
            for (PlainLayerAdapter.PreActivation state : denseStates(train(s))) {
                assertThat(state.keeps()).as("%s keeps no z", s).isFalse();
                assertThat(state.reused()).isZero();
            }
        }
    }
}
