package org.pc4j.trainers.generative;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.pc4j.testkit.NdAssertions.assertBitIdentical;

import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.inverse.InvertMatrix;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.pc4j.layers.energy.PrecisionWeightedEnergy;
import org.pc4j.trainers.BatchResult;
import org.pc4j.trainers.DivergenceException;
import org.pc4j.trainers.PcSession;
import org.pc4j.trainers.PcTrainer;
import org.pc4j.trainers.Schedule;
import org.pc4j.trainers.ValueInit;

/**
 * Storing and recalling against their definitions: a storing epoch is one full-batch step of the engine's own PC(T)
 * schedule (the same code, so bit-identical); the best state is the lowest relaxed energy's; a recall step moves
 * every free value by {@code -gamma} times the finite-difference gradient of the memory's energy (latent and hidden
 * precisions included); a linear decoder's recall converges to the energy's closed-form minimiser.
 *
 * <p>The energy, written out: {@code E = sum_n [ pz/2 ||z - b||^2 + ph/2 ||h - f(z W1 + c1)||^2
 * + sum_{i known} (s_i - (h W2 + c2)_i)^2 ]} (DL4J's L2 loss has no 1/2; an unknown pixel sits at its prediction, so it
 * adds nothing).
 */
class MemoryStoringTest {

    private static final int LATENT = 3;
    private static final int HIDDEN = 4;
    private static final int SENSORY = 6;
    private static final int N = 2;

