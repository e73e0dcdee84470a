package org.pc4j.trainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pc4j.testkit.NdAssertions.assertBitIdentical;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.pc4j.trainers.testing.Batches;
import org.pc4j.trainers.testing.Nets;
import org.pc4j.trainers.testing.Oracles;

/**
 * {@code trainer.fit(net, iter, epochs)} is a drop-in for {@code net.fit(iter, epochs)}: same iteration and epoch
 * counters, same listener calls, the same updater state shared with later {@code net.fit} calls.
 */
class TrainerContractTest {

    /** Records DL4J listener calls. */
    static final class CallLog extends BaseTrainingListener {
        final List<String> calls = new ArrayList<>();

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            calls.add("iteration " + iteration + " epoch " + epoch);
        }

        @Override
        public void onEpochStart(Model model) {
            calls.add("epoch start");
        }

        @Override
        public void onEpochEnd(Model model) {
            calls.add("epoch end");
        }

        @Override
        public void onGradientCalculation(Model model) {
            calls.add("gradient");
        }
    }

    private static List<DataSet> data() {
        return Batches.dense(5, 6, 4, 3, true, 81);
    }

    @Test
    void zilFitOverAnIteratorMatchesNetFitInParametersCountersAndListenerCalls() {
        MultiLayerNetwork pc = Nets.dense(Activation.SIGMOID, Nets.Head.SOFTMAX_XENT, new Adam(0.01), 4, 3, 82);
        MultiLayerNetwork bp = pc.clone();
        MultiLayerNetwork initial = pc.clone();
        CallLog pcLog = new CallLog();
        CallLog bpLog = new CallLog();
        pc.setListeners(pcLog);
        bp.setListeners(bpLog);

        PcTrainer.builder().schedule(Schedule.zil()).build().fit(pc, new ListDataSetIterator<>(data(), 1), 3);
        bp.fit(new ListDataSetIterator<>(data(), 1), 3);

        assertThat(Oracles.relativeDivergence(pc, bp, initial)).isLessThanOrEqualTo(1e-10);
        assertThat(pc.getIterationCount()).isEqualTo(bp.getIterationCount()).isEqualTo(15);
        assertThat(pc.getEpochCount()).isEqualTo(bp.getEpochCount()).isEqualTo(3);
        assertThat(pcLog.calls).isEqualTo(bpLog.calls);
    }

    @Test
    void trainingWithZilThenNetFitEqualsNetFitTwiceBecauseTheUpdaterStateIsShared() {
        List<DataSet> batches = data();
        MultiLayerNetwork mixed = Nets.dense(Activation.TANH, Nets.Head.MSE, new Adam(0.02), 4, 3, 83);
        MultiLayerNetwork bp = mixed.clone();
        MultiLayerNetwork initial = mixed.clone();
        PcTrainer zil = PcTrainer.builder().schedule(Schedule.zil()).build();
        for (int i = 0; i < batches.size(); i++) {
            DataSet b = new DataSet(batches.get(i).getFeatures(), Nd4j.randn(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 6, 3));
            if (i % 2 == 0) {
                zil.fitBatch(mixed, b);
            } else {
                mixed.fit(b);
            }
            bp.fit(b);
        }
        assertThat(Oracles.relativeDivergence(mixed, bp, initial)).isLessThanOrEqualTo(1e-10);
    }

    @Test
    void ipcCallsTheNetworksListenersOncePerWeightUpdate() {
        MultiLayerNetwork net = Nets.dense(Activation.TANH, Nets.Head.SOFTMAX_XENT, new Adam(0.01), 4, 3, 84);
        CallLog log = new CallLog();
        net.setListeners(log);
        PcTrainer.builder().schedule(Schedule.ipc(4)).build().fit(net, new ListDataSetIterator<>(data(), 1));
        assertThat(log.calls.stream().filter(c -> c.startsWith("iteration")).count()).isEqualTo(20);
        assertThat(log.calls.get(0)).isEqualTo("epoch start");
        assertThat(log.calls.get(log.calls.size() - 1)).isEqualTo("epoch end");
        assertThat(net.getIterationCount()).isEqualTo(20);
    }

    @Test
    void pcListenersSeeEveryStepAndEveryBatch() {
        List<Integer> steps = new ArrayList<>();
        List<BatchResult> batches = new ArrayList<>();
        PcListener listener = new PcListener() {
            @Override
            public void onInferenceStep(Model network, InferenceStep step) {
                steps.add(step.step());
            }

            @Override
            public void onBatchEnd(Model network, BatchResult result) {
                batches.add(result);
            }
        };
        MultiLayerNetwork net = Nets.dense(Activation.TANH, Nets.Head.SOFTMAX_XENT, new Adam(0.01), 4, 3, 85);
        PcTrainer.builder().schedule(Schedule.pc(3)).listeners(listener).build().fit(net, new ListDataSetIterator<>(data(), 1));
        assertThat(batches).hasSize(5);
        assertThat(steps).hasSize(20).startsWith(0, 1, 2, 3, 0);
    }

    @Test
    void workspacesChangeMemoryUseButNotResults() {
        for (Schedule s : List.of(Schedule.ipc(4), Schedule.pc(5), Schedule.zil(), Schedule.faZil(4, 2))) {
            MultiLayerNetwork a = Nets.cnn(Nets.Head.SOFTMAX_XENT, new Adam(0.01), 3, 86);
            MultiLayerNetwork b = a.clone();
            List<DataSet> batches = Batches.images(3, 4, 1, 6, 6, 3, true, 87);
            PcTrainer withWs = PcTrainer.builder().schedule(s).build();
            PcTrainer without = PcTrainer.builder().schedule(s).workspaceMode(WorkspaceMode.NONE).build();
            for (DataSet batch : batches) {
                withWs.fitBatch(a, batch);
                without.fitBatch(b, batch);
            }
            assertBitIdentical(String.format("%s", s), a.params(), b.params());

            MultiLayerNetwork r1 = Nets.recurrent(Nets.Head.MSE, new Adam(0.01), 3, 2, 88);
            MultiLayerNetwork r2 = r1.clone();
            for (DataSet batch : Batches.sequences(2, 3, 3, 4, 2, false, 89)) {
                withWs.fitBatch(r1, batch);
                without.fitBatch(r2, batch);
            }
            assertBitIdentical(String.format("%s", s), r1.params(), r2.params());
        }
    }

    @Test
    void oneTrainerTrainsSeveralNetworks() {
        PcTrainer trainer = PcTrainer.builder().schedule(Schedule.zil()).build();
        List<DataSet> batches = data();
        MultiLayerNetwork n1 = Nets.dense(Activation.TANH, Nets.Head.MSE, new Adam(0.01), 4, 3, 90);
        MultiLayerNetwork n2 = Nets.dense(Activation.RELU, Nets.Head.SOFTMAX_XENT, new Adam(0.01), 4, 3, 91);
        MultiLayerNetwork bp1 = n1.clone();
        MultiLayerNetwork bp2 = n2.clone();
        MultiLayerNetwork i1 = n1.clone();
        MultiLayerNetwork i2 = n2.clone();
        for (DataSet b : batches) {
            DataSet regression = new DataSet(b.getFeatures(), b.getLabels().mul(2).subi(1));
            trainer.fitBatch(n1, regression);
            trainer.fitBatch(n2, b);
            bp1.fit(regression);
            bp2.fit(b);
        }
        assertThat(Oracles.relativeDivergence(n1, bp1, i1)).isLessThanOrEqualTo(1e-10);
        assertThat(Oracles.relativeDivergence(n2, bp2, i2)).isLessThanOrEqualTo(1e-10);
    }
}
