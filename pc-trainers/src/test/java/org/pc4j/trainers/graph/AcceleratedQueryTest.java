package org.pc4j.trainers.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pc4j.testkit.NdAssertions.assertAllClose;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.pc4j.trainers.KernelPath;

/**
 * Accelerated queries ({@link GraphQuery#accelerated}, {@link NesterovRestart}) against their definition and against
 * closed forms: each step is Nesterov's with the per-example gradient restart, computed here from central finite
 * differences of each example's energy written out element by element; on a linear graph the query converges to the
 * least-squares completion (closed form) in far fewer steps than plain steps take; both paths agree.
 */
class AcceleratedQueryTest {

    private static final double H = 1e-6;
    private static final int N = 8;

    private static INDArray randn(long seed, long... shape) {
        return Nd4j.randn(Nd4j.create(DataType.DOUBLE, shape), Nd4j.getRandomFactory().getNewRandomInstance(seed));
    }

    /** A fully connected graph of 8 neurons (2 sensory) with weights of std {@code scale / sqrt(8)}. */
    private static PcGraph graph(Activation f, double gamma, boolean control, KernelPath path, double scale) {
        GraphConfig c = GraphConfig.builder(N, 2).activation(f).inferenceRate(gamma).inferenceRateControl(control)
                .dataType(DataType.DOUBLE).kernelPath(path).build();
        GraphMask mask = GraphMask.fullyConnected(N);
        INDArray w = randn(21, N, N).muli(scale / Math.sqrt(N)).muli(mask.toArray(DataType.DOUBLE));
        return PcGraph.withWeights(c, mask, w);
    }

    /** Example b's energy 1/2 sum_i (x_i - sum_j W_ij f(x_j))^2 with plain loops. */
    private static double energy(double[][] w, double[] x, boolean tanh) {
        double e = 0;
        for (int i = 0; i < x.length; i++) {
            double mu = 0;
            for (int j = 0; j < x.length; j++) {
                mu += w[i][j] * (tanh ? Math.tanh(x[j]) : x[j]);
            }
            e += 0.5 * (x[i] - mu) * (x[i] - mu);
        }
        return e;
    }

