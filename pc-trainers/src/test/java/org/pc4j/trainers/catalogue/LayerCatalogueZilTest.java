package org.pc4j.trainers.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.pc4j.trainers.BatchGradient;
import org.pc4j.trainers.PcSession;
import org.pc4j.trainers.PcTrainer;
import org.pc4j.trainers.Schedule;

/**
 * The Z-IL oracle on every layer and vertex kind of the catalogue ({@link CatalogueCases}), compared <b>exactly</b>
 * (not with ND4J's 1e-5 {@code equals}):
 * <ul>
 * <li>where DL4J's backprop is right, Z-IL and Fa-Z-IL(4) train to exactly {@code net.fit}'s parameters and updater
 *     state over two batches (Adam), in double and in float, from the same point of ND4J's random stream;</li>
 * <li>where the network has SameDiff layers or vertices, whose backprop DL4J M2.1 doubles, Z-IL's gradient is exactly
 *     DL4J's divided by 2 for each SameDiff node the parameter's error passes through, and the central finite difference
 *     of DL4J's loss (the true gradient) everywhere;</li>
 * <li>where DL4J's backprop is wrong in another way (a {@code MaskZeroLayer}), Z-IL's gradient is the central finite
 *     difference of the loss, and DL4J's is not.</li>
 * </ul>
 */
class LayerCatalogueZilTest {

    private static final long SEED = 20261203L;

    static Stream<CatalogueCase> exact() {
        return CatalogueCases.exact().stream();
    }

    static Stream<CatalogueCase> dl4jWrong() {
        return CatalogueCases.dl4jWrong().stream();
    }

    static void fit(NeuralNetwork net, MultiDataSet b) {
        if (net instanceof MultiLayerNetwork m) {
            m.fit(new DataSet(b.getFeatures(0), b.getLabels(0), b.getFeaturesMaskArray(0), b.getLabelsMaskArray(0)));
        } else {
            ((ComputationGraph) net).fit(b);
        }
    }

    static INDArray updaterState(NeuralNetwork net) {
        return net instanceof MultiLayerNetwork m ? m.getUpdater().getStateViewArray()
                : ((ComputationGraph) net).getUpdater().getStateViewArray();
    }

