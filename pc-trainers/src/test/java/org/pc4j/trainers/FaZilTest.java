package org.pc4j.trainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pc4j.testkit.NdAssertions.assertBitIdentical;

import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;
import org.pc4j.trainers.testing.Batches;
import org.pc4j.trainers.testing.Nets;
import org.pc4j.trainers.testing.Oracles;

/**
 * Fa-Z-IL (docs/algorithms.md §3): every layer may update at every step, each neuron gated by its error-onset detector. With a
 * window tD >= 4 the detector fires exactly at each neuron's Z-IL moment, so Fa-Z-IL's update equals Z-IL's (and
 * backprop's), even when inference runs well past the depth of the network.
 */
class FaZilTest {

    private static final List<DataSet> BATCHES = Batches.dense(3, 8, 4, 3, true, 41);

    @ParameterizedTest(name = "tD = {0}")
    @ValueSource(ints = {4, 5, 8, 16})
    void faZilWithWindowFromFourEqualsZilAndBackpropEvenWithExtraSteps(int window) {
        for (Activation activation : new Activation[] {Activation.SIGMOID, Activation.TANH, Activation.RELU}) {
            MultiLayerNetwork net = Nets.dense(activation, Nets.Head.SOFTMAX_XENT, new Adam(0.01), 4, 3, 42);
            PcTrainer faZil = PcTrainer.builder().schedule(Schedule.faZil(window, 4))
                    .divergenceFactor(Double.POSITIVE_INFINITY).build();
            List<BatchResult> results = new java.util.ArrayList<>();
            MultiLayerNetwork initial = net.clone();
            MultiLayerNetwork bp = net.clone();
            for (DataSet b : BATCHES) {
                results.add(faZil.fitBatch(net, b));
                bp.fit(b);
            }
            assertThat(Oracles.relativeDivergence(net, bp, initial)).as("%s", activation).isLessThanOrEqualTo(1e-10);
            for (BatchResult r : results) {
                DetectionStats d = r.detection().orElseThrow();
                assertThat(d.successRate()).isEqualTo(1.0);
                assertThat(d.firedOnTime()).isPositive();
                assertThat(r.steps()).isEqualTo(net.getnLayers() + 4);
                assertThat(r.weightUpdates()).isEqualTo(1);
            }
        }
    }

    /**
     * Below a max pool, an input that is not the maximum receives no error at its Z-IL moment (3 in 4 do), and its
     * error turns non-zero later, when the layer below starts to move and its prediction changes. The paper's phi alone
     * fires then, whatever the window, and Fa-Z-IL left backprop (a 64% difference on LeNet). pc4j's phi ignores error
     * onsets that come with a change of the neuron's own prediction (caused from below, never at the Z-IL moment):
     * no neuron fires late and Fa-Z-IL equals backprop, also with extra steps beyond the depth.
     */
    @ParameterizedTest(name = "tD = {0}")
    @ValueSource(ints = {4, 16})
    void faZilEqualsBackpropBelowMaxPoolingAndReluActivationLayers(int window) {
        MultiLayerNetwork net = Nets.cnn(Nets.Head.SOFTMAX_XENT, new Sgd(0.1), 3, 11);
        List<DataSet> batches = Batches.images(3, 6, 1, 6, 6, 3, true, 21);
        PcTrainer faZil = PcTrainer.builder().schedule(Schedule.faZil(window, 7)).build();
        MultiLayerNetwork bp = net.clone();
        long offTime = 0;
        for (DataSet b : batches) {
            offTime += faZil.fitBatch(net, b).detection().orElseThrow().firedOffTime();
            bp.fit(b);
        }
        assertThat(offTime).isZero();
        assertBitIdentical(net.params(), bp.params());
    }

    @ParameterizedTest(name = "tD = {0}")
    @ValueSource(ints = {1, 4})
    void faZilAtTheNetworksDepthEqualsZilWithSgd(int window) {
        MultiLayerNetwork net = Nets.dense(Activation.TANH, Nets.Head.MSE, new Sgd(0.3), 4, 3, 43);
        PcTrainer faZil = PcTrainer.builder().schedule(Schedule.faZil(window)).build();
        Oracles.Run run = Oracles.trainBoth(net, faZil, Batches.dense(3, 8, 4, 3, false, 44));
        assertThat(Oracles.relativeDivergence(run)).isLessThanOrEqualTo(1e-10);
    }
}
