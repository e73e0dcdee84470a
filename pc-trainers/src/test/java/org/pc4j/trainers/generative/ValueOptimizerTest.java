package org.pc4j.trainers.generative;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.pc4j.trainers.Inference;
import org.pc4j.trainers.PcSession;
import org.pc4j.trainers.PcTrainer;
import org.pc4j.trainers.Schedule;
import org.pc4j.trainers.ValueOptimizer;

/**
 * The value optimisers against their textbook rules, driven by the finite-difference gradient of the hand-written
 * generative energy of {@link GenerativeInferenceTest}: the trajectory of two value moves (three energy evaluations)
 * is computed here from the rule and central differences, and the engine must land on it (double, 1e-8).
 */
class ValueOptimizerTest {

    private static final int N = 2;
    private static final int[] WIDTHS = {3, 4};

    private static INDArray sensory(long seed) {
        return Nd4j.getRandomFactory().getNewRandomInstance(seed).nextDouble(new long[] {N, 5}).castTo(DataType.DOUBLE).muli(2).subi(1);
    }

    private static INDArray mask() {
        return Nd4j.createFromArray(new double[][] {{1, 0, 1, 1, 0}, {1, 1, 0, 1, 1}});
    }

    /** x[node][example][unit] at the start: latents at the prior, hidden values at their prediction. */
    private static double[][][] start(MultiLayerNetwork net) {
        double[] b = net.getLayer(0).getParam("W").toDoubleVector();
        INDArray w1 = net.getLayer(1).getParam("W");
        double[] c1 = net.getLayer(1).getParam("b").toDoubleVector();
        double[][][] x = new double[2][N][];
        for (int n = 0; n < N; n++) {
            x[0][n] = b.clone();
            x[1][n] = new double[WIDTHS[1]];
            for (int k = 0; k < WIDTHS[1]; k++) {
                double a = c1[k];
                for (int j = 0; j < WIDTHS[0]; j++) {
                    a += b[j] * w1.getDouble(j, k);
                }
                x[1][n][k] = Math.tanh(a);
            }
        }
        return x;
    }

    /** The hidden nodes' precision of the energy the hand-run rules descend. */
    private static double precision = 1;

    private static double energy(MultiLayerNetwork net, double[][][] x, INDArray s, INDArray m) {
        return GenerativeInferenceTest.energy(net, x[0], x[1], s, m, precision);
    }

    /** The central finite difference of the energy in every value. */
    private static double[][][] gradient(MultiLayerNetwork net, double[][][] x, INDArray s, INDArray m) {
        double eps = 1e-6;
        double[][][] g = new double[2][N][];
        for (int node = 0; node < 2; node++) {
            for (int n = 0; n < N; n++) {
                g[node][n] = new double[WIDTHS[node]];
                for (int j = 0; j < WIDTHS[node]; j++) {
                    double keep = x[node][n][j];
                    x[node][n][j] = keep + eps;
                    double up = energy(net, x, s, m);
                    x[node][n][j] = keep - eps;
                    double down = energy(net, x, s, m);
                    x[node][n][j] = keep;
                    g[node][n][j] = (up - down) / (2 * eps);
                }
            }
        }
        return g;
    }

    private interface Rule {
        /** @return the direction of move {@code t} (1-based) from the gradient {@code g} and the rule's state */
        double direction(int node, int n, int j, int t, double g);
    }

    /** Runs two moves of {@code rule} at rate {@code gamma} by hand. */
    private static double[][][] twoMoves(MultiLayerNetwork net, INDArray s, INDArray m, double gamma, Rule rule) {
        return moves(net, s, m, gamma, 2, rule);
    }

    /** Runs {@code count} moves of {@code rule} at rate {@code gamma} by hand. */
    private static double[][][] moves(MultiLayerNetwork net, INDArray s, INDArray m, double gamma, int count, Rule rule) {
        double[][][] x = start(net);
        for (int t = 1; t <= count; t++) {
            double[][][] g = gradient(net, x, s, m);
            for (int node = 0; node < 2; node++) {
                for (int n = 0; n < N; n++) {
                    for (int j = 0; j < WIDTHS[node]; j++) {
                        x[node][n][j] -= gamma * rule.direction(node, n, j, t, g[node][n][j]);
                    }
                }
            }
        }
        return x;
    }

