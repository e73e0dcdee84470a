package org.pc4j.trainers.engine.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;
import org.pc4j.trainers.InferenceStep;
import org.pc4j.trainers.PcListener;
import org.pc4j.trainers.PcTrainer;
import org.pc4j.trainers.Schedule;
import org.pc4j.trainers.ValueInit;
import org.pc4j.trainers.testing.Batches;
import org.pc4j.trainers.testing.Nets;

/**
 * The perturbed initialisation from its definition: at step 0 every hidden node holds its forward-pass activation plus
 * {@code sigma * N(0, 1)} drawn from {@code new Random(seed + iteration)}, node after node in order, each node's draws in
 * C order; the forward-pass initialisation is that with no noise; the zero initialisation puts every hidden node at
 * exactly 0 and leaves the predictions at the forward pass, so the first step's energy is the forward pass's
 * predictions measured from zero.
 */
class ValueInitialiserTest {

    /** Keeps the value nodes of every batch's step 0. */
    private static final class FirstStep implements PcListener {
        final List<List<INDArray>> values = new ArrayList<>();

        @Override
        public void onInferenceStep(Model network, InferenceStep step) {
            if (step.step() == 0) {
                values.add(step.values().stream().map(INDArray::dup).toList());
            }
        }
    }

    private static void assertPerturbed(MultiLayerNetwork before, DataSet batch, List<INDArray> values, double sigma, long seed) {
        List<INDArray> forward = before.feedForward(batch.getFeatures(), true);
        Random random = new Random(seed);
        for (int k = 0; k < values.size(); k++) {
            double[] expected = forward.get(k + 1).dup('c').data().asDouble();
            for (int i = 0; i < expected.length; i++) {
                expected[i] += sigma * random.nextGaussian();
            }
            assertThat(values.get(k).dup('c').data().asDouble()).as("node %d", k)
                    .containsExactly(expected, org.assertj.core.data.Offset.offset(1e-12));
        }
    }

    @Test
    void eachBatchStartsAtTheForwardPassPlusNoiseSeededByTheIterationCount() {
        MultiLayerNetwork net = Nets.dense(Activation.TANH, Nets.Head.SOFTMAX_XENT, new Sgd(0.1), 4, 3, 71);
        List<DataSet> batches = Batches.dense(2, 5, 4, 3, true, 72);
        FirstStep seen = new FirstStep();
        PcTrainer trainer = PcTrainer.builder().schedule(Schedule.pc(2)).valueInit(ValueInit.perturbed(0.3, 11))
                .listeners(seen).build();
        MultiLayerNetwork first = net.clone();
        trainer.fitBatch(net, batches.get(0));
        MultiLayerNetwork second = net.clone();
        trainer.fitBatch(net, batches.get(1));
        assertThat(seen.values).hasSize(2);
        assertThat(seen.values.get(0)).hasSize(3);
        assertPerturbed(first, batches.get(0), seen.values.get(0), 0.3, 11);
        assertPerturbed(second, batches.get(1), seen.values.get(1), 0.3, 11 + 1); // one update: iteration 1
    }

    @Test
    void withoutNoiseEveryNodeStartsExactlyAtTheForwardPass() {
        MultiLayerNetwork net = Nets.dense(Activation.TANH, Nets.Head.SOFTMAX_XENT, new Sgd(0.1), 4, 3, 73);
        DataSet batch = Batches.dense(1, 5, 4, 3, true, 74).get(0);
        for (ValueInit init : List.of(ValueInit.forwardPass(), ValueInit.perturbed(0, 5))) {
            FirstStep seen = new FirstStep();
            MultiLayerNetwork copy = net.clone();
            PcTrainer.builder().schedule(Schedule.pc(2)).valueInit(init).listeners(seen).build().fitBatch(copy, batch);
            assertPerturbed(net, batch, seen.values.get(0), 0, 0);
        }
    }

    @Test
    void theZeroStartPutsEveryHiddenNodeAtZeroAndMeasuresTheFirstEnergyFromThere() {
        MultiLayerNetwork net = Nets.dense(Activation.TANH, Nets.Head.SOFTMAX_XENT, new Sgd(0.1), 4, 3, 75);
        DataSet batch = Batches.dense(1, 5, 4, 3, true, 76).get(0);
        FirstStep seen = new FirstStep();
        List<Double> energies = new ArrayList<>();
        PcListener energy = new PcListener() {
            @Override
            public void onInferenceStep(Model network, InferenceStep step) {
                if (step.step() == 0) {
                    energies.add(step.totalEnergy());
                }
            }
        };
        MultiLayerNetwork copy = net.clone();
        PcTrainer.builder().schedule(Schedule.pc(2)).valueInit(ValueInit.zero()).listeners(seen, energy).build().fitBatch(copy, batch);
        List<INDArray> values = seen.values.get(0);
        assertThat(values).hasSize(3);
        for (int k = 0; k < values.size(); k++) {
            assertThat(values.get(k).dup('c').data().asDouble()).as("node %d", k).containsOnly(0.0);
        }
        // the energy at the start, written out: each hidden node's 1/2 ||0 - mu_k||^2 with mu_k its prediction from the
        // values below it (the features, then zeros), plus the output's softmax cross-entropy on zeros, summed over the
        // batch as the step energies are
        double expected = 0;
        INDArray below = batch.getFeatures();
        for (int k = 0; k < 3; k++) {
            INDArray a = below.mmul(net.getLayer(k).getParam("W")).addiRowVector(net.getLayer(k).getParam("b"));
            INDArray mu = org.nd4j.linalg.ops.transforms.Transforms.tanh(a);
            expected += 0.5 * mu.mul(mu).sumNumber().doubleValue();
            below = mu.mul(0);
        }
        INDArray logits = below.mmul(net.getLayer(3).getParam("W")).addiRowVector(net.getLayer(3).getParam("b"));
        INDArray logp = org.nd4j.linalg.ops.transforms.Transforms.log(org.nd4j.linalg.ops.transforms.Transforms.softmax(logits));
        expected += -logp.mul(batch.getLabels()).sumNumber().doubleValue();
        assertThat(energies.get(0)).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-12 * Math.abs(expected)));
    }

    @Test
    void theZeroStartRefusesACategoricalNodeBeforeAnyChange() {
        MultiLayerNetwork net = Nets.dense(Activation.SOFTMAX, Nets.Head.SOFTMAX_XENT, new Sgd(0.1), 4, 3, 77);
        DataSet batch = Batches.dense(1, 5, 4, 3, true, 78).get(0);
        INDArray params = net.params().dup();
        PcTrainer trainer = PcTrainer.builder().schedule(Schedule.pc(2)).valueInit(ValueInit.zero())
                .energy("layer1", org.pc4j.layers.energy.CategoricalEnergy.INSTANCE).build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> trainer.fitBatch(net, batch)).hasMessageContaining("constrained");
        org.pc4j.testkit.NdAssertions.assertBitIdentical(net.params(), params);
        assertThat(net.getIterationCount()).isZero();
    }
}
