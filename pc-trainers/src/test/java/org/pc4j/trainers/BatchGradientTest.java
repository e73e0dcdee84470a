package org.pc4j.trainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pc4j.testkit.NdAssertions.assertBitIdentical;

import java.util.List;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.pc4j.trainers.testing.Batches;
import org.pc4j.trainers.testing.Graphs;
import org.pc4j.trainers.testing.Nets;

/**
 * A batch's gradient read instead of applied ({@link PcSession#gradient}) and gradients applied from elsewhere
 * ({@link PcSession#apply}), the two halves of data-parallel training. Oracles: DL4J's backprop on the union batch
 * (Z-IL's gradient is backprop's, and DL4J averages over the batch, so the halves' summed gradients applied with the
 * union's size are {@code net.fit} on the union), and pc4j's own {@code fit} for PC (reading then applying is the same
 * update, bit for bit).
 */
class BatchGradientTest {

    private static double maxRelative(INDArray a, INDArray b) {
        double scale = Math.max(b.norm2Number().doubleValue(), 1e-300);
        return a.distance2(b) / scale;
    }

    private static DataSet union(List<DataSet> halves) {
        return DataSet.merge(halves);
    }

    private static INDArray sumOfHalves(NeuralNetwork net, PcTrainer trainer, List<DataSet> halves, int[] examples, double[] loss) {
        INDArray sum = null;
        for (DataSet half : halves) {
            NeuralNetwork copy = net instanceof MultiLayerNetwork m ? m.clone() : ((ComputationGraph) net).clone();
            try (PcSession s = trainer.open(copy, false)) {
                BatchGradient g = s.gradient(half);
                sum = sum == null ? g.gradient().dup() : sum.addi(g.gradient());
                examples[0] += g.examples();
                loss[0] += g.lossPerExample() * g.examples();
            }
        }
        loss[0] /= examples[0];
        return sum;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sgd", "adam"})
    void zilGradientsOfTwoHalvesAppliedTogetherEqualBackpropOnTheUnionBatch(String updaterName) {
        IUpdater updater = updaterName.equals("sgd") ? new Sgd(0.1) : new Adam(0.01);
        List<DataSet> halves = Batches.dense(2, 32, 6, 3, true, 61);
        PcTrainer zil = PcTrainer.builder().schedule(Schedule.zil()).build();
        for (NeuralNetwork initial : new NeuralNetwork[] {Nets.dense(Activation.TANH, Nets.Head.SOFTMAX_XENT, updater, 6, 3, 62),
                Graphs.denseResidual(Nets.Head.SOFTMAX_XENT, updater, 3, 63)}) {
            DataSet batches = union(halves);
            NeuralNetwork bp = initial instanceof MultiLayerNetwork m ? m.clone() : ((ComputationGraph) initial).clone();
            NeuralNetwork pc = initial instanceof MultiLayerNetwork m ? m.clone() : ((ComputationGraph) initial).clone();
            for (int round = 0; round < 3; round++) { // three rounds: Adam's moments carry over
                if (bp instanceof MultiLayerNetwork m) {
                    m.fit(batches);
                } else {
                    ((ComputationGraph) bp).fit(batches);
                }
                int[] examples = {0};
                double[] loss = {0};
                INDArray sum = sumOfHalves(pc, zil, halves, examples, loss);
                assertThat(examples[0]).isEqualTo(64);
                try (PcSession s = zil.open(pc, false)) {
                    s.apply(sum, examples[0], loss[0]);
                }
            }
            assertThat(maxRelative(pc.params(), bp.params())).as("%s, %s", initial.getClass().getSimpleName(), updaterName).isLessThan(1e-10);
            INDArray pcState = pc instanceof MultiLayerNetwork m ? m.getUpdater().getStateViewArray()
                    : ((ComputationGraph) pc).getUpdater().getStateViewArray();
            INDArray bpState = bp instanceof MultiLayerNetwork m ? m.getUpdater().getStateViewArray()
                    : ((ComputationGraph) bp).getUpdater().getStateViewArray();
            if (bpState != null) {
                assertThat(maxRelative(pcState, bpState)).as("updater state").isLessThan(1e-10);
            }
            int pcIterations = pc instanceof MultiLayerNetwork m ? m.getIterationCount() : ((ComputationGraph) pc).getIterationCount();
            assertThat(pcIterations).isEqualTo(3);
        }
    }

    @Test
    void readingAPcGradientChangesNothingAndApplyingItIsTheSessionsOwnUpdate() {
        MultiLayerNetwork net = Nets.cnn(Nets.Head.SOFTMAX_XENT, new Adam(0.01), 3, 64);
        DataSet batch = Batches.images(1, 6, 1, 6, 6, 3, true, 65).get(0);
        PcTrainer pc = PcTrainer.builder().schedule(Schedule.pc(6)).inferenceRate(0.1).build();
        MultiLayerNetwork fitted = net.clone();
        pc.fitBatch(fitted, batch);
        INDArray before = net.params().dup();
        try (PcSession s = pc.open(net, false)) {
            BatchGradient g = s.gradient(batch);
            assertBitIdentical("reading changes no parameter", net.params(), before);
            assertThat(net.getIterationCount()).isZero();
            assertThat(g.examples()).isEqualTo(6);
            assertThat(g.gradient().length()).isEqualTo(net.numParams());
            assertThat(g.lossPerExample()).isPositive();
            s.apply(g.gradient(), g.examples(), g.lossPerExample());
        }
        assertThat(net.params().equalsWithEps(fitted.params(), 0.0)).as("read + apply = fit, exactly").isTrue();
        assertThat(net.getIterationCount()).isEqualTo(1);
    }

    @Test
    void ipcHasNoBatchGradientAndABadGradientIsRefusedWithTheNetworkUnchanged() {
        MultiLayerNetwork net = Nets.dense(Activation.TANH, Nets.Head.MSE, new Sgd(0.1), 4, 3, 66);
        DataSet batch = Batches.dense(1, 5, 4, 3, false, 67).get(0);
        INDArray before = net.params().dup();
        try (PcSession s = PcTrainer.builder().schedule(Schedule.ipc(4)).build().open(net, false)) {
            assertThatThrownBy(() -> s.gradient(batch)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("one weight update per batch");
        }
        try (PcSession s = PcTrainer.builder().schedule(Schedule.zil()).build().open(net, false)) {
            assertThatThrownBy(() -> s.apply(Nd4j.zeros(1, net.numParams() + 1), 5, 1.0)).hasMessageContaining("parameters");
            INDArray nan = Nd4j.zeros(net.params().dataType(), 1, net.numParams());
            nan.putScalar(3, Double.NaN);
            assertThatThrownBy(() -> s.apply(nan, 5, 1.0)).isInstanceOf(DivergenceException.class)
                    .hasMessageContaining("not applied");
            assertThatThrownBy(() -> s.apply(Nd4j.zeros(1, net.numParams()), 0, 1.0)).hasMessageContaining("at least one example");
        }
        assertBitIdentical(net.params(), before);
        assertThat(net.getIterationCount()).isZero();
    }
}