    private static Inference engine(MultiLayerNetwork net, INDArray s, INDArray m, double gamma, ValueOptimizer optimizer) {
        PcTrainer trainer = PcTrainer.builder().schedule(Schedule.pc(2)).inferenceRate(gamma).inferenceRateControl(false)
                .valueOptimizer(optimizer).build();
        try (PcSession session = trainer.open(net, false)) {
            return session.infer(new DataSet(Nd4j.ones(DataType.DOUBLE, N, 1), s.mul(m), null, m), 3, 0);
        }
    }

    private static void assertLandsOn(Inference inference, double[][][] expected) {
        for (int node = 0; node < 2; node++) {
            for (int n = 0; n < N; n++) {
                for (int j = 0; j < WIDTHS[node]; j++) {
                    assertThat(inference.values().get(node).getDouble(n, j)).as("node %d example %d unit %d", node, n, j)
                            .isCloseTo(expected[node][n][j], within(1e-8));
                }
            }
        }
    }

    @Test
    void momentumStepsAlongTheVelocityBetaTimesTheLastStepsPlusTheGradient() {
        MultiLayerNetwork net = GenerativeInferenceTest.network(21);
        INDArray s = sensory(21);
        double beta = 0.8;
        double[][][] v = {new double[N][WIDTHS[0]], new double[N][WIDTHS[1]]};
        double[][][] expected = twoMoves(net, s, mask(), 0.05, (node, n, j, t, g) -> v[node][n][j] = beta * v[node][n][j] + g);
        Inference inference = engine(net, s, mask(), 0.05, ValueOptimizer.momentum(beta));
        assertThat(inference.energies()[1]).as("no rise, so no restart").isLessThan(inference.energies()[0]);
        assertLandsOn(inference, expected);
    }

    @Test
    void momentumForgetsItsVelocityAfterAStepThatRaisedTheEnergy() {
        MultiLayerNetwork net = GenerativeInferenceTest.network(22);
        INDArray s = sensory(22);
        double gamma = 0.3;
        // after a rise the second move is a plain gradient step again: v = 0 * beta + g
        double[][][] expected = twoMoves(net, s, mask(), gamma, (node, n, j, t, g) -> g);
        Inference inference = engine(net, s, mask(), gamma, ValueOptimizer.momentum(0.9));
        assertThat(inference.energies()[1]).as("the fixture's first step overshoots").isGreaterThan(inference.energies()[0]);
        assertLandsOn(inference, expected);
    }

