package org.pc4j.trainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pc4j.testkit.NdAssertions.assertBitIdentical;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;
import org.pc4j.trainers.testing.Batches;
import org.pc4j.trainers.testing.Nets;

/** A diverging run stops with advice, before the bad update: parameters are those after the last good update. */
class DivergenceTest {

    @Test
    void explodingInferenceStopsWithAdviceAndNoUpdate() {
        MultiLayerNetwork net = Nets.dense(Activation.TANH, Nets.Head.MSE, new Adam(0.01), 4, 3, 121);
        INDArray params = net.params().dup();
        INDArray updater = net.getUpdater().getStateViewArray().dup();
        // with the rate control off: with it (the default) the run is stable (InferenceRateControlTest)
        PcTrainer wild = PcTrainer.builder().schedule(Schedule.pc(30)).inferenceRate(3.0).inferenceRateControl(false).build();
        DataSet batch = Batches.dense(1, 8, 4, 3, false, 122).get(0);
        assertThatThrownBy(() -> wild.fitBatch(net, batch)).isInstanceOf(DivergenceException.class)
                .hasMessageContainingAll("diverged", "inference step", "Lower the inference rate (now 3.0)", "parameters are as after the last good update");
        assertBitIdentical(net.params(), params);
        assertBitIdentical(net.getUpdater().getStateViewArray(), updater);
        assertThat(net.getIterationCount()).isZero();
    }

    @Test
    void divergingIpcStopsBeforeTheBadUpdateLeavingTheLastGoodParameters() {
        MultiLayerNetwork net = Nets.dense(Activation.RELU, Nets.Head.MSE, new Sgd(40.0), 4, 3, 123);
        List<INDArray> afterEachUpdate = new ArrayList<>();
        net.setListeners(new BaseTrainingListener() {
            @Override
            public void iterationDone(Model model, int iteration, int epoch) {
                afterEachUpdate.add(model.params().dup()); // called after the update is applied, as under net.fit
            }
        });
        List<DataSet> batches = Batches.dense(20, 8, 4, 3, false, 124);
        PcTrainer ipc = PcTrainer.builder().schedule(Schedule.ipc(5)).build();
        assertThatThrownBy(() -> ipc.fit(net, new ListDataSetIterator<>(batches, 1))).isInstanceOf(DivergenceException.class)
                .hasMessageContaining("iteration " + afterEachUpdate.size());
        assertThat(afterEachUpdate).isNotEmpty();
        assertThat(net.getIterationCount()).isEqualTo(afterEachUpdate.size());
        assertBitIdentical(net.params(), afterEachUpdate.get(afterEachUpdate.size() - 1));
    }

    @Test
    void nanEnergyStopsAtTheFirstStep() {
        MultiLayerNetwork net = Nets.dense(Activation.TANH, Nets.Head.MSE, new Adam(0.01), 4, 3, 125);
        net.getParam("3_W").putScalar(0, 0, Double.NaN);
        INDArray params = net.params().dup();
        PcTrainer pc = PcTrainer.builder().schedule(Schedule.zil()).build();
        assertThatThrownBy(() -> pc.fitBatch(net, Batches.dense(1, 8, 4, 3, false, 126).get(0)))
                .isInstanceOf(DivergenceException.class).hasMessageContaining("NaN");
        assertThat(net.params().isNaN().castTo(org.nd4j.linalg.api.buffer.DataType.INT).sumNumber().intValue()).isEqualTo(1);
        net.params().putScalar(net.params().isNaN().castTo(org.nd4j.linalg.api.buffer.DataType.INT).argMax().getInt(0), 0.0);
        params.putScalar(params.isNaN().castTo(org.nd4j.linalg.api.buffer.DataType.INT).argMax().getInt(0), 0.0);
        assertBitIdentical(net.params(), params);
        assertThat(net.getIterationCount()).isZero();
    }

    /** Huge but finite features: the divergence message names the data, not only the rates. */
    @Test
    void divergenceOnUnnormalisedFeaturesSaysToNormaliseThem() {
        MultiLayerNetwork net = Nets.dense(Activation.IDENTITY, Nets.Head.MSE, new Sgd(0.01), 4, 3, 127);
        INDArray params = net.params().dup();
        DataSet batch = Batches.dense(1, 8, 4, 3, false, 128).get(0);
        DataSet huge = new DataSet(batch.getFeatures().mul(1e6), batch.getLabels());
        PcTrainer pc = PcTrainer.builder().schedule(Schedule.pc(10)).inferenceRate(0.5).inferenceRateControl(false).build();
        assertThatThrownBy(() -> pc.fitBatch(net, huge)).isInstanceOf(DivergenceException.class)
                .hasMessageContainingAll("features reach", "normalise the data");
        assertBitIdentical(net.params(), params);
    }
}
