package org.pc4j.trainers.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pc4j.testkit.NdAssertions.assertAllClose;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.pc4j.trainers.KernelPath;

/**
 * The PC graph's kernel path ({@link GraphKernel}) against its general path ({@link GraphEnergy} on ND4J operations):
 * the same training batches and queries give every energy, the final values and the weights within 1e-12 relative in
 * double precision, for both prediction forms and every activation the kernel computes, with the value-step control
 * halving, with batches of changing size; in float within float rounding. The finite-difference oracle of the kernel's
 * gradients is in {@link PcGraphTest}.
 */
class GraphKernelTest {

    private static final double RTOL = 1e-12;

    private static INDArray randn(long seed, DataType type, long... shape) {
        return Nd4j.randn(Nd4j.create(type, shape), Nd4j.getRandomFactory().getNewRandomInstance(seed));
    }

    /** 12 neurons (5 sensory, 2 of them labels), a random mask with cycles, unequal precisions. */
    private static GraphMask mask() {
        int n = 12;
        List<int[]> edges = new ArrayList<>();
        java.util.Random r = new java.util.Random(11);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j && r.nextDouble() < 0.5) {
                    edges.add(new int[] {i, j});
                }
            }
        }
        return GraphMask.fromEdges(n, edges);
    }

    private static GraphConfig.Builder config(PredictionForm form, Activation f, DataType type) {
        double[] pi = new double[12];
        for (int i = 0; i < pi.length; i++) {
            pi[i] = 0.5 + 0.25 * (i % 5);
        }
        return GraphConfig.builder(12, 5).labels(2).form(form).activation(f).dataType(type).inferenceRate(0.1).trainSteps(6)
                .updater(new Adam(0.02)).weightDecay(1e-3).precision(pi).seed(5);
    }

    static Stream<Arguments> formsAndActivations() {
        List<Arguments> cases = new ArrayList<>();
        for (PredictionForm form : PredictionForm.values()) {
            for (Activation f : new Activation[] {Activation.TANH, Activation.SIGMOID, Activation.RELU, Activation.IDENTITY}) {
                cases.add(Arguments.of(form, f));
            }
        }
        return cases.stream();
    }

    private static void assertCloseRelative(String what, double[] actual, double[] expected, double rtol) {
        assertThat(actual).as(what + ": length").hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(Math.abs(actual[i] - expected[i])).as("%s[%d]: %s vs %s", what, i, actual[i], expected[i])
                    .isLessThanOrEqualTo(rtol * Math.abs(expected[i]) + 1e-300);
        }
    }

    /** Trains both paths on the same batches (sizes as given) and queries both; asserts they agree within {@code rtol}. */
    private static void assertPathsAgree(GraphConfig.Builder b, double rtol, int... batchSizes) {
        PcGraph kernel = new PcGraph(b.kernelPath(KernelPath.KERNEL).build(), mask());
        PcGraph general = new PcGraph(b.kernelPath(KernelPath.GENERAL).build(), mask());
        assertThat(kernel.usesKernelPath()).isTrue();
        assertThat(general.usesKernelPath()).isFalse();
        DataType type = kernel.config().dataType();
        for (int i = 0; i < batchSizes.length; i++) {
            INDArray batch = randn(30 + i, type, batchSizes[i], 5);
            assertCloseRelative("energies of batch " + i, kernel.trainBatch(batch), general.trainBatch(batch), rtol);
            assertAllClose("weights after batch " + i, kernel.weights(), general.weights(), rtol, 0);
        }
        GraphQuery q = GraphQuery.builder(4, 12).condition(0, randn(50, type, 4, 3)).steps(40).tolerance(0).build();
        QueryResult a = kernel.query(q);
        QueryResult e = general.query(q);
        assertCloseRelative("query energies", a.energies(), e.energies(), rtol);
        assertAllClose("query values", a.values(), e.values(), rtol, 0);
        assertThat(a.rate()).isEqualTo(e.rate());
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("formsAndActivations")
    void trainingBatchesAndQueriesEqualTheGeneralPathWithin1e12InDouble(PredictionForm form, Activation f) {
        assertPathsAgree(config(form, f, DataType.DOUBLE), RTOL, 7, 7, 7, 7);
    }

    /**
     * At gamma 3 the energy rises: both paths take the same steps back, halve at the same steps and end at the same
     * rate (asserted below gamma, so the control did act).
     */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(PredictionForm.class)
    void withTheControlHalvingBothPathsTakeTheSameStepsBack(PredictionForm form) {
        GraphConfig.Builder b = config(form, Activation.TANH, DataType.DOUBLE).inferenceRate(3);
        assertPathsAgree(b, RTOL, 7, 7);
        PcGraph kernel = new PcGraph(b.kernelPath(KernelPath.KERNEL).build(), mask());
        QueryResult r = kernel.query(GraphQuery.builder(4, 12).condition(0, randn(50, DataType.DOUBLE, 4, 3)).steps(40).tolerance(0).build());
        assertThat(r.rate()).as("the control halved the step").isLessThan(3);
    }

    @Test
    void batchesOfChangingSizeEqualTheGeneralPath() {
        assertPathsAgree(config(PredictionForm.WEIGHTED_ACTIVITIES, Activation.TANH, DataType.DOUBLE), RTOL, 3, 8, 3, 1);
    }

    @Test
    void inFloatThePathsAgreeToFloatRounding() {
        assertPathsAgree(config(PredictionForm.WEIGHTED_ACTIVITIES, Activation.TANH, DataType.FLOAT), 1e-4, 7, 7, 7);
    }

    @Test
    void theKernelPathIsTheDefaultWhereItAppliesAndTheGeneralPathElsewhere() {
        assertThat(new PcGraph(GraphConfig.builder(12, 5).build(), mask()).usesKernelPath()).isTrue();
        GraphConfig topK = GraphConfig.builder(12, 5).topK(TopKActivity.consecutive(5, 2, 3, 0.5)).build();
        assertThat(new PcGraph(topK, mask()).usesKernelPath()).isFalse();
        GraphConfig softsign = GraphConfig.builder(12, 5).activation(Activation.SOFTSIGN).build();
        assertThat(new PcGraph(softsign, mask()).usesKernelPath()).isFalse();
    }

    @Test
    void forcingTheKernelPathWhereItDoesNotApplyIsRefusedWithTheReason() {
        GraphConfig topK = GraphConfig.builder(12, 5).topK(TopKActivity.consecutive(5, 2, 3, 0.5)).kernelPath(KernelPath.KERNEL).build();
        assertThatThrownBy(() -> new PcGraph(topK, mask())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("top-k").hasMessageContaining("KernelPath.AUTO or GENERAL");
        GraphConfig softsign = GraphConfig.builder(12, 5).activation(Activation.SOFTSIGN).kernelPath(KernelPath.KERNEL).build();
        assertThatThrownBy(() -> new PcGraph(softsign, mask())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SOFTSIGN");
    }

    @Test
    void theKernelPathChoiceTravelsInTheJsonAndAnOlderJsonWithoutItMeansAuto() {
        GraphConfig general = GraphConfig.builder(12, 5).kernelPath(KernelPath.GENERAL).build();
        assertThat(GraphConfig.fromJson(general.toJson())).isEqualTo(general);
        String older = general.toJson().replaceAll(",\\s*\"kernelPath\"\\s*:\\s*\"GENERAL\"", "");
        assertThat(older).doesNotContain("kernelPath");
        assertThat(GraphConfig.fromJson(older).kernelPath()).isEqualTo(KernelPath.AUTO);
        assertThatThrownBy(() -> GraphConfig.fromJson(general.toJson().replace("\"GENERAL\"", "\"FAST\"")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kernelPath");
    }
}