    /**
     * Nesterov's accelerated gradient with FISTA's sequence and a per-example gradient restart, run by hand on the
     * finite-difference gradient: {@code v = beta_prev v - rate g}; example {@code n} restarts ({@code t = 1, beta =
     * 0}) where {@code g . v > 0} summed over its values of both nodes; {@code x <- x - rate g + beta v}. With
     * {@code control}, a move that raised the energy halves the rate and restarts every example, as the engine's
     * inference-rate control does.
     *
     * @param restarts filled with, per example, the moves (1-based) at which it restarted
     */
    private static double[][][] nesterov(MultiLayerNetwork net, INDArray s, INDArray m, double gamma, int count, boolean control,
            java.util.List<java.util.List<Integer>> restarts, double[] largestBeta) {
        double[][][] x = start(net);
        double[][][] v = null;
        double[] t = {1, 1};
        double[] previousBeta = {0, 0};
        double rate = gamma;
        double before = energy(net, x, s, m);
        for (int k = 1; k <= count; k++) {
            double[][][] g = gradient(net, x, s, m);
            double[][][] next = {new double[N][WIDTHS[0]], new double[N][WIDTHS[1]]};
            double[] uphill = new double[N];
            for (int node = 0; node < 2; node++) {
                for (int n = 0; n < N; n++) {
                    for (int j = 0; j < WIDTHS[node]; j++) {
                        double old = v == null ? 0 : v[node][n][j];
                        next[node][n][j] = previousBeta[n] * old - rate * g[node][n][j];
                        uphill[n] += g[node][n][j] * next[node][n][j];
                    }
                }
            }
            v = next;
            double[] beta = new double[N];
            for (int n = 0; n < N; n++) {
                if (uphill[n] > 0) {
                    t[n] = 1;
                    beta[n] = 0;
                    restarts.get(n).add(k);
                } else {
                    double tNext = (1 + Math.sqrt(1 + 4 * t[n] * t[n])) / 2;
                    beta[n] = (t[n] - 1) / tNext;
                    t[n] = tNext;
                    largestBeta[0] = Math.max(largestBeta[0], beta[n]);
                }
            }
            for (int node = 0; node < 2; node++) {
                for (int n = 0; n < N; n++) {
                    for (int j = 0; j < WIDTHS[node]; j++) {
                        x[node][n][j] += -rate * g[node][n][j] + beta[n] * v[node][n][j];
                    }
                }
            }
            previousBeta = beta;
            double after = energy(net, x, s, m);
            if (control && after > before * (1 + 1e-9)) {
                rate /= 2;
                v = null;
                t = new double[] {1, 1};
                previousBeta = new double[] {0, 0};
                restarts.get(N).add(k);
            }
            before = after;
        }
        return x;
    }

    private static Inference engine(MultiLayerNetwork net, INDArray s, INDArray m, double gamma, ValueOptimizer optimizer, int moves,
            boolean control) {
        PcTrainer trainer = PcTrainer.builder().schedule(Schedule.pc(moves)).inferenceRate(gamma).inferenceRateControl(control)
                .valueOptimizer(optimizer).build();
        try (PcSession session = trainer.open(net, false)) {
            return session.infer(new DataSet(Nd4j.ones(DataType.DOUBLE, N, 1), s.mul(m), null, m), moves + 1, 0);
        }
    }

    private static java.util.List<java.util.List<Integer>> restartLists() {
        return java.util.List.of(new java.util.ArrayList<>(), new java.util.ArrayList<>(), new java.util.ArrayList<>());
    }

    @Test
    void nesterovExtrapolatesAlongThePlainSequenceAndRestartsEachExampleWhoseMomentumPointsUphill() {
        MultiLayerNetwork net = GenerativeInferenceTest.network(26);
        INDArray s = sensory(26);
        var restarts = restartLists();
        double[] largestBeta = {0};
        double[][][] expected = nesterov(net, s, mask(), 0.2, 14, false, restarts, largestBeta);
        assertThat(largestBeta[0]).as("the momentum built up").isGreaterThan(0.5);
        assertThat(restarts.get(0)).as("example 0 restarted").isNotEmpty();
        assertThat(restarts.get(0)).as("the two examples restart at different moves").isNotEqualTo(restarts.get(1));
        assertLandsOn(engine(net, s, mask(), 0.2, ValueOptimizer.nesterov(), 14, false), expected);
    }

    @Test
    void nesterovRestartsEveryExampleWhenTheRateControlHalvesTheRate() {
        MultiLayerNetwork net = GenerativeInferenceTest.network(27);
        INDArray s = sensory(27);
        var restarts = restartLists();
        double[] largestBeta = {0};
        double[][][] expected = nesterov(net, s, mask(), 0.2, 10, true, restarts, largestBeta);
        assertThat(restarts.get(N)).as("the fixture's energy rises twice, the second time after momentum built up").hasSize(2);
        assertThat(largestBeta[0]).isGreaterThan(0.3);
        Inference inference = engine(net, s, mask(), 0.2, ValueOptimizer.nesterov(), 10, true);
        assertLandsOn(inference, expected);
    }