    private static double[] centralDifference(double[][] w, double[] x, boolean tanh, boolean[] free) {
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            if (!free[i]) {
                continue;
            }
            double keep = x[i];
            x[i] = keep + H;
            double up = energy(w, x, tanh);
            x[i] = keep - H;
            double down = energy(w, x, tanh);
            x[i] = keep;
            g[i] = (up - down) / (2 * H);
        }
        return g;
    }

    /** The query of these tests: neurons 0, 1 conditioned, the rest initialised (so the start is known). */
    private static GraphQuery query(int batch, int steps, double tolerance, boolean accelerated) {
        return GraphQuery.builder(batch, N).condition(0, randn(31, batch, 2)).initialise(2, randn(32, batch, N - 2).muli(0.5))
                .steps(steps).tolerance(tolerance).accelerated(accelerated).build();
    }

    static Stream<Arguments> paths() {
        return Stream.of(Arguments.of(KernelPath.KERNEL), Arguments.of(KernelPath.GENERAL));
    }

    /**
     * Twelve steps of a tanh graph whose weights make the momentum overshoot: the values after each step equal
     * Nesterov's rule with restart computed from finite-difference gradients (to 1e-7), and the hand computation does
     * restart (so a query without the restart would differ).
     */
    @ParameterizedTest
    @MethodSource("paths")
    void eachStepIsNesterovsWithTheGradientRestartOnFiniteDifferenceGradients(KernelPath path) {
        double gamma = 0.15;
        PcGraph g = graph(Activation.TANH, gamma, false, path, 2.0);
        double[][] w = g.weights().toDoubleMatrix();
        int batch = 3;
        int steps = 12;
        boolean[] free = new boolean[N];
        for (int i = 2; i < N; i++) {
            free[i] = true;
        }
        double[][] y = query(batch, 1, 0, true).values().toDoubleMatrix();
        double[][] sequence = new double[batch][];
        double[] t = new double[batch];
        for (int b = 0; b < batch; b++) {
            sequence[b] = y[b].clone();
            t[b] = 1;
        }
        int restarts = 0;
        for (int k = 1; k <= steps; k++) {
            for (int b = 0; b < batch; b++) {
                double[] grad = centralDifference(w, y[b], true, free);
                double[] plain = new double[N];
                double uphill = 0;
                for (int i = 0; i < N; i++) {
                    plain[i] = y[b][i] - gamma * grad[i];
                    uphill += grad[i] * (plain[i] - sequence[b][i]);
                }
                double beta;
                if (uphill > 0) {
                    t[b] = 1;
                    beta = 0;
                    restarts++;
                } else {
                    double next = (1 + Math.sqrt(1 + 4 * t[b] * t[b])) / 2;
                    beta = (t[b] - 1) / next;
                    t[b] = next;
                }
                for (int i = 0; i < N; i++) {
                    y[b][i] = plain[i] + beta * (plain[i] - sequence[b][i]);
                }
                sequence[b] = plain;
            }
            QueryResult r = g.query(query(batch, k, 0, true));
            assertThat(r.steps()).isEqualTo(k);
            assertAllClose("values after step " + k, r.values(), Nd4j.createFromArray(y), 1e-7, 1e-8);
        }
        assertThat(restarts).as("the fixture makes the momentum restart").isPositive();
    }

    /**
     * A linear graph's energy is quadratic in the free values: the query's fixed point is the least-squares completion
     * {@code x_F = -A_F^+ A_C x_C} with {@code A = I - W}. Accelerated and plain queries both reach it (to 1e-6), the
     * accelerated one in at most a third of the steps.
     */
    @ParameterizedTest
    @MethodSource("paths")
    void onALinearGraphBothReachTheLeastSquaresCompletionTheAcceleratedInAThirdOfTheSteps(KernelPath path) {
        PcGraph g = graph(Activation.IDENTITY, 0.05, true, path, 1.5);
        int batch = 2;
        INDArray a = Nd4j.eye(N).castTo(DataType.DOUBLE).subi(g.weights());
        INDArray af = a.getColumns(2, 3, 4, 5, 6, 7);
        INDArray ac = a.getColumns(0, 1);
        GraphQuery plainQuery = query(batch, 200_000, 1e-15, false);
        INDArray xc = plainQuery.values().getColumns(0, 1);
        // normal equations: (A_F^T A_F) x_F = -A_F^T A_C x_C, per example (columns)
        INDArray expected = org.nd4j.linalg.inverse.InvertMatrix.invert(af.transpose().mmul(af), false)
                .mmul(af.transpose()).mmul(ac).mmul(xc.transpose()).negi().transpose();
        QueryResult plain = g.query(plainQuery);
        QueryResult fast = g.query(query(batch, 200_000, 1e-15, true));
        assertAllClose("plain query", plain.values().getColumns(2, 3, 4, 5, 6, 7), expected, 1e-6, 1e-6);
        assertAllClose("accelerated query", fast.values().getColumns(2, 3, 4, 5, 6, 7), expected, 1e-6, 1e-6);
        assertThat(fast.steps()).as("accelerated %d steps against plain %d", fast.steps(), plain.steps()).isLessThan(plain.steps() / 3);
    }

    /** With the control on and a step far above the stable one, the accelerated query halves, restarts and still converges. */
    @ParameterizedTest
    @EnumSource(value = KernelPath.class, names = {"KERNEL", "GENERAL"})
    void withTheControlATooLargeStepIsHalvedAndTheQueryStillConverges(KernelPath path) {
        PcGraph g = graph(Activation.IDENTITY, 4.0, true, path, 1.5);
        PcGraph reference = graph(Activation.IDENTITY, 0.05, true, path, 1.5);
        QueryResult fast = g.query(query(2, 200_000, 1e-15, true));
        QueryResult plain = reference.query(query(2, 200_000, 1e-15, false));
        assertThat(fast.rate()).as("halved").isLessThan(4.0);
        assertAllClose("the same fixed point", fast.values(), plain.values(), 1e-6, 1e-6);
    }

    @Test
    void kernelAndGeneralPathsAgreeWithin1e12OnAnAcceleratedQuery() {
        QueryResult k = graph(Activation.TANH, 0.3, true, KernelPath.KERNEL, 2.0).query(query(3, 60, 0, true));
        QueryResult e = graph(Activation.TANH, 0.3, true, KernelPath.GENERAL, 2.0).query(query(3, 60, 0, true));
        assertAllClose("values", k.values(), e.values(), 1e-12, 1e-14);
        assertThat(k.energies()).hasSameSizeAs(e.energies());
        for (int i = 0; i < e.energies().length; i++) {
            assertThat(k.energies()[i]).isCloseTo(e.energies()[i], org.assertj.core.data.Offset.offset(1e-12 * Math.abs(e.energies()[i])));
        }
    }

    @Test
    void theMomentumFollowsFistasSequenceAndARestartMakesTheNextTwoStepsPlain() {
        NesterovRestart m = new NesterovRestart(1);
        double t1 = (1 + Math.sqrt(5)) / 2;
        double t2 = (1 + Math.sqrt(1 + 4 * t1 * t1)) / 2;
        assertThat(m.beta(0, -1)).isEqualTo(0.0);
        assertThat(m.beta(0, -1)).isCloseTo((t1 - 1) / t2, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(m.beta(0, 1e-30)).as("uphill: restart").isEqualTo(0.0);
        assertThat(m.beta(0, -1)).as("t back at 1").isEqualTo(0.0);
        assertThat(m.beta(0, -1)).isCloseTo((t1 - 1) / t2, org.assertj.core.data.Offset.offset(1e-15));
    }

    @Test
    void classifyAndEvaluateTakeTheAskedStepsAndStopAtTheDefaultTolerance() {
        GraphConfig c = GraphConfig.builder(N, 4).labels(2).activation(Activation.TANH).inferenceRate(0.2)
                .dataType(DataType.DOUBLE).build();
        GraphMask mask = GraphMask.fullyConnected(N);
        PcGraph g = PcGraph.withWeights(c, mask, randn(21, N, N).muli(1 / Math.sqrt(N)).muli(mask.toArray(DataType.DOUBLE)));
        INDArray pixels = randn(41, 5, 2);
        for (boolean accelerated : new boolean[] {false, true}) {
            QueryResult byHand = g.query(GraphQuery.builder(5, N).condition(0, pixels).steps(3000).accelerated(accelerated).build());
            assertThat(byHand.steps()).as("the default tolerance stops the query early").isLessThan(3000);
            INDArray labels = g.classify(pixels, 3000, accelerated);
            assertThat(labels.ravel().toDoubleVector()).as("accelerated %s", accelerated).containsExactly(byHand.neurons(2, 2).ravel().toDoubleVector());
            INDArray onehot = Nd4j.zeros(DataType.DOUBLE, 5, 2);
            for (int b = 0; b < 5; b++) {
                onehot.putScalar(b, b % 2, 1);
            }
            org.nd4j.evaluation.classification.Evaluation expected = new org.nd4j.evaluation.classification.Evaluation(2);
            expected.eval(onehot, byHand.neurons(2, 2));
            org.nd4j.evaluation.classification.Evaluation eval = g.evaluate(
                    new org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator<>(java.util.List.of(
                            new org.nd4j.linalg.dataset.DataSet(pixels, onehot)), 5), 3000, accelerated);
            assertThat(eval.getConfusionMatrix().toCSV()).isEqualTo(expected.getConfusionMatrix().toCSV());
        }
        assertThat(g.classify(pixels, 3000).ravel().toDoubleVector()).containsExactly(g.classify(pixels, 3000, false).ravel().toDoubleVector());
        QueryResult plain = g.query(GraphQuery.builder(5, N).condition(0, pixels).steps(3000).build());
        QueryResult fast = g.query(GraphQuery.builder(5, N).condition(0, pixels).steps(3000).accelerated(true).build());
        assertThat(fast.steps()).as("the accelerated classification stops sooner").isLessThan(plain.steps());
    }

    @Test
    void aQueryIsPlainUnlessAskedAndTheFiveArgumentConstructorIsPlain() {
        GraphQuery q = query(1, 5, 0, false);
        assertThat(q.accelerated()).isFalse();
        assertThat(new GraphQuery(q.values(), q.conditioned(), q.initialised(), 5, 0).accelerated()).isFalse();
        assertThat(query(1, 5, 0, true).accelerated()).isTrue();
    }
}