    private static MultiLayerNetwork network(long seed, Activation activation, double lr) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(seed).updater(new Adam(lr))
                .dataType(DataType.DOUBLE).list()
                .layer(GenerativeNetworks.memoryLayer(LATENT))
                .layer(new DenseLayer.Builder().nIn(LATENT).nOut(HIDDEN).activation(activation).build())
                .layer(new OutputLayer.Builder(LossFunction.L2).nIn(HIDDEN).nOut(SENSORY).activation(Activation.IDENTITY).build())
                .build());
        net.init();
        Random r = new Random(seed);
        INDArray p = net.params();
        for (long i = 0; i < p.length(); i++) {
            p.putScalar(i, r.nextGaussian() * 0.6);
        }
        return net;
    }

    private static INDArray patterns(long seed) {
        return Nd4j.getRandomFactory().getNewRandomInstance(seed).nextDouble(new long[] {N, SENSORY}).castTo(DataType.DOUBLE);
    }

    private static INDArray mask() {
        return Nd4j.createFromArray(new double[][] {{1, 1, 0, 1, 0, 1}, {0, 1, 1, 0, 1, 0}});
    }

    @Test
    void eachStoringEpochIsOneFullBatchStepOfTheEnginesPcScheduleAndTheLowestEnergyStateIsKept() {
        MultiLayerNetwork stored = network(1, Activation.TANH, 1e-2);
        MultiLayerNetwork reference = stored.clone();
        INDArray s = patterns(1);
        MemoryConfig config = MemoryConfig.builder().storeEpochs(6).storeSteps(5).storeRate(0.05).storePatience(100)
                .latentPrecision(0.5).hiddenPrecision(2).build();
        StoreResult result = new AssociativeMemory(stored, config).store(s);

        PcTrainer pc = PcTrainer.builder().schedule(Schedule.pc(5)).inferenceRate(0.05).inferenceRateControl(true)
                .valueInit(ValueInit.zero()).energy("layer0", PrecisionWeightedEnergy.fixedPrecision(0.5))
                .energy("layer1", PrecisionWeightedEnergy.fixedPrecision(2)).build();
        double[] relaxed = new double[6];
        INDArray[] paramsBefore = new INDArray[6];
        INDArray[] stateBefore = new INDArray[6];
        try (PcSession session = pc.open(reference, true)) {
            for (int e = 0; e < 6; e++) {
                paramsBefore[e] = reference.params().dup();
                stateBefore[e] = reference.getUpdater().getStateViewArray().dup();
                BatchResult r = session.fit(new DataSet(Nd4j.ones(DataType.DOUBLE, N, 1), s));
                assertThat(r.steps()).as("T value steps after the start: T + 1 energies").isEqualTo(6);
                relaxed[e] = r.totalEnergy(5);
            }
        }
        assertThat(result.epochs()).isEqualTo(6);
        assertThat(result.stop()).isEqualTo(StoreResult.Stop.BUDGET);
        assertThat(result.energies()).as("each epoch's relaxed energy is PC(5)'s, exactly").containsExactly(relaxed);
        int lowest = 0;
        for (int e = 1; e < 6; e++) {
            lowest = relaxed[e] < relaxed[lowest] ? e : lowest;
        }
        assertThat(result.bestEpoch()).isEqualTo(lowest);
        assertBitIdentical("the parameters the lowest relaxed energy was measured with", stored.params(), paramsBefore[lowest]);
        assertBitIdentical("and their updater state", stored.getUpdater().getStateViewArray(), stateBefore[lowest]);
    }

    @Test
    void storingStopsOnceTheEnergyReachesNoNewLowForThePatienceAndKeepsTheBestEpoch() {
        // Adam at 0.5 on this fixture: the energy falls for a few epochs, then the weight steps overshoot
        MultiLayerNetwork net = network(2, Activation.TANH, 0.5);
        MemoryConfig config = MemoryConfig.builder().storeEpochs(400).storeSteps(5).storeRate(0.05).storePatience(7).build();
        StoreResult result = new AssociativeMemory(net, config).store(patterns(2));
        double[] e = result.energies();
        assertThat(result.stop()).isEqualTo(StoreResult.Stop.PATIENCE);
        assertThat(result.epochs()).as("stopped %d epochs after the best", 7).isEqualTo(result.bestEpoch() + 8);
        for (int i = 0; i < e.length; i++) {
            assertThat(e[i]).as("epoch %d", i).isGreaterThanOrEqualTo(e[result.bestEpoch()]);
        }
        for (int i = result.bestEpoch() + 1; i < e.length; i++) {
            assertThat(e[i]).as("no new low after the best, epoch %d", i).isGreaterThan(e[result.bestEpoch()]);
        }
        assertThat(result.bestEnergy()).isLessThan(result.initialEnergy());
    }

    @Test
    void aFirstEpochThatDivergesIsRefusedAndChangesNothing() {
        MultiLayerNetwork net = network(3, Activation.TANH, 1e300);
        INDArray params = net.params().dup();
        MemoryConfig config = MemoryConfig.builder().storeEpochs(3).storeSteps(2).build();
        AssociativeMemory memory = new AssociativeMemory(net, config);
        assertThatThrownBy(() -> memory.store(patterns(3).muli(1e300))).isInstanceOf(DivergenceException.class);
        assertBitIdentical(net.params(), params);
    }

    /** The energy above at latents {@code z} and hidden values {@code h}, tanh hidden layer. */
    private static double energy(MultiLayerNetwork net, double[][] z, double[][] h, INDArray s, INDArray m, double pz, double ph) {
        double[] b = net.getLayer(0).getParam("W").toDoubleVector();
        INDArray w1 = net.getLayer(1).getParam("W");
        double[] c1 = net.getLayer(1).getParam("b").toDoubleVector();
        INDArray w2 = net.getLayer(2).getParam("W");
        double[] c2 = net.getLayer(2).getParam("b").toDoubleVector();
        double e = 0;
        for (int n = 0; n < N; n++) {
            for (int j = 0; j < LATENT; j++) {
                e += pz / 2 * (z[n][j] - b[j]) * (z[n][j] - b[j]);
            }
            for (int k = 0; k < HIDDEN; k++) {
                double a = c1[k];
                for (int j = 0; j < LATENT; j++) {
                    a += z[n][j] * w1.getDouble(j, k);
                }
                double d = h[n][k] - Math.tanh(a);
                e += ph / 2 * d * d;
            }
            for (int i = 0; i < SENSORY; i++) {
                double d = s.getDouble(n, i) - prediction(net, h[n], i);
                e += m.getDouble(n, i) * d * d;
            }
        }
        return e;
    }

    private static double prediction(MultiLayerNetwork net, double[] h, int i) {
        INDArray w2 = net.getLayer(2).getParam("W");
        double mu = net.getLayer(2).getParam("b").getDouble(i);
        for (int k = 0; k < HIDDEN; k++) {
            mu += h[k] * w2.getDouble(k, i);
        }
        return mu;
    }

    @ParameterizedTest(name = "start at zero: {0}")
    @ValueSource(booleans = {true, false})
    void everyRecallStepMovesTheFreeValuesByMinusGammaTimesTheFiniteDifferenceGradientOfTheMemorysEnergy(boolean zeroStart) {
        MultiLayerNetwork net = network(4, Activation.TANH, 1e-2);
        INDArray s = patterns(4);
        INDArray m = mask();
        double gamma = 0.04;
        double pz = 0.5;
        double ph = 2;
        int steps = 4;
        MemoryConfig config = MemoryConfig.builder().recallSteps(steps).recallRate(gamma).latentPrecision(pz).hiddenPrecision(ph)
                .start(zeroStart ? ValueInit.zero() : ValueInit.forwardPass()).build();
        Recall recall = new AssociativeMemory(net, config).complete(s.mul(m), m);

        // the start, as storing's: every latent and hidden value at 0, or the latents at the prior and the hidden values
        // at their prediction; then gradient steps by FD
        double[][] z = new double[N][LATENT];
        double[][] h = new double[N][HIDDEN];
        INDArray w1 = net.getLayer(1).getParam("W");
        double[] c1 = net.getLayer(1).getParam("b").toDoubleVector();
        for (int n = 0; n < N && !zeroStart; n++) {
            z[n] = net.getLayer(0).getParam("W").toDoubleVector();
            for (int k = 0; k < HIDDEN; k++) {
                double a = c1[k];
                for (int j = 0; j < LATENT; j++) {
                    a += z[n][j] * w1.getDouble(j, k);
                }
                h[n][k] = Math.tanh(a);
            }
        }
        double eps = 1e-6;
        for (int t = 0; t < steps; t++) {
            double[][] gz = new double[N][LATENT];
            double[][] gh = new double[N][HIDDEN];
            for (int node = 0; node < 2; node++) {
                double[][] x = node == 0 ? z : h;
                double[][] g = node == 0 ? gz : gh;
                for (int n = 0; n < N; n++) {
                    for (int j = 0; j < x[n].length; j++) {
                        double keep = x[n][j];
                        x[n][j] = keep + eps;
                        double up = energy(net, z, h, s, m, pz, ph);
                        x[n][j] = keep - eps;
                        double down = energy(net, z, h, s, m, pz, ph);
                        x[n][j] = keep;
                        g[n][j] = (up - down) / (2 * eps);
                    }
                }
            }
            for (int n = 0; n < N; n++) {
                for (int j = 0; j < LATENT; j++) {
                    z[n][j] -= gamma * gz[n][j];
                }
                for (int k = 0; k < HIDDEN; k++) {
                    h[n][k] -= gamma * gh[n][k];
                }
            }
        }
        assertThat(recall.steps()).as("recallSteps value steps after the start").isEqualTo(steps + 1);
        for (int n = 0; n < N; n++) {
            for (int j = 0; j < LATENT; j++) {
                assertThat(recall.latents().getDouble(n, j)).as("latent %d of key %d", j, n).isCloseTo(z[n][j], within(1e-8));
            }
            for (int i = 0; i < SENSORY; i++) {
                double expected = m.getDouble(n, i) == 1 ? s.getDouble(n, i) : prediction(net, h[n], i);
                assertThat(recall.patterns().getDouble(n, i)).as("pixel %d of key %d", i, n).isCloseTo(expected, within(1e-8));
            }
        }
    }

    /**
     * The linear decoder's energy for key {@code n} as {@code ||A v - y||^2} over {@code v = (z, h)}: rows
     * {@code sqrt(pz/2) (z - b)}, {@code sqrt(ph/2) (h - z W1 - c1)}, and for each known pixel {@code (h W2 + c2 - s)_i}.
     *
     * @return {@code {A, y}}
     */
    private static INDArray[] leastSquares(MultiLayerNetwork net, INDArray s, INDArray m, int n, double pz, double ph) {
        INDArray b = net.getLayer(0).getParam("W");
        INDArray w1 = net.getLayer(1).getParam("W");
        double[] c1 = net.getLayer(1).getParam("b").toDoubleVector();
        INDArray w2 = net.getLayer(2).getParam("W");
        double[] c2 = net.getLayer(2).getParam("b").toDoubleVector();
        int known = (int) m.getRow(n).sumNumber().doubleValue();
        INDArray a = Nd4j.zeros(DataType.DOUBLE, LATENT + HIDDEN + known, LATENT + HIDDEN);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, LATENT + HIDDEN + known, 1);
        double rz = Math.sqrt(pz / 2);
        double rh = Math.sqrt(ph / 2);
        for (int j = 0; j < LATENT; j++) {
            a.putScalar(j, j, rz);
            y.putScalar(j, 0, rz * b.getDouble(0, j));
        }
        for (int k = 0; k < HIDDEN; k++) {
            a.putScalar(LATENT + k, LATENT + k, rh);
            for (int j = 0; j < LATENT; j++) {
                a.putScalar(LATENT + k, j, -rh * w1.getDouble(j, k));
            }
            y.putScalar(LATENT + k, 0, rh * c1[k]);
        }
        int row = LATENT + HIDDEN;
        for (int i = 0; i < SENSORY; i++) {
            if (m.getDouble(n, i) == 1) {
                for (int k = 0; k < HIDDEN; k++) {
                    a.putScalar(row, LATENT + k, w2.getDouble(k, i));
                }
                y.putScalar(row, 0, s.getDouble(n, i) - c2[i]);
                row++;
            }
        }
        return new INDArray[] {a, y};
    }

    @Test
    void aLinearDecodersRecallConvergesToTheClosedFormMinimiserOfItsEnergy() {
        MultiLayerNetwork net = network(5, Activation.IDENTITY, 1e-2);
        INDArray s = patterns(5);
        INDArray m = mask();
        double pz = 1;
        double ph = 2;
        // gradient descent on a quadratic with Hessian H = 2 A^T A: at gamma = 1 / lambda_max the error shrinks by
        // (1 - lambda_min / lambda_max) per step; the fixture needs few enough steps to reach 1e-12
        double largest = 0;
        double smallest = Double.MAX_VALUE;
        for (int n = 0; n < N; n++) {
            INDArray[] ay = leastSquares(net, s, m, n, pz, ph);
            INDArray h = ay[0].transpose().mmul(ay[0]).muli(2);
            INDArray eig = org.nd4j.linalg.eigen.Eigen.symmetricGeneralizedEigenvalues(h.dup());
            largest = Math.max(largest, eig.maxNumber().doubleValue());
            smallest = Math.min(smallest, eig.minNumber().doubleValue());
        }
        double gamma = 1 / largest;
        int steps = (int) Math.ceil(Math.log(1e-12) / Math.log(1 - smallest / largest));
        assertThat(steps).as("the fixture's conditioning (lambda %s .. %s)", smallest, largest).isLessThan(3000);
        MemoryConfig config = MemoryConfig.builder().recallSteps(steps).recallRate(gamma).latentPrecision(pz).hiddenPrecision(ph).build();
        AssociativeMemory memory = new AssociativeMemory(net, config);
        // the energy is a convex quadratic: from zero or from the whole pattern relaxed, the recall ends at its one minimiser
        for (Recall recall : List.of(memory.complete(s.mul(m), m), memory.completeFromStored(s.mul(m), m, s))) {
            assertRecallIsTheMinimiser(net, recall, s, m, pz, ph);
        }
        // Nesterov's steps with restart reach the same minimiser in a quarter of the steps (order sqrt(kappa), not kappa;
        // 834 plain steps here, and a fifth of them also sufficed)
        int accelerated = steps / 4;
        AssociativeMemory fast = new AssociativeMemory(net, config.toBuilder().recallSteps(accelerated)
                .recallOptimizer(org.pc4j.trainers.ValueOptimizer.nesterov()).build());
        assertRecallIsTheMinimiser(net, fast.complete(s.mul(m), m), s, m, pz, ph);
    }

    private static void assertRecallIsTheMinimiser(MultiLayerNetwork net, Recall recall, INDArray s, INDArray m, double pz, double ph) {
        INDArray w2 = net.getLayer(2).getParam("W");
        double[] c2 = net.getLayer(2).getParam("b").toDoubleVector();
        for (int n = 0; n < N; n++) {
            INDArray[] ay = leastSquares(net, s, m, n, pz, ph);
            INDArray v = InvertMatrix.invert(ay[0].transpose().mmul(ay[0]), false).mmul(ay[0].transpose().mmul(ay[1]));
            for (int j = 0; j < LATENT; j++) {
                assertThat(recall.latents().getDouble(n, j)).as("latent %d of key %d", j, n).isCloseTo(v.getDouble(j, 0), within(1e-9));
            }
            for (int i = 0; i < SENSORY; i++) {
                double mu = c2[i];
                for (int k = 0; k < HIDDEN; k++) {
                    mu += v.getDouble(LATENT + k, 0) * w2.getDouble(k, i);
                }
                double expected = m.getDouble(n, i) == 1 ? s.getDouble(n, i) : mu;
                assertThat(recall.patterns().getDouble(n, i)).as("pixel %d of key %d", i, n).isCloseTo(expected, within(1e-9));
            }
        }
    }
}