    @Test
    void adamStepsAlongTheBiasCorrectedFirstMomentOverTheRootOfTheSecond() {
        MultiLayerNetwork net = GenerativeInferenceTest.network(23);
        INDArray s = sensory(23);
        // betas apart from the defaults and from each other, so that a swap shows; epsilon well above the finite
        // differences' noise (the latents' first gradient is exactly 0, and Adam divides it by its own size)
        double b1 = 0.8;
        double b2 = 0.95;
        double eps = 1e-3;
        double[][][] m1 = {new double[N][WIDTHS[0]], new double[N][WIDTHS[1]]};
        double[][][] m2 = {new double[N][WIDTHS[0]], new double[N][WIDTHS[1]]};
        double[][][] expected = twoMoves(net, s, mask(), 0.01, (node, n, j, t, g) -> {
            m1[node][n][j] = b1 * m1[node][n][j] + (1 - b1) * g;
            m2[node][n][j] = b2 * m2[node][n][j] + (1 - b2) * g * g;
            double mHat = m1[node][n][j] / (1 - Math.pow(b1, t));
            double sHat = m2[node][n][j] / (1 - Math.pow(b2, t));
            return mHat / (Math.sqrt(sHat) + eps);
        });
        assertLandsOn(engine(net, s, mask(), 0.01, new ValueOptimizer.Adam(b1, b2, eps)), expected);
    }

    @Test
    void gradientDescentIsTheDefaultAndTheEngineTakesPlainSteps() {
        MultiLayerNetwork net = GenerativeInferenceTest.network(24);
        INDArray s = sensory(24);
        double[][][] expected = twoMoves(net, s, mask(), 0.05, (node, n, j, t, g) -> g);
        assertLandsOn(engine(net, s, mask(), 0.05, ValueOptimizer.gradientDescent()), expected);
        assertThat(PcTrainer.builder().schedule(Schedule.pc(3)).build().config().valueOptimizer())
                .isEqualTo(ValueOptimizer.gradientDescent());
    }

    @Test
    void aHiddenPrecisionWeightsTheHiddenEnergyAndLeavesThePriorAlone() {
        MultiLayerNetwork net = GenerativeInferenceTest.network(25);
        INDArray s = sensory(25);
        precision = 3;
        try {
            // the latents move first at the second step (at the first, no error reaches them), through the hidden
            // error, scaled by the precision; their own prior term, not scaled, pulls from the third on
            double[][][] expected = moves(net, s, mask(), 0.05, 3, (node, n, j, t, g) -> g);
            AssociativeMemory memory = new AssociativeMemory(net, MemoryConfig.builder().recallSteps(3).recallTolerance(0)
                    .recallRate(0.05).hiddenPrecision(3).latentPrecision(1).start(org.pc4j.trainers.ValueInit.forwardPass()).build());
            INDArray latents = memory.complete(s.mul(mask()), mask()).latents();
            for (int n = 0; n < N; n++) {
                for (int j = 0; j < WIDTHS[0]; j++) {
                    assertThat(latents.getDouble(n, j)).as("example %d latent %d", n, j).isCloseTo(expected[0][n][j], within(1e-8));
                }
            }
        } finally {
            precision = 1;
        }
        assertThatThrownBy(() -> MemoryConfig.builder().hiddenPrecision(0).build()).hasMessageContaining("hiddenPrecision");
    }

    @Test
    void exactSchedulesRefuseAnythingButPlainStepsAndBadHyperParametersAreRefused() {
        assertThatThrownBy(() -> PcTrainer.builder().schedule(Schedule.zil()).valueOptimizer(ValueOptimizer.adam()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plain gradient steps");
        assertThatThrownBy(() -> PcTrainer.builder().schedule(Schedule.faZil(2)).valueOptimizer(ValueOptimizer.momentum(0.5)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plain gradient steps");
        assertThatThrownBy(() -> ValueOptimizer.momentum(1)).hasMessageContaining("[0, 1)");
        assertThatThrownBy(() -> new ValueOptimizer.Adam(0.9, 0.999, 0)).hasMessageContaining("epsilon");
    }
}
