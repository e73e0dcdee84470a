package org.pc4j.trainers.generative;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.pc4j.testkit.NdAssertions.assertBitIdentical;
import static org.pc4j.testkit.NdAssertions.assertNotBitIdentical;

import java.util.Random;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.pc4j.trainers.Inference;
import org.pc4j.trainers.InvalidBatchException;
import org.pc4j.trainers.PcSession;
import org.pc4j.trainers.PcTrainer;
import org.pc4j.trainers.Schedule;

/**
 * Generative PC against closed forms: a memory layer of free latents {@code z} under the prior {@code b}, one tanh
 * layer {@code h}, a linear sensory layer with DL4J's L2 loss, partly clamped by a labels mask. The energy is written
 * out by hand, {@code E = sum_n [ 1/2 ||z - b||^2 + 1/2 ||h - tanh(W1 z + c1)||^2 + sum_i m_i (s_i - (W2 h + c2)_i)^2 ]},
 * and one inference step must move every value node by {@code -gamma} times its central finite difference (double).
 */
class GenerativeInferenceTest {

    private static final int LATENT = 3;
    private static final int HIDDEN = 4;
    private static final int SENSORY = 5;
    private static final int N = 2;
    private static final double GAMMA = 0.05;

    static MultiLayerNetwork network(long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(seed).updater(new Adam(1e-2))
                .dataType(DataType.DOUBLE).list()
                .layer(GenerativeNetworks.memoryLayer(LATENT))
                .layer(new DenseLayer.Builder().nIn(LATENT).nOut(HIDDEN).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunction.L2).nIn(HIDDEN).nOut(SENSORY).activation(Activation.IDENTITY).build())
                .build());
        net.init();
        // a prior away from 0 and biases away from 0, so that every term of the gradient is exercised
        Random r = new Random(seed);
        INDArray p = net.params();
        for (long i = 0; i < p.length(); i++) {
            p.putScalar(i, r.nextGaussian() * 0.7);
        }
        return net;
    }

    private static INDArray sensory(long seed) {
        return Nd4j.getRandomFactory().getNewRandomInstance(seed).nextDouble(new long[] {N, SENSORY}).castTo(DataType.DOUBLE).muli(2).subi(1);
    }

    private static INDArray mask() {
        return Nd4j.createFromArray(new double[][] {{1, 1, 0, 1, 0}, {0, 1, 1, 0, 1}});
    }

    /** The closed-form energy at latents {@code z [N, 3]} and hidden values {@code h [N, 4]}. */
    static double energy(MultiLayerNetwork net, double[][] z, double[][] h, INDArray s, INDArray m) {
        return energy(net, z, h, s, m, 1);
    }

    /** The same with the hidden term weighted by the precision {@code pi}: {@code pi/2 ||h - tanh(W1 z + c1)||^2}. */
    static double energy(MultiLayerNetwork net, double[][] z, double[][] h, INDArray s, INDArray m, double pi) {
        double[] b = net.getLayer(0).getParam("W").toDoubleVector();
        INDArray w1 = net.getLayer(1).getParam("W");
        double[] c1 = net.getLayer(1).getParam("b").toDoubleVector();
        INDArray w2 = net.getLayer(2).getParam("W");
        double[] c2 = net.getLayer(2).getParam("b").toDoubleVector();
        double e = 0;
        for (int n = 0; n < N; n++) {
            for (int j = 0; j < LATENT; j++) {
                double d = z[n][j] - b[j];
                e += 0.5 * d * d;
            }
            for (int k = 0; k < HIDDEN; k++) {
                double a = c1[k];
                for (int j = 0; j < LATENT; j++) {
                    a += z[n][j] * w1.getDouble(j, k);
                }
                double d = h[n][k] - Math.tanh(a);
                e += 0.5 * pi * d * d;
            }
            for (int i = 0; i < SENSORY; i++) {
                double mu = c2[i];
                for (int k = 0; k < HIDDEN; k++) {
                    mu += h[n][k] * w2.getDouble(k, i);
                }
                double d = s.getDouble(n, i) - mu;
                e += m.getDouble(n, i) * d * d;
            }
        }
        return e;
    }

    private static PcSession session(MultiLayerNetwork net) {
        return PcTrainer.builder().schedule(Schedule.pc(2)).inferenceRate(GAMMA).inferenceRateControl(false).build().open(net, false);
    }

    @Test
    void oneInferenceStepMovesLatentsAndHiddenValuesDownTheFiniteDifferenceGradientOfTheEnergy() {
        MultiLayerNetwork net = network(7);
        INDArray s = sensory(7);
        INDArray m = mask();
        INDArray ones = Nd4j.ones(DataType.DOUBLE, N, 1);
        // the start: latents at the prior, hidden values at their prediction
        double[][] z = new double[N][];
        double[][] h = new double[N][];
        INDArray b = net.getLayer(0).getParam("W");
        INDArray w1 = net.getLayer(1).getParam("W");
        double[] c1 = net.getLayer(1).getParam("b").toDoubleVector();
        for (int n = 0; n < N; n++) {
            z[n] = b.toDoubleVector();
            h[n] = new double[HIDDEN];
            for (int k = 0; k < HIDDEN; k++) {
                double a = c1[k];
                for (int j = 0; j < LATENT; j++) {
                    a += z[n][j] * w1.getDouble(j, k);
                }
                h[n][k] = Math.tanh(a);
            }
        }
        Inference inference;
        try (PcSession session = session(net)) {
            inference = session.infer(new DataSet(ones, s.mul(m), null, m), 2, 0);
        }
        assertThat(inference.steps()).isEqualTo(2);
        assertThat(inference.energies()[0]).as("the energy at the start, closed form").isCloseTo(energy(net, z, h, s, m), within(1e-10));
        assertOneStepDownTheFiniteDifferenceGradient(net, z, h, s, m, inference);
    }

    @Test
    void inferenceFromAnEarlierOneStartsAtItsValuesAndStepsDownTheFiniteDifferenceGradientThere() {
        MultiLayerNetwork net = network(13);
        INDArray s = sensory(13);
        INDArray all = Nd4j.ones(DataType.DOUBLE, N, SENSORY);
        INDArray m = mask();
        INDArray ones = Nd4j.ones(DataType.DOUBLE, N, 1);
        Inference whole;
        Inference partial;
        try (PcSession session = session(net)) {
            // relax with every output clamped, then free the masked ones and go on from there
            whole = session.infer(new DataSet(ones, s), 7, 0);
            partial = session.infer(new DataSet(ones, s.mul(m), null, m), 2, 0, whole);
        }
        double[][] z = whole.values().get(0).toDoubleMatrix();
        double[][] h = whole.values().get(1).toDoubleMatrix();
        assertThat(energy(net, z, h, s, all)).as("the whole clamp's last energy, closed form").isCloseTo(whole.energies()[6], within(1e-10));
        assertThat(partial.energies()[0]).as("the continued inference's first energy is the partial key's at the values reached")
                .isCloseTo(energy(net, z, h, s, m), within(1e-10));
        assertOneStepDownTheFiniteDifferenceGradient(net, z, h, s, m, partial);
    }

    /**
     * Asserts that {@code after}'s latents and hidden values are {@code z} and {@code h} moved by {@code -GAMMA} times the
     * central difference of the closed-form energy at {@code (z, h)} (the arrays are perturbed and restored).
     */
    private static void assertOneStepDownTheFiniteDifferenceGradient(MultiLayerNetwork net, double[][] z, double[][] h, INDArray s,
                                                                      INDArray m, Inference after) {
        double eps = 1e-6;
        for (int node = 0; node < 2; node++) {
            double[][] x = node == 0 ? z : h;
            INDArray moved = after.values().get(node);
            for (int n = 0; n < N; n++) {
                for (int j = 0; j < x[n].length; j++) {
                    double keep = x[n][j];
                    x[n][j] = keep + eps;
                    double up = energy(net, z, h, s, m);
                    x[n][j] = keep - eps;
                    double down = energy(net, z, h, s, m);
                    x[n][j] = keep;
                    double expected = keep - GAMMA * (up - down) / (2 * eps);
                    assertThat(moved.getDouble(n, j)).as("node %d example %d unit %d", node, n, j).isCloseTo(expected, within(1e-8));
                }
            }
        }
    }

    @Test
    void inferenceFromAnotherNetworksOrBatchsValuesIsRefusedBeforeAnyWork() {
        MultiLayerNetwork net = network(14);
        INDArray ones = Nd4j.ones(DataType.DOUBLE, N, 1);
        MultiLayerNetwork deeper = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(14).dataType(DataType.DOUBLE).list()
                .layer(GenerativeNetworks.memoryLayer(LATENT))
                .layer(new DenseLayer.Builder().nIn(LATENT).nOut(HIDDEN).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nIn(HIDDEN).nOut(HIDDEN).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunction.L2).nIn(HIDDEN).nOut(SENSORY).activation(Activation.IDENTITY).build())
                .build());
        deeper.init();
        INDArray params = net.params().dup();
        try (PcSession session = session(net); PcSession other = session(deeper)) {
            Inference foreign = other.infer(new DataSet(ones, sensory(14)), 3, 0);
            assertThatThrownBy(() -> session.infer(new DataSet(ones, sensory(14)), 3, 0, foreign))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nodes");
            Inference three = session.infer(new DataSet(Nd4j.ones(DataType.DOUBLE, 3, 1), Nd4j.rand(DataType.DOUBLE, 3, SENSORY)), 3, 0);
            assertThatThrownBy(() -> session.infer(new DataSet(ones, sensory(14)), 3, 0, three))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 examples");
        }
        assertBitIdentical(net.params(), params);
    }

    @Test
    void theMaskedOutputsDoNotReachTheEnergy() {
        MultiLayerNetwork net = network(8);
        INDArray s = sensory(8);
        INDArray m = mask();
        INDArray other = s.mul(m).addi(m.rsub(1.0).muli(123.0)); // what sits under the mask must not matter
        INDArray ones = Nd4j.ones(DataType.DOUBLE, N, 1);
        try (PcSession session = session(net)) {
            Inference a = session.infer(new DataSet(ones, s.mul(m), null, m), 5, 0);
            Inference b = session.infer(new DataSet(ones, other, null, m), 5, 0);
            assertThat(b.energies()).containsExactly(a.energies());
            assertBitIdentical(b.values().get(0), a.values().get(0));
        }
    }

    @Test
    void inferenceLeavesParametersUpdaterStateAndCountersBitIdentical() {
        MultiLayerNetwork net = network(9);
        INDArray ones = Nd4j.ones(DataType.DOUBLE, N, 1);
        // one real update first, so that the updater has state to keep
        new AssociativeMemory(net, MemoryConfig.builder().storeEpochs(2).storeSteps(3).build()).store(sensory(9));
        INDArray params = net.params().dup();
        INDArray updater = net.getUpdater().getStateViewArray().dup();
        int iteration = net.getIterationCount();
        try (PcSession session = session(net)) {
            Inference inference = session.infer(new DataSet(ones, sensory(9), null, mask()), 50, 0);
            assertThat(inference.energies()[49]).as("inference lowered the energy").isLessThan(inference.energies()[0]);
        }
        assertBitIdentical(net.params(), params);
        assertBitIdentical(net.getUpdater().getStateViewArray(), updater);
        assertThat(net.getIterationCount()).isEqualTo(iteration);
    }

    @Test
    void aConvergenceToleranceStopsInferenceOnceTheRelativeEnergyChangeIsBelowIt() {
        MultiLayerNetwork net = network(10);
        INDArray ones = Nd4j.ones(DataType.DOUBLE, N, 1);
        try (PcSession session = session(net)) {
            Inference all = session.infer(new DataSet(ones, sensory(10), null, mask()), 400, 0);
            Inference early = session.infer(new DataSet(ones, sensory(10), null, mask()), 400, 1e-4);
            double[] e = all.energies();
            int expected = 400;
            for (int t = 1; t < e.length; t++) {
                if (Math.abs(e[t] - e[t - 1]) <= 1e-4 * Math.abs(e[t - 1])) {
                    expected = t + 1;
                    break;
                }
            }
            assertThat(expected).as("the fixture converges within the budget").isLessThan(400);
            assertThat(early.steps()).isEqualTo(expected);
            assertThat(early.energies()).containsExactly(java.util.Arrays.copyOf(e, expected));
        }
    }

    @Test
    void completeKeepsEveryKnownValueExactlyAsInTheKey() {
        MultiLayerNetwork net = network(11);
        AssociativeMemory memory = new AssociativeMemory(net, MemoryConfig.builder().recallSteps(30).build());
        INDArray key = sensory(11);
        INDArray known = mask();
        INDArray keyBefore = key.dup();
        Recall r = memory.complete(key, known);
        assertBitIdentical("the caller's key is not modified", key, keyBefore);
        for (int n = 0; n < N; n++) {
            for (int i = 0; i < SENSORY; i++) {
                if (known.getDouble(n, i) == 1) {
                    assertThat(r.patterns().getDouble(n, i)).isEqualTo(key.getDouble(n, i));
                } else {
                    assertThat(r.patterns().getDouble(n, i)).as("a free value is the prediction, not the key's")
                            .isNotEqualTo(key.getDouble(n, i));
                }
            }
        }
    }

    @Test
    void unknownValuesAreIgnoredEvenWhenTheyAreNaNButAKnownNaNIsRefused() {
        MultiLayerNetwork net = network(11);
        AssociativeMemory memory = new AssociativeMemory(net, MemoryConfig.builder().recallSteps(10).build());
        INDArray key = sensory(11);
        INDArray zeros = key.mul(mask());
        INDArray nans = zeros.dup();
        nans.putScalar(0, 2, Double.NaN); // unknown in mask()
        nans.putScalar(1, 0, Double.POSITIVE_INFINITY); // unknown
        Recall withZeros = memory.complete(zeros, mask());
        Recall withNaNs = memory.complete(nans, mask());
        assertBitIdentical("what stands where the mask says unknown does not matter", withNaNs.patterns(), withZeros.patterns());
        INDArray knownNaN = zeros.dup();
        knownNaN.putScalar(0, 1, Double.NaN); // known in mask()
        assertThatThrownBy(() -> memory.complete(knownNaN, mask())).isInstanceOf(InvalidBatchException.class)
                .hasMessageContaining("known");
    }

    @Test
    void storingLearnsThePriorAndLowersTheEnergy() {
        MultiLayerNetwork net = network(12);
        INDArray prior = GenerativeNetworks.prior(net).dup();
        StoreResult result = new AssociativeMemory(net, MemoryConfig.builder().storeEpochs(200).storePatience(200).build())
                .store(sensory(12));
        assertThat(result.epochs()).isEqualTo(200);
        assertThat(result.stop()).isEqualTo(StoreResult.Stop.BUDGET);
        assertThat(result.bestEnergy()).isLessThan(result.initialEnergy() / 2);
        assertNotBitIdentical("b learns with the weights", GenerativeNetworks.prior(net), prior);
    }

    @Test
    void badKeysAndMasksAreRefusedAndChangeNothing() {
        MultiLayerNetwork net = network(13);
        INDArray params = net.params().dup();
        AssociativeMemory memory = new AssociativeMemory(net, MemoryConfig.builder().storeEpochs(5).recallSteps(5).build());
        INDArray key = sensory(13);
        assertThatThrownBy(() -> memory.complete(key, Nd4j.ones(DataType.DOUBLE, N, SENSORY - 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shaped like the key");
        assertThatThrownBy(() -> memory.complete(key, Nd4j.ones(DataType.DOUBLE, N, SENSORY)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nothing to recall");
        assertThatThrownBy(() -> memory.complete(key, mask().mul(0.5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only 0 (free) and 1 (known)");
        assertThatThrownBy(() -> memory.complete(Nd4j.ones(DataType.DOUBLE, N, SENSORY + 1), Nd4j.ones(DataType.DOUBLE, N, SENSORY + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[N >= 1, 5]");
        INDArray nan = key.dup();
        nan.putScalar(0, 1, Double.NaN);
        assertThatThrownBy(() -> memory.complete(nan, mask())).isInstanceOf(InvalidBatchException.class);
        assertThatThrownBy(() -> memory.denoise(nan)).isInstanceOf(InvalidBatchException.class);
        assertThatThrownBy(() -> memory.store(nan)).isInstanceOf(InvalidBatchException.class);
        assertBitIdentical(net.params(), params);
    }

    @Test
    void aNetworkWithoutAMemoryLayerIsRefusedWithWhatToAdd() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).list()
                .layer(new DenseLayer.Builder().nIn(2).nOut(3).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunction.L2).nIn(3).nOut(2).activation(Activation.IDENTITY).build()).build());
        net.init();
        assertThatThrownBy(() -> new AssociativeMemory(net, MemoryConfig.builder().build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GenerativeNetworks.memoryLayer(n)");
    }

    @Test
    void invalidConfigurationsAreRefused() {
        assertThatThrownBy(() -> MemoryConfig.builder().storeSteps(0).build()).hasMessageContaining("storeSteps");
        assertThatThrownBy(() -> MemoryConfig.builder().storeEpochs(0).build()).hasMessageContaining("storeEpochs");
        assertThatThrownBy(() -> MemoryConfig.builder().storePatience(0).build()).hasMessageContaining("storePatience");
        assertThatThrownBy(() -> MemoryConfig.builder().recallSteps(Schedule.MAX_STEPS).build()).hasMessageContaining("recallSteps <");
        assertThatThrownBy(() -> MemoryConfig.builder().recallRate(Double.NaN).build()).hasMessageContaining("recallRate");
        assertThatThrownBy(() -> MemoryConfig.builder().recallTolerance(1).build()).hasMessageContaining("recallTolerance");
        assertThatThrownBy(() -> MemoryConfig.builder().latentPrecision(0).build()).hasMessageContaining("latentPrecision");
        assertThatThrownBy(() -> Schedule.ipc(3).untilConverged(-1)).hasMessageContaining("0 <= tol < 1");
        assertThatThrownBy(() -> GenerativeNetworks.memoryLayer(0)).hasMessageContaining("width >= 1");
    }
}
