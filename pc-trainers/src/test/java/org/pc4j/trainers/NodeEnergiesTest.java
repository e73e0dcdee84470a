package org.pc4j.trainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pc4j.testkit.NdAssertions.assertBitIdentical;
import static org.pc4j.testkit.NdAssertions.assertNotBitIdentical;

import java.util.List;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.pc4j.layers.energy.CategoricalEnergy;
import org.pc4j.layers.energy.GaussianEnergy;
import org.pc4j.layers.energy.PrecisionWeightedEnergy;
import org.pc4j.trainers.testing.Batches;
import org.pc4j.trainers.testing.Nets.Head;
import org.pc4j.trainers.testing.Nets;
import org.pc4j.trainers.testing.Oracles;

/** How value nodes get their energies: categorical on softmax nodes under PC and iPC, overridable per node. */
class NodeEnergiesTest {

    /** 4 -> tanh 6 -> softmax 5 ("layer1") -> tanh 4 -> softmax output 3 (cross-entropy): [000]'s model M_3 in small. */
    private static MultiLayerNetwork m3(long seed) {
        return Nets.init(Nets.base(new Adam(0.01), seed).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(6).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nIn(6).nOut(5).activation(Activation.SOFTMAX).build())
                .layer(new DenseLayer.Builder().nIn(5).nOut(4).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(4).nOut(3).activation(Activation.SOFTMAX).build())
                .build());
    }

    private static final List<DataSet> BATCHES = Batches.dense(3, 6, 4, 3, true, 41);

    private static BatchResult[] train(MultiLayerNetwork net, PcTrainer trainer) {
        BatchResult[] results = new BatchResult[BATCHES.size()];
        for (int b = 0; b < BATCHES.size(); b++) {
            results[b] = trainer.fitBatch(net, BATCHES.get(b));
        }
        return results;
    }

    /** V10: where no node is a softmax, the categorical option changes nothing: identical trajectories. */
    @Test
    void onAGaussianOnlyNetworkTheCategoricalOptionGivesIdenticalTrajectories() {
        MultiLayerNetwork a = Nets.dense(Activation.TANH, Head.SOFTMAX_XENT, new Adam(0.01), 4, 3, 42);
        MultiLayerNetwork b = a.clone();
        BatchResult[] withKl = train(a, PcTrainer.builder().schedule(Schedule.pc(8)).automaticEnergies(true).build());
        BatchResult[] without = train(b, PcTrainer.builder().schedule(Schedule.pc(8)).automaticEnergies(false).build());
        for (int i = 0; i < withKl.length; i++) {
            assertThat(withKl[i].energies()).isEqualTo(without[i].energies());
        }
        assertBitIdentical(a.params(), b.params());
    }

    @Test
    void aSoftmaxNodeGetsTheCategoricalEnergyUnderPcAsIfChosenExplicitly() {
        MultiLayerNetwork auto = m3(43);
        MultiLayerNetwork explicit = auto.clone();
        MultiLayerNetwork gaussian = auto.clone();
        BatchResult[] a = train(auto, PcTrainer.builder().schedule(Schedule.pc(8)).build());
        BatchResult[] e = train(explicit, PcTrainer.builder().schedule(Schedule.pc(8)).automaticEnergies(false)
                .energy("layer1", CategoricalEnergy.INSTANCE).build());
        train(gaussian, PcTrainer.builder().schedule(Schedule.pc(8)).automaticEnergies(false).build());
        assertThat(a[2].energies()).isEqualTo(e[2].energies());
        assertBitIdentical(auto.params(), explicit.params());
        assertNotBitIdentical(auto.params(), gaussian.params());
    }

    /** Z-IL keeps Gaussian energies on softmax nodes, the only ones whose dynamics equal backprop. */
    @Test
    void zilOnANetworkWithAHiddenSoftmaxStillEqualsBackprop() {
        Oracles.Run run = Oracles.trainBoth(m3(44), PcTrainer.builder().schedule(Schedule.zil()).build(), BATCHES);
        assertThat(Oracles.relativeDivergence(run)).isLessThanOrEqualTo(1e-10);
    }

    /** Inference with a categorical node is still descent: the total energy never increases at a small rate. */
    @Test
    void totalEnergyNeverIncreasesOverPcInferenceWithACategoricalNode() {
        BatchResult r = PcTrainer.builder().schedule(Schedule.pc(30)).inferenceRate(0.02).build().fitBatch(m3(45), BATCHES.get(0));
        for (int t = 1; t < r.steps(); t++) {
            assertThat(r.totalEnergy(t)).as("step %d", t).isLessThanOrEqualTo(r.totalEnergy(t - 1) + 1e-12);
        }
        assertThat(r.totalEnergy(r.steps() - 1)).isLessThan(r.totalEnergy(0));
        assertThat(r.energy(r.steps() - 1, 1)).as("the softmax node moved").isGreaterThan(0.0);
    }

    /** A precision of 1 is the Gaussian energy; a precision of 4 on a node changes the trajectory. */
    @Test
    void aPrecisionWeightedEnergyOfPrecisionOneGivesTheGaussianTrajectory() {
        MultiLayerNetwork gaussian = Nets.dense(Activation.TANH, Head.MSE, new Adam(0.01), 4, 3, 47);
        MultiLayerNetwork unit = gaussian.clone();
        MultiLayerNetwork four = gaussian.clone();
        train(gaussian, PcTrainer.builder().schedule(Schedule.pc(6)).build());
        train(unit, PcTrainer.builder().schedule(Schedule.pc(6)).energy("layer1", PrecisionWeightedEnergy.fixedPrecision(1)).build());
        train(four, PcTrainer.builder().schedule(Schedule.pc(6)).energy("layer1", PrecisionWeightedEnergy.fixedPrecision(4)).build());
        assertThat(unit.params().distance2(gaussian.params())).isLessThan(1e-12);
        assertThat(four.params().distance2(gaussian.params())).isGreaterThan(1e-6);
    }

    /**
     * The trainer runs the variance M-step after every weight update, with the node's error at that moment: under
     * iPC(1) a batch is one step at the forward pass, where every hidden error is exactly 0, so each update takes
     * the variances from s to (1 - rate) s: after 3 batches at rate 0.5, 1/8.
     */
    @Test
    void learnableVariancesAreLearnedAfterEachWeightUpdate() {
        PrecisionWeightedEnergy learnable = PrecisionWeightedEnergy.learnable(7, 0.5);
        train(Nets.dense(Activation.TANH, Head.MSE, new Adam(0.01), 4, 3, 48),
                PcTrainer.builder().schedule(Schedule.ipc(1)).energy("layer0", learnable).build());
        assertThat(learnable.variances()).containsOnly(0.125);
    }

    /**
     * Under iPC(3) the values move after each step's snapshot and before the weight update of that step is applied;
     * the M-step must use the error the weights learned from, {@code x_t - mu_t} at the snapshot (which the listener
     * sees), not {@code x_(t+1) - mu_t}. Oracle: {@code s <- (1 - r) s + r mean_batch(eps_t^2)} per feature, step by
     * step, from the snapshots.
     */
    @Test
    void underIpcLearnableVariancesLearnFromEachStepsSnapshotError() {
        PrecisionWeightedEnergy learnable = PrecisionWeightedEnergy.learnable(7, 0.5);
        double[] expected = new double[7];
        java.util.Arrays.fill(expected, 1.0);
        PcListener oracle = new PcListener() {
            @Override
            public void onInferenceStep(org.deeplearning4j.nn.api.Model network, InferenceStep step) {
                org.nd4j.linalg.api.ndarray.INDArray eps = step.values().get(0).sub(step.predictions().get(0));
                double[] meanSquare = eps.mul(eps).mean(0).toDoubleVector();
                for (int i = 0; i < expected.length; i++) {
                    expected[i] = Math.max(PrecisionWeightedEnergy.MIN_VARIANCE, 0.5 * expected[i] + 0.5 * meanSquare[i]);
                }
            }
        };
        MultiLayerNetwork net = Nets.dense(Activation.TANH, Head.MSE, new Adam(0.01), 4, 3, 48);
        PcTrainer ipc = PcTrainer.builder().schedule(Schedule.ipc(3)).energy("layer0", learnable).listeners(oracle).build();
        for (DataSet b : Batches.dense(2, 8, 4, 3, false, 49)) {
            ipc.fitBatch(net, b);
        }
        double[] got = learnable.variances();
        for (int i = 0; i < expected.length; i++) {
            assertThat(got[i]).as("feature %d", i).isCloseTo(expected[i], org.assertj.core.api.Assertions.within(1e-12));
        }
        assertThat(got[0]).as("the hidden errors were not all zero").isGreaterThan(1.0 / 64);
    }

    @Test
    void anEnergyForANodeTheNetworkDoesNotHaveIsRejectedWithTheHiddenNodes() {
        MultiLayerNetwork net = m3(46);
        var before = net.params().dup();
        PcTrainer unknown = PcTrainer.builder().schedule(Schedule.ipc(3)).energy("layer9", GaussianEnergy.INSTANCE).build();
        assertThatThrownBy(() -> unknown.fitBatch(net, BATCHES.get(0))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("'layer9'", "[layer0, layer1, layer2]");
        PcTrainer output = PcTrainer.builder().schedule(Schedule.ipc(3)).energy("layer3", GaussianEnergy.INSTANCE).build();
        assertThatThrownBy(() -> output.fitBatch(net, BATCHES.get(0))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("output node's energy is its loss");
        assertBitIdentical(net.params(), before);
    }
}
