package org.pc4j.trainers.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pc4j.testkit.NdAssertions.assertBitIdentical;
import static org.pc4j.testkit.NdAssertions.assertNotBitIdentical;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;
import org.pc4j.trainers.DivergenceException;

/**
 * The PC graph's energy, gradients and rules against their definitions: central finite differences of the energy
 * {@code E = (1/B) sum_b 1/2 sum_i pi_i (x_bi - mu_bi)^2} written out here element by element, closed forms, and the
 * invariants of training and queries.
 */
class PcGraphTest {

    private static final double H = 1e-6;

    private static org.nd4j.linalg.api.rng.Random rng(long seed) {
        return Nd4j.getRandomFactory().getNewRandomInstance(seed);
    }

    private static INDArray randn(long seed, long... shape) {
        return Nd4j.randn(Nd4j.create(DataType.DOUBLE, shape), rng(seed));
    }

    /** The energy from its definition, with plain loops: mu_bi = sum_j W_ij f(x_bj) or f(sum_j W_ij x_bj). */
    private static double energy(PredictionForm form, double[][] w, double[][] x, double[] pi) {
        return energy(form, w, x, pi, null);
    }

    /**
     * The same with the top-k rule written out: in each cluster a neuron sends its signal (f(x) or x) only if fewer
     * than k of the cluster's signals are strictly larger; the firing is recomputed at every point, so central
     * differences see the rule itself.
     */
    private static double energy(PredictionForm form, double[][] w, double[][] x, double[] pi, TopKActivity topK) {
        int b = x.length;
        int n = w.length;
        double e = 0;
        for (int s = 0; s < b; s++) {
            double[] signal = new double[n];
            for (int j = 0; j < n; j++) {
                signal[j] = form == PredictionForm.WEIGHTED_ACTIVITIES ? Math.tanh(x[s][j]) : x[s][j];
            }
            double[] sent = signal.clone();
            if (topK != null) {
                for (TopKActivity.Cluster c : topK.clusters()) {
                    int k = topK.firing(c);
                    for (int j = c.start(); j < c.end(); j++) {
                        int larger = 0;
                        for (int o = c.start(); o < c.end(); o++) {
                            larger += signal[o] > signal[j] ? 1 : 0;
                        }
                        sent[j] = larger < k ? signal[j] : 0;
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                double sum = 0;
                for (int j = 0; j < n; j++) {
                    sum += w[i][j] * sent[j];
                }
                double mu = form == PredictionForm.WEIGHTED_ACTIVITIES ? sum : Math.tanh(sum);
                e += 0.5 * pi[i] * (x[s][i] - mu) * (x[s][i] - mu);
            }
        }
        return e / b;
    }

    private record Fixture(GraphMask mask, INDArray w, INDArray x, double[] pi) {
    }

    /** 6 neurons, a random mask with cycles, masked weights, 3 examples, unequal precisions. */
    private static Fixture fixture() {
        int n = 6;
        List<int[]> edges = new ArrayList<>();
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j && r.nextDouble() < 0.6) {
                    edges.add(new int[] {i, j});
                }
            }
        }
        GraphMask mask = GraphMask.fromEdges(n, edges);
        INDArray w = randn(5, n, n).muli(0.7).muli(mask.toArray(DataType.DOUBLE));
        return new Fixture(mask, w, randn(6, 3, n), new double[] {1, 0.5, 2, 1, 3, 0.25});
    }

    @ParameterizedTest
    @EnumSource(PredictionForm.class)
    void valueAndWeightGradientsEqualCentralDifferencesOfTheEnergy(PredictionForm form) {
        Fixture f = fixture();
        assertGradientsMatchCentralDifferences(form, f, null);
    }

    /**
     * The same oracle on the kernel path ({@link GraphKernel}): its energy, its value step (read back as
     * {@code (x - x') / rate} with every neuron free) and its weight gradient against central differences of the energy.
     */
    @ParameterizedTest
    @EnumSource(PredictionForm.class)
    void onTheKernelPathValueAndWeightGradientsEqualCentralDifferencesOfTheEnergy(PredictionForm form) {
        Fixture f = fixture();
        int n = (int) f.w().size(0);
        int b = (int) f.x().size(0);
        GraphConfig c = GraphConfig.builder(n, 1).form(form).precision(f.pi()).dataType(DataType.DOUBLE).build();
        INDArray moved = f.x().dup();
        double rate = 0.5;
        GraphKernel k = new GraphKernel(c, b).bind(moved, Nd4j.ones(DataType.DOUBLE, b, n), f.w(), rate, false, false);
        double[][] w = f.w().toDoubleMatrix();
        double[][] x = f.x().toDoubleMatrix();
        assertThat(k.energy()).isCloseTo(energy(form, w, x, f.pi()), org.assertj.core.data.Offset.offset(1e-12));
        INDArray gw = Nd4j.create(DataType.DOUBLE, n, n);
        k.weightGradient(gw);
        gw.muli(f.mask().toArray(DataType.DOUBLE));
        k.step();
        assertMatchCentralDifferences(form, f, null, f.x().sub(moved).divi(rate), gw);
    }

    /** Two clusters of 3 (neurons 1..3 and 4..6 of 8), 2 of 3 firing in each; examples choose different winners. */
    private static final TopKActivity TOP_2_OF_3 = TopKActivity.consecutive(1, 2, 3, 0.5);

    @ParameterizedTest
    @EnumSource(PredictionForm.class)
    void withTopKFiringGradientsEqualCentralDifferencesOfTheEnergyWithTheRuleRecomputed(PredictionForm form) {
        int n = 8;
        List<int[]> edges = new ArrayList<>();
        java.util.Random r = new java.util.Random(4);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j && r.nextDouble() < 0.7) {
                    edges.add(new int[] {i, j});
                }
            }
        }
        GraphMask mask = GraphMask.fromEdges(n, edges);
        Fixture f = new Fixture(mask, randn(15, n, n).muli(0.7).muli(mask.toArray(DataType.DOUBLE)), randn(16, 4, n),
                new double[] {1, 0.5, 2, 1, 3, 0.25, 1.5, 1});
        assertThat(TOP_2_OF_3.firing(TOP_2_OF_3.clusters().get(0))).isEqualTo(2);
        GraphEnergy.State s = new GraphEnergy(form, Activation.TANH.getActivationFunction(),
                Nd4j.createFromArray(f.pi()).reshape(1, n), TOP_2_OF_3).at(f.x(), f.w());
        INDArray k = s.firing;
        assertThat(k.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 4)).sum(1).toDoubleVector()).as("2 fire per cluster")
                .containsOnly(2.0);
        assertThat(k.get(NDArrayIndex.all(), NDArrayIndex.interval(4, 7)).sum(1).toDoubleVector()).containsOnly(2.0);
        assertThat(k.getColumn(0).toDoubleVector()).as("outside the clusters all fire").containsOnly(1.0);
        assertThat(k.getColumn(7).toDoubleVector()).containsOnly(1.0);
        assertThat(k.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 4)).sub(k.get(NDArrayIndex.interval(0, 1), NDArrayIndex.interval(1, 4)))
                .amaxNumber().doubleValue()).as("examples choose their own winners").isEqualTo(1.0);
        assertGradientsMatchCentralDifferences(form, f, TOP_2_OF_3);
    }

    private static void assertGradientsMatchCentralDifferences(PredictionForm form, Fixture f, TopKActivity topK) {
        int n = (int) f.w().size(0);
        GraphEnergy energy = new GraphEnergy(form, Activation.TANH.getActivationFunction(),
                Nd4j.createFromArray(f.pi()).reshape(1, n), topK);
        GraphEnergy.State s = energy.at(f.x(), f.w());
        double[][] w = f.w().toDoubleMatrix();
        double[][] x = f.x().toDoubleMatrix();
        assertThat(s.energy()).isCloseTo(energy(form, w, x, f.pi(), topK), org.assertj.core.data.Offset.offset(1e-12));
        INDArray gx = s.valueGradient(f.w());
        INDArray gw = s.weightGradient(f.mask().toArray(DataType.DOUBLE));
        assertMatchCentralDifferences(form, f, topK, gx, gw);
    }

    /**
     * Asserts that {@code gx} (row b: dE_b/dx_b) and {@code gw} (dE/dW, masked) equal central differences of the energy
     * written out above, at the fixture's state.
     */
    private static void assertMatchCentralDifferences(PredictionForm form, Fixture f, TopKActivity topK, INDArray gx, INDArray gw) {
        int n = (int) f.w().size(0);
        double[][] w = f.w().toDoubleMatrix();
        double[][] x = f.x().toDoubleMatrix();
        int b = x.length;
        for (int e = 0; e < b; e++) {
            for (int i = 0; i < n; i++) {
                double keep = x[e][i];
                x[e][i] = keep + H;
                double up = energy(form, w, x, f.pi(), topK);
                x[e][i] = keep - H;
                double down = energy(form, w, x, f.pi(), topK);
                x[e][i] = keep;
                // row b of the value gradient is dE_b/dx_b = B dE/dx_b
                assertThat(gx.getDouble(e, i)).as("dE_b/dx[%d][%d]", e, i).isCloseTo(b * (up - down) / (2 * H),
                        org.assertj.core.data.Offset.offset(1e-7));
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (!f.mask().has(i, j)) {
                    assertThat(gw.getDouble(i, j)).as("masked dE/dW[%d][%d]", i, j).isZero();
                    continue;
                }
                double keep = w[i][j];
                w[i][j] = keep + H;
                double up = energy(form, w, x, f.pi(), topK);
                w[i][j] = keep - H;
                double down = energy(form, w, x, f.pi(), topK);
                w[i][j] = keep;
                assertThat(gw.getDouble(i, j)).as("dE/dW[%d][%d]", i, j).isCloseTo((up - down) / (2 * H),
                        org.assertj.core.data.Offset.offset(1e-7));
            }
        }
    }

    private static GraphConfig.Builder small(int n, int sensory) {
        return GraphConfig.builder(n, sensory).dataType(DataType.DOUBLE).inferenceRate(0.1).trainSteps(5).seed(9);
    }

    @Test
    void maskedWeightsStayExactlyZeroThroughAdamAndWeightDecay() {
        GraphMask mask = GraphMask.lateral(4, 5, 3);
        PcGraph g = new PcGraph(small(12, 7).labels(3).updater(new Adam(0.05)).weightDecay(0.01).build(), mask);
        INDArray m = mask.toArray(DataType.DOUBLE);
        INDArray before = g.weights();
        assertThat(before.mul(m.rsub(1)).amaxNumber().doubleValue()).isZero();
        assertThat(before.mul(m).amaxNumber().doubleValue()).as("edges start non-zero").isPositive();
        for (int i = 0; i < 20; i++) {
            g.trainBatch(randn(100 + i, 4, 7));
        }
        INDArray after = g.weights();
        assertThat(after.mul(m.rsub(1)).amaxNumber().doubleValue()).as("weights off the mask").isZero();
        assertThat(after.sub(before).mul(m).amaxNumber().doubleValue()).as("weights on the mask moved").isPositive();
        assertThat(g.iterations()).isEqualTo(20);
    }

    @Test
    void oneWeightStepIsTheUpdaterAppliedToTheGradientAtTheFinalStatePlusDecay() {
        GraphMask mask = GraphMask.fullyConnected(5);
        GraphConfig c = small(5, 2).updater(new Sgd(0.3)).weightDecay(0.2).start(GraphConfig.ValueStart.RANDOM).build();
        PcGraph g = new PcGraph(c, mask);
        INDArray w0 = g.weights();
        INDArray[] last = new INDArray[1];
        double[] energies = g.listeners(new GraphListener() {
            @Override
            public void onStep(GraphStep step) {
                last[0] = step.values().dup();
            }
        }).trainBatch(randn(1, 3, 2));
        assertThat(energies).hasSize(6);
        GraphEnergy.State s = new GraphEnergy(c.form(), c.activation().getActivationFunction(), null, null).at(last[0], w0);
        INDArray expected = w0.sub(s.weightGradient(mask.toArray(DataType.DOUBLE)).addi(w0.mul(0.2)).muli(0.3));
        assertThat(g.weights().sub(expected).amaxNumber().doubleValue()).isLessThan(1e-14);
        assertThat(energies[5]).as("value steps lower the energy").isLessThan(energies[0]);
    }

    @Test
    void conditionedNeuronsNeverMoveInitialisedOnesStartAtTheirValueAndWeightsStayBitIdentical() {
        GraphMask mask = GraphMask.fullyConnected(6);
        PcGraph g = new PcGraph(small(6, 3).build(), mask);
        for (int i = 0; i < 5; i++) {
            g.trainBatch(randn(i + 1, 4, 3));
        }
        INDArray w = g.weights();
        INDArray cond = randn(50, 2, 2);
        INDArray init = randn(51, 2, 1);
        List<INDArray> states = new ArrayList<>();
        QueryResult r = g.listeners(new GraphListener() {
            @Override
            public void onStep(GraphStep step) {
                states.add(step.values().dup());
            }
        }).query(GraphQuery.builder(2, 6).condition(0, cond).initialise(2, init).steps(30).tolerance(0).build());
        assertThat(r.steps()).isEqualTo(30);
        assertThat(states).hasSize(31);
        for (INDArray s : states) {
            assertBitIdentical(s.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2)), cond);
        }
        assertBitIdentical(states.get(0).get(NDArrayIndex.all(), NDArrayIndex.interval(2, 3)), init);
        assertNotBitIdentical("an initialised neuron moves", r.values().get(NDArrayIndex.all(), NDArrayIndex.interval(2, 3)), init);
        assertBitIdentical(g.weights(), w);
        assertThat(r.energies()[30]).isLessThan(r.energies()[0]);
    }

    @Test
    void aQueryStopsByDefaultWhereTheEnergyChangesByAtMostTheDefaultToleranceAndZeroRunsTheBudget() {
        PcGraph g = new PcGraph(small(6, 3).build(), GraphMask.fullyConnected(6));
        QueryResult r = g.query(GraphQuery.builder(2, 6).condition(0, randn(1, 2, 3)).steps(5000).build());
        assertThat(r.steps()).isBetween(1, 4999);
        double[] e = r.energies();
        double tol = GraphQuery.DEFAULT_TOLERANCE;
        assertThat(Math.abs(e[r.steps() - 1] - e[r.steps()])).isLessThanOrEqualTo(tol * Math.abs(e[r.steps() - 1]));
        assertThat(Math.abs(e[r.steps() - 2] - e[r.steps() - 1])).isGreaterThan(tol * Math.abs(e[r.steps() - 2]));
        assertThat(g.query(GraphQuery.builder(2, 6).condition(0, randn(1, 2, 3)).steps(5000).tolerance(0).build()).steps()).isEqualTo(5000);
    }

    @Test
    void aQueryStopsWhenTheEnergyConverges() {
        PcGraph g = new PcGraph(small(6, 3).build(), GraphMask.fullyConnected(6));
        QueryResult r = g.query(GraphQuery.builder(2, 6).condition(0, randn(1, 2, 3)).steps(5000).tolerance(1e-6).build());
        assertThat(r.steps()).isBetween(1, 4999);
        double[] e = r.energies();
        assertThat(Math.abs(e[r.steps() - 1] - e[r.steps()])).isLessThanOrEqualTo(1e-6 * Math.abs(e[r.steps() - 1]));
        assertThat(Math.abs(e[r.steps() - 2] - e[r.steps() - 1])).isGreaterThan(1e-6 * Math.abs(e[r.steps() - 2]));
    }

    /**
     * The linear fully connected associative memory (thesis §4.2: identity f, no self-loops, every neuron sensory):
     * training is gradient descent on the mean of 1/2 ||x - W x||^2, whose minimiser row by row is the least-squares
     * regression of neuron i on the others, {@code W_i = (X_-i^T X_-i)^-1 X_-i^T x_i}.
     */
    @Test
    void theLinearFullyConnectedModelWithEveryNeuronClampedConvergesToTheLeastSquaresWeights() {
        int n = 4;
        INDArray x = randn(8, 10, n);
        PcGraph g = new PcGraph(GraphConfig.builder(n, n).activation(Activation.IDENTITY).updater(new Sgd(0.3)).trainSteps(1)
                .dataType(DataType.DOUBLE).build(), GraphMask.fullyConnected(n));
        for (int i = 0; i < 3000; i++) {
            g.trainBatch(x);
        }
        INDArray w = g.weights();
        for (int i = 0; i < n; i++) {
            int[] others = new int[n - 1];
            for (int j = 0, k = 0; j < n; j++) {
                if (j != i) {
                    others[k++] = j;
                }
            }
            INDArray xo = x.getColumns(others);
            INDArray xi = x.getColumn(i).reshape(10, 1);
            INDArray ls = org.nd4j.linalg.inverse.InvertMatrix.invert(xo.transpose().mmul(xo), false).mmul(xo.transpose()).mmul(xi);
            for (int k = 0; k < n - 1; k++) {
                assertThat(w.getDouble(i, others[k])).as("W[%d][%d]", i, others[k]).isCloseTo(ls.getDouble(k), org.assertj.core.data.Offset.offset(1e-8));
            }
            assertThat(w.getDouble(i, i)).isZero();
        }
    }

    @Test
    void saveAndLoadKeepWeightsMaskConfigAndTheUpdatersState(@TempDir Path dir) throws Exception {
        GraphMask mask = GraphMask.assembly(3, 2, 4, 0.5, 0.5, true, 4);
        GraphConfig c = small(11, 3).updater(new Adam(0.01)).weightDecay(1e-3)
                .topK(TopKActivity.consecutive(3, 2, 4, 0.5)).build();
        PcGraph a = new PcGraph(c, mask);
        a.trainBatch(randn(1, 2, 3));
        Path file = dir.resolve("graph.zip");
        a.save(file);
        PcGraph b = PcGraph.load(file);
        assertThat(b.config()).isEqualTo(c);
        assertThat(b.mask()).isEqualTo(mask);
        assertThat(b.mask().description()).isEqualTo(mask.description());
        assertBitIdentical(b.weights(), a.weights());
        assertThat(b.iterations()).isEqualTo(1);
        INDArray next = randn(2, 2, 3);
        a.trainBatch(next);
        b.trainBatch(next);
        assertBitIdentical("the same Adam step after loading", b.weights(), a.weights());
        assertThat(GraphConfig.fromJson(c.toJson())).isEqualTo(c);
        assertThat(GraphConfig.fromJson(c.toJson()).topK()).isEqualTo(c.topK()).isNotNull();
        assertThat(GraphConfig.fromJson(c.toBuilder().topK(null).build().toJson()).topK()).isNull();
        GraphConfig fixed = c.toBuilder().inferenceRateControl(false).build();
        assertThat(fixed).isNotEqualTo(c);
        assertThat(GraphConfig.fromJson(fixed.toJson())).isEqualTo(fixed);
        assertThat(GraphConfig.fromJson(fixed.toJson().replaceAll(",\\s*\"inferenceRateControl\"\\s*:\\s*false", "")).inferenceRateControl())
                .as("a configuration saved before the control existed gets the default").isTrue();
        assertThatThrownBy(() -> GraphConfig.fromJson(fixed.toJson().replace("\"inferenceRateControl\" : false", "\"inferenceRateControl\" : \"no\"")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inferenceRateControl");
    }

    @Test
    void aSaveThatFailsMidwayLeavesThePreviousFileWhole(@TempDir Path dir) throws Exception {
        PcGraph a = new PcGraph(small(6, 2).build(), GraphMask.fullyConnected(6));
        Path file = dir.resolve("graph.zip");
        a.save(file);
        byte[] good = java.nio.file.Files.readAllBytes(file);
        PcGraph b = new PcGraph(small(6, 2).seed(7).build(), GraphMask.fullyConnected(6));
        b.trainBatch(randn(1, 2, 2));
        // the disk fills (or the process is killed) after 100 bytes of the new file
        assertThatThrownBy(() -> b.save(file, out -> new java.io.FilterOutputStream(out) {
            private int written;

            @Override
            public void write(int x) throws java.io.IOException {
                if (++written > 100) {
                    throw new java.io.IOException("No space left on device");
                }
                super.write(x);
            }

            @Override
            public void write(byte[] bytes, int off, int len) throws java.io.IOException {
                for (int i = 0; i < len; i++) {
                    write(bytes[off + i]);
                }
            }
        })).isInstanceOf(java.io.IOException.class).hasMessageContaining("No space left");
        assertThat(java.nio.file.Files.readAllBytes(file)).as("the previous save, byte for byte").isEqualTo(good);
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir)) {
            assertThat(files.toList()).as("no partial file left beside it").containsExactly(file);
        }
        assertBitIdentical(PcGraph.load(file).weights(), a.weights());
    }

    @Test
    void aForwardStartOnACyclicGraphIsRefusedAndRandomStartsFollowTheSeed() {
        PcGraph cyclic = new PcGraph(small(6, 2).start(GraphConfig.ValueStart.FORWARD).build(), GraphMask.fullyConnected(6));
        assertThatThrownBy(() -> cyclic.trainBatch(randn(1, 2, 2))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no cycle");
        PcGraph a = new PcGraph(small(6, 2).build(), GraphMask.fullyConnected(6));
        PcGraph b = new PcGraph(small(6, 2).build(), GraphMask.fullyConnected(6));
        a.trainBatch(randn(1, 2, 2));
        b.trainBatch(randn(1, 2, 2));
        assertBitIdentical(a.weights(), b.weights());
    }

    @Test
    void aDivergingBatchThrowsAndLeavesTheWeightsAsTheyWere() {
        PcGraph g = new PcGraph(small(6, 2).inferenceRate(50).trainSteps(200).activation(Activation.IDENTITY).inferenceRateControl(false)
                .build(), GraphMask.fullyConnected(6));
        INDArray w = g.weights();
        assertThatThrownBy(() -> g.trainBatch(randn(1, 2, 2).muli(100))).isInstanceOf(DivergenceException.class)
                .hasMessageContaining("weights are as before");
        assertBitIdentical(g.weights(), w);
        assertThat(g.iterations()).isZero();
    }

    /**
     * Above the stable step the same batch runs away without the control; with it the rising steps are taken back and
     * halved, the accepted energies never rise, and the one weight step is still the updater applied to the gradient at
     * the final state (the state of the last accepted step).
     */
    @Test
    void withTheControlARunawayBatchBacktracksItsEnergiesNeverRiseAndTheWeightStepIsReadAtTheFinalState() {
        GraphConfig.Builder b = small(6, 2).inferenceRate(50).trainSteps(200).activation(Activation.IDENTITY).updater(new Sgd(0.01));
        INDArray data = randn(1, 2, 2).muli(100);
        PcGraph fixed = new PcGraph(b.inferenceRateControl(false).build(), GraphMask.fullyConnected(6));
        assertThatThrownBy(() -> fixed.trainBatch(data)).isInstanceOf(DivergenceException.class);
        GraphConfig c = b.inferenceRateControl(true).build();
        PcGraph g = new PcGraph(c, GraphMask.fullyConnected(6));
        INDArray w0 = g.weights();
        INDArray[] last = new INDArray[1];
        double[] e = g.listeners(new GraphListener() {
            @Override
            public void onStep(GraphStep step) {
                last[0] = step.values().dup();
            }
        }).trainBatch(data);
        for (int t = 1; t < e.length; t++) {
            assertThat(e[t]).as("energy after step %d", t).isLessThanOrEqualTo(e[t - 1] * (1 + ValueDescent.TOLERANCE));
        }
        assertThat(e[200]).isLessThan(e[0]);
        assertThat(g.halvings()).as("steps taken back").isPositive();
        GraphEnergy.State s = new GraphEnergy(c.form(), c.activation().getActivationFunction(), null, null).at(last[0], w0);
        INDArray expected = w0.sub(s.weightGradient(GraphMask.fullyConnected(6).toArray(DataType.DOUBLE)).muli(0.01));
        assertThat(g.weights().sub(expected).amaxNumber().doubleValue()).isLessThan(1e-12);
    }

    /**
     * A query at a step far above the stable limit: without the control it diverges; with it, it converges to the
     * closed-form answer of a linear graph: with f the identity, E = 1/2 ||(I - W) x||^2 (per example), and the free
     * neurons' minimiser is the least-squares solution {@code x_f = -(A_f^T A_f)^-1 A_f^T A_c x_c}, A = I - W.
     */
    @Test
    void withTheControlAQueryAboveTheStableStepConvergesToTheLeastSquaresCompletion() {
        int n = 6;
        GraphConfig.Builder b = small(n, 3).activation(Activation.IDENTITY).inferenceRate(20);
        INDArray w = randn(21, n, n).muli(0.3).muli(GraphMask.fullyConnected(n).toArray(DataType.DOUBLE));
        INDArray given = randn(22, 1, 3);
        GraphQuery q = GraphQuery.builder(1, n).condition(0, given).steps(3000).tolerance(0).build();
        PcGraph fixed = PcGraph.withWeights(b.inferenceRateControl(false).build(), GraphMask.fullyConnected(n), w);
        assertThatThrownBy(() -> fixed.query(q)).isInstanceOf(DivergenceException.class);
        PcGraph g = PcGraph.withWeights(b.inferenceRateControl(true).build(), GraphMask.fullyConnected(n), w);
        QueryResult r = g.query(q);
        assertThat(r.rate()).as("halved").isLessThan(20).isGreaterThanOrEqualTo(20 * ValueDescent.FLOOR);
        assertThat(g.halvings()).as("each step taken back halves the rate once: 20 / 2^halvings is the final rate")
                .isEqualTo(Math.round(Math.log(20 / r.rate()) / Math.log(2)));
        assertThat(fixed.halvings()).as("without the control nothing is taken back").isZero();
        double[] e = r.energies();
        for (int t = 1; t < e.length; t++) {
            assertThat(e[t]).isLessThanOrEqualTo(e[t - 1] + ValueDescent.TOLERANCE * e[t - 1]);
        }
        INDArray a = Nd4j.eye(n).castTo(DataType.DOUBLE).subi(w);
        INDArray af = a.getColumns(3, 4, 5);
        INDArray ac = a.getColumns(0, 1, 2);
        INDArray expected = org.nd4j.linalg.inverse.InvertMatrix.invert(af.transpose().mmul(af), false).mmul(af.transpose())
                .mmul(ac).mmul(given.transpose()).negi();
        for (int k = 0; k < 3; k++) {
            assertThat(r.values().getDouble(0, 3 + k)).as("free neuron %d", 3 + k)
                    .isCloseTo(expected.getDouble(k, 0), org.assertj.core.data.Offset.offset(1e-8));
        }
    }

    /**
     * A float energy summed over a batch moves by rounding (about 1e-5 relative at convergence on a 1,000-neuron graph):
     * such a rise is not taken for instability in float, while in double anything above 1e-9 is.
     */
    @Test
    void aRiseOfRoundingSizeHalvesTheStepInDoubleButNotInFloat() {
        INDArray xd = Nd4j.zeros(DataType.DOUBLE, 2, 3);
        ValueDescent d = new ValueDescent(xd, 0.4, true);
        d.step(xd, Nd4j.ones(DataType.DOUBLE, 2, 3));
        assertThat(d.accept(xd, 15.8559, 15.8560)).as("double: a rise of 6e-6 relative").isFalse();
        assertThat(d.rate()).isEqualTo(0.2);
        assertBitIdentical(xd, Nd4j.valueArrayOf(new long[] {2, 3}, -0.2, DataType.DOUBLE));
        INDArray xf = Nd4j.zeros(DataType.FLOAT, 2, 3);
        ValueDescent f = new ValueDescent(xf, 0.4, true);
        f.step(xf, Nd4j.ones(DataType.FLOAT, 2, 3));
        assertThat(f.accept(xf, 15.8559, 15.8560)).as("float: the same rise is rounding").isTrue();
        assertThat(f.accept(xf, 15.8559, 15.8559 * (1 + 2 * ValueDescent.FLOAT_TOLERANCE))).as("float: a real rise").isFalse();
        assertThat(f.rate()).isEqualTo(0.2);
    }

    /** Where the energy never rises the control changes nothing: every value and energy bit-identical with it off. */
    @Test
    void aBatchAndAQueryWhoseEnergyNeverRisesAreBitIdenticalWithAndWithoutTheControl() {
        GraphMask mask = GraphMask.fullyConnected(6);
        PcGraph on = new PcGraph(small(6, 3).build(), mask);
        PcGraph off = new PcGraph(small(6, 3).inferenceRateControl(false).build(), mask);
        assertBitIdentical(on.weights(), off.weights());
        for (int i = 1; i <= 5; i++) {
            assertThat(on.trainBatch(randn(i, 4, 3))).containsExactly(off.trainBatch(randn(i, 4, 3)));
        }
        assertBitIdentical(on.weights(), off.weights());
        GraphQuery q = GraphQuery.builder(2, 6).condition(0, randn(30, 2, 3)).steps(50).build();
        QueryResult a = on.query(q);
        QueryResult b = off.query(q);
        assertThat(a.rate()).isEqualTo(0.1);
        assertThat(a.energies()).containsExactly(b.energies());
        assertBitIdentical(a.values(), b.values());
    }

    private static long workspaceBytes() {
        long total = 0;
        for (String id : new String[] {"PC_GRAPH_STEP", "PC_GRAPH_BATCH", "PC_GRAPH_DATA"}) {
            if (Nd4j.getWorkspaceManager().checkIfWorkspaceExists(id)) {
                total += Nd4j.getWorkspaceManager().getWorkspaceForCurrentThread(id).getCurrentSize();
            }
        }
        return total;
    }

    @Test
    void stepsAllocateInReusedWorkspacesThatStopGrowingAfterTheFirstBatches() {
        PcGraph g = new PcGraph(small(40, 12).labels(2).updater(new Adam(0.01)).weightDecay(1e-3).build(), GraphMask.fullyConnected(40));
        List<INDArray> batches = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            batches.add(randn(200 + i, 8, 12));
        }
        for (int i = 0; i < 6; i++) {
            g.trainBatch(batches.get(i % 4));
        }
        g.query(GraphQuery.builder(8, 40).condition(0, randn(1, 8, 10)).steps(20).build());
        long warm = workspaceBytes();
        assertThat(warm).isPositive();
        for (int i = 0; i < 40; i++) {
            g.trainBatch(batches.get(i % 4));
            g.query(GraphQuery.builder(8, 40).condition(0, randn(i + 1, 8, 10)).steps(20).build());
        }
        assertThat(workspaceBytes()).as("workspace bytes after 40 more batches and queries").isEqualTo(warm);
        assertThat(Nd4j.getWorkspaceManager().anyWorkspaceActiveForCurrentThread()).isFalse();
        QueryResult r = g.query(GraphQuery.builder(8, 40).condition(0, randn(1, 8, 10)).steps(5).build());
        assertThat(r.values().isAttached()).as("a query's values outlive it").isFalse();
    }

    @Test
    void badInputIsRefusedAndChangesNothing() {
        GraphConfig c = small(6, 3).build();
        assertThatThrownBy(() -> new PcGraph(c, GraphMask.fullyConnected(5))).hasMessageContaining("5 neurons");
        INDArray loops = Nd4j.ones(DataType.DOUBLE, 6, 6);
        assertThatThrownBy(() -> new PcGraph(c, GraphMask.fromArray(loops))).hasMessageContaining("self-loops");
        assertThat(new PcGraph(c.toBuilder().selfLoops(true).build(), GraphMask.fromArray(loops)).mask().hasSelfLoops()).isTrue();
        assertThatThrownBy(() -> GraphMask.fromArray(Nd4j.ones(DataType.DOUBLE, 6, 5))).hasMessageContaining("square");
        assertThatThrownBy(() -> GraphMask.fromArray(Nd4j.ones(DataType.DOUBLE, 2, 2).muli(2))).hasMessageContaining("only 0 and 1");
        PcGraph g = new PcGraph(c, GraphMask.fullyConnected(6));
        INDArray w = g.weights();
        INDArray nan = randn(1, 2, 3);
        nan.putScalar(1, 1, Double.NaN);
        assertThatThrownBy(() -> g.trainBatch(nan)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> g.trainBatch(randn(1, 2, 4))).hasMessageContaining("[B, 3]");
        assertThatThrownBy(() -> GraphQuery.builder(2, 6).build()).hasMessageContaining("nothing");
        assertThatThrownBy(() -> GraphQuery.builder(2, 6).condition(0, randn(1, 2, 6)).build()).hasMessageContaining("every neuron");
        assertThatThrownBy(() -> GraphQuery.builder(2, 6).condition(0, randn(1, 2, 2)).initialise(1, randn(1, 2, 2)).build())
                .hasMessageContaining("both conditioned and initialised");
        assertThatThrownBy(() -> GraphQuery.builder(2, 6).condition(0, nan)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> GraphQuery.builder(2, 6).condition(5, randn(1, 2, 2))).hasMessageContaining("neurons 5");
        assertThatThrownBy(() -> g.query(GraphQuery.builder(2, 7).condition(0, randn(1, 2, 2)).build())).hasMessageContaining("7 neurons");
        assertThatThrownBy(() -> g.classify(randn(1, 2, 3), 10)).isInstanceOf(IllegalStateException.class);
        assertBitIdentical(g.weights(), w);
        assertThat(g.iterations()).isZero();
        assertThatThrownBy(() -> small(6, 3).labels(3).build()).hasMessageContaining("label neurons");
        assertThatThrownBy(() -> small(6, 7).build()).hasMessageContaining("sensory");
        assertThatThrownBy(() -> small(6, 3).inferenceRate(0).build()).hasMessageContaining("inferenceRate");
        assertThatThrownBy(() -> small(6, 3).activation(Activation.SOFTMAX).build()).hasMessageContaining("softmax");
        assertThatThrownBy(() -> small(6, 3).precision(new double[] {1, 1}).build()).hasMessageContaining("one entry per neuron");
        assertThatThrownBy(() -> GraphConfig.fromJson("{\"neurons\": 6}")).hasMessageContaining("lacks");
        assertThatThrownBy(() -> small(6, 3).topK(TopKActivity.consecutive(3, 2, 2, 0.5)).build()).hasMessageContaining("reaches past");
        assertThatThrownBy(() -> new TopKActivity(List.of(new TopKActivity.Cluster(0, 3), new TopKActivity.Cluster(2, 3)), 0.5))
                .hasMessageContaining("disjoint");
        assertThatThrownBy(() -> TopKActivity.consecutive(0, 2, 3, 0)).hasMessageContaining("(0, 1]");
        assertThatThrownBy(() -> TopKActivity.consecutive(0, 2, 3, 1.5)).hasMessageContaining("(0, 1]");
        assertThatThrownBy(() -> new TopKActivity.Cluster(-1, 3)).hasMessageContaining("start >= 0");
    }

    /**
     * A snapshot taken after one batch and restored after three more puts the weights, Adam's state and the batch
     * counter back exactly: the batches that follow the restore give the same energies and weights, to the bit, as a
     * second graph that only ever saw the first batch and then the same ones. Restoring an empty state, or one made by
     * a graph of other shapes, is refused.
     */
    @Test
    void aRestoredSnapshotContinuesExactlyAsTheGraphItWasTaken() {
        GraphConfig c = small(6, 2).start(GraphConfig.ValueStart.RANDOM).startStd(0.3).updater(new Adam(0.05)).build();
        INDArray data = randn(31, 3, 2);
        PcGraph a = new PcGraph(c, GraphMask.fullyConnected(6));
        PcGraph b = new PcGraph(c, GraphMask.fullyConnected(6));
        PcGraph.State s = a.newState();
        assertThat(s.filled()).isFalse();
        assertThatThrownBy(() -> a.restore(s)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no snapshot");
        a.trainBatch(data);
        b.trainBatch(data);
        a.snapshot(s);
        assertThat(s.iteration()).isEqualTo(1);
        for (int i = 0; i < 3; i++) {
            a.trainBatch(data.mul(i + 2));
        }
        assertNotBitIdentical(a.weights(), b.weights());
        a.restore(s);
        assertThat(a.iterations()).isEqualTo(1);
        assertBitIdentical(a.weights(), b.weights());
        for (int i = 0; i < 2; i++) {
            double[] ea = a.trainBatch(data);
            double[] eb = b.trainBatch(data);
            assertThat(ea).as("batch %d after the restore", i).containsExactly(eb);
            assertBitIdentical("weights after batch " + i + " (Adam's state restored too)", a.weights(), b.weights());
        }
        PcGraph other = new PcGraph(small(5, 2).updater(new Adam(0.05)).build(), GraphMask.fullyConnected(5));
        assertThatThrownBy(() -> other.restore(s)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("other shapes");
        PcGraph sgd = new PcGraph(small(6, 2).updater(new Sgd(0.1)).build(), GraphMask.fullyConnected(6));
        assertThatThrownBy(() -> sgd.snapshot(s)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("other shapes");
    }
}