    private static void assertTrainsAsNetFit(CatalogueCase c, Schedule schedule, DataType type) {
        NeuralNetwork pc = CatalogueCase.convert(c.network(), type);
        NeuralNetwork bp = CatalogueCase.convert(c.network(), type);
        INDArray initial = pc.params().dup();
        assertThat(bp.params().equalsWithEps(initial, 0)).as("the two copies start equal").isTrue();
        PcTrainer trainer = PcTrainer.builder().schedule(schedule).build();
        for (MultiDataSet b : c.batches(2)) {
            MultiDataSet batch = CatalogueCase.convert(b, type);
            Nd4j.getRandom().setSeed(SEED);
            trainer.fit(pc, batch);
            Nd4j.getRandom().setSeed(SEED);
            fit(bp, batch);
        }
        assertThat(pc.params().equalsWithEps(initial, 0)).as("%s: %s learns", c, schedule).isFalse();
        assertThat(pc.params().equalsWithEps(bp.params(), 0)).as("%s: %s parameters = net.fit's exactly (%s); distance %s", c,
                schedule, type, pc.params().distance2(bp.params())).isTrue();
        assertThat(updaterState(pc).equalsWithEps(updaterState(bp), 0)).as("%s: %s Adam state = net.fit's (%s)", c, schedule, type)
                .isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exact")
    void zilEqualsNetFitExactlyInDoubleAndFloat(CatalogueCase c) {
        assertTrainsAsNetFit(c, Schedule.zil(), DataType.DOUBLE);
        assertTrainsAsNetFit(c, Schedule.zil(), DataType.FLOAT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exact")
    void faZilEqualsNetFitExactly(CatalogueCase c) {
        assertTrainsAsNetFit(c, Schedule.faZil(4), DataType.DOUBLE);
    }

    /** @return for every parameter of the net (in {@code params()} order): its key and its range in the flat vector */
    private static List<Object[]> paramRanges(NeuralNetwork net) {
        Map<String, INDArray> table = net instanceof MultiLayerNetwork m ? m.paramTable() : ((ComputationGraph) net).paramTable();
        List<Object[]> out = new ArrayList<>();
        long offset = 0;
        for (Map.Entry<String, INDArray> e : table.entrySet()) {
            out.add(new Object[] {e.getKey(), offset, offset + e.getValue().length()});
            offset += e.getValue().length();
        }
        return out;
    }

    /** @return the layers or vertices at or below {@code node}: those whose error passes through it */
    private static Set<String> atOrBelow(NeuralNetwork net, String node) {
        Set<String> out = new java.util.HashSet<>();
        if (net instanceof MultiLayerNetwork) {
            for (int k = 0; k <= Integer.parseInt(node); k++) {
                out.add(String.valueOf(k));
            }
            return out;
        }
        Map<String, List<String>> inputs = ((ComputationGraph) net).getConfiguration().getVertexInputs();
        java.util.Deque<String> todo = new java.util.ArrayDeque<>(List.of(node));
        while (!todo.isEmpty()) {
            String v = todo.pop();
            if (out.add(v) && inputs.get(v) != null) {
                todo.addAll(inputs.get(v));
            }
        }
        return out;
    }

    private static double score(NeuralNetwork net, MultiDataSet b) {
        return net instanceof MultiLayerNetwork m ? m.score(new DataSet(b.getFeatures(0), b.getLabels(0), b.getFeaturesMaskArray(0),
                b.getLabelsMaskArray(0)), true)
                : ((ComputationGraph) net).score(b, true);
    }

    private static INDArray dl4jGradient(NeuralNetwork net, MultiDataSet b) {
        if (net instanceof MultiLayerNetwork m) {
            m.setInput(b.getFeatures(0));
            m.setLabels(b.getLabels(0));
            m.setLayerMaskArrays(b.getFeaturesMaskArray(0), b.getLabelsMaskArray(0));
            m.computeGradientAndScore();
            return m.getFlattenedGradients().dup();
        }
        ComputationGraph g = (ComputationGraph) net;
        g.setInputs(b.getFeatures());
        g.setLabels(b.getLabels());
        g.setLayerMaskArrays(b.getFeaturesMaskArrays(), b.getLabelsMaskArrays());
        g.computeGradientAndScore();
        return g.getFlattenedGradients().dup();
    }

    /** @return 2 to the number of SameDiff nodes the error of {@code node} passes through (itself included) */
    private static double doubling(NeuralNetwork net, CatalogueCase c, String node) {
        double factor = 1;
        for (String s : c.sameDiff()) {
            if (atOrBelow(net, s).contains(node)) {
                factor *= 2;
            }
        }
        return factor;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dl4jWrong")
    void zilReadsTheTrueGradientWhereDl4jsBackpropIsWrong(CatalogueCase c) {
        MultiDataSet batch = c.batches(1).get(0);
        NeuralNetwork net = c.network();
        INDArray before = net.params().dup();
        BatchGradient zil;
        try (PcSession s = PcTrainer.builder().schedule(Schedule.zil()).build().open(net, false)) {
            zil = s.gradient(batch);
        }
        assertThat(net.params().equalsWithEps(before, 0)).isTrue();
        INDArray dl4j = dl4jGradient(c.network(), batch);
        int mb = (int) batch.getLabels(0).size(0);
        Random r = new Random(7);
        boolean sawDoubled = false;
        double worstDl4j = 0;
        for (Object[] p : paramRanges(net)) {
            String key = (String) p[0];
            String node = key.substring(0, key.lastIndexOf('_'));
            long from = (long) p[1];
            long to = (long) p[2];
            INDArray ours = zil.gradient().get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to));
            INDArray theirs = dl4j.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to));
            if (c.dl4j() == CatalogueCase.Dl4j.DOUBLES) {
                double factor = doubling(net, c, node);
                sawDoubled |= factor > 1;
                assertThat(ours.equalsWithEps(theirs.div(factor), 0)).as("%s: %s is DL4J's gradient / %s exactly", c, key, factor)
                        .isTrue();
            }
            for (int probe = 0; probe < 3; probe++) {
                long i = from + r.nextInt((int) (to - from));
                NeuralNetwork fresh = c.network();
                INDArray theta = fresh.params();
                double v = theta.getDouble(i);
                double h = 1e-6;
                theta.putScalar(i, v + h);
                double up = score(fresh, batch);
                theta.putScalar(i, v - h);
                double down = score(fresh, batch);
                double fd = (up - down) / (2 * h) * mb;
                double g = zil.gradient().getDouble(i);
                assertThat(g).as("%s: %s[%s] against the central difference of the loss", c, key, i - from)
                        .isCloseTo(fd, org.assertj.core.api.Assertions.within(1e-6 * (1 + Math.abs(fd))));
                worstDl4j = Math.max(worstDl4j, Math.abs(dl4j.getDouble(i) - fd) / (1 + Math.abs(fd)));
            }
        }
        if (c.dl4j() == CatalogueCase.Dl4j.DOUBLES) {
            assertThat(sawDoubled).as("some parameter is under a SameDiff node").isTrue();
        }
        assertThat(worstDl4j).as("%s: DL4J's own gradient is off somewhere (what this case documents)", c).isGreaterThan(1e-4);
    }
}
