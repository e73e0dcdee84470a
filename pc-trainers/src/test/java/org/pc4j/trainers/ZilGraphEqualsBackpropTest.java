package org.pc4j.trainers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.pc4j.trainers.testing.Batches;
import org.pc4j.trainers.testing.Graphs;
import org.pc4j.trainers.testing.Nets.Head;
import org.pc4j.trainers.testing.Nets;
import org.pc4j.trainers.testing.Oracles;

/**
 * The oracle on {@code ComputationGraph}s (docs/algorithms.md §3): with levelling (every error message delayed to arrive
 * at the step before its node's level, as through the identity vertices of [002] Alg.4), Z-IL's parameters after 3
 * batches equal those of DL4J's own {@code graph.fit} from the same start within 1e-10 relative, in double
 * precision: on a stack of ResNet basic blocks with batch norm and a projection shortcut, on a graph that uses every
 * supported parameter-free vertex, and on a graph with two inputs and two outputs. Without levelling, the residual
 * stack's update is not backprop's ([002] Table 3.1).
 */
class ZilGraphEqualsBackpropTest {

    private static final double TOLERANCE = 1e-10;

    static Stream<Arguments> graphs() {
        List<Arguments> cases = new ArrayList<>();
        for (Head head : Head.values()) {
            for (String updater : List.of("sgd", "adam")) {
                cases.add(Arguments.of("resnet", head, updater));
                cases.add(Arguments.of("vertex-zoo", head, updater));
            }
        }
        return cases.stream();
    }

    private static IUpdater updater(String name) {
        return name.equals("sgd") ? new Sgd(0.1) : new Adam(0.01);
    }

    private static ComputationGraph graph(String architecture, Head head, String updater) {
        return architecture.equals("resnet") ? Graphs.resNet(head, updater(updater), 3, 11)
                : Graphs.vertexZoo(head, updater(updater), 3, 12);
    }

    private static List<DataSet> batches(String architecture, Head head) {
        return architecture.equals("resnet") ? Batches.images(3, 5, 2, 6, 6, 3, head.oneHot, 13)
                : Batches.dense(3, 7, 6, 3, head.oneHot, 14);
    }

    /** @return the relative divergence of {@code trainer}'s parameters from {@code graph.fit}'s after the batches */
    private static double divergence(ComputationGraph net, PcTrainer trainer, List<DataSet> batches) {
        ComputationGraph initial = net.clone();
        ComputationGraph bp = net.clone();
        for (DataSet b : batches) {
            trainer.fitBatch(net, b);
            bp.fit(b);
        }
        assertThat(net.getIterationCount()).isEqualTo(bp.getIterationCount());
        return Oracles.relativeDivergence(net.paramTable(), bp.paramTable(), initial.paramTable());
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("graphs")
    void levelledZilEqualsGraphFit(String architecture, Head head, String updater) {
        double d = divergence(graph(architecture, head, updater), PcTrainer.builder().schedule(Schedule.zil()).build(),
                batches(architecture, head));
        assertThat(d).as("relative divergence from graph.fit").isLessThanOrEqualTo(TOLERANCE);
    }

    /** Spec §7 V6: a transformer block built from pc4j's layers, causal and bidirectional, with a padding mask. */
    @Test
    void levelledZilEqualsGraphFitOnATransformerBlock() {
        for (boolean causal : new boolean[] {true, false}) {
            ComputationGraph net = Graphs.transformer(causal, new Adam(0.01), 6, 8, causal ? 23 : 24);
            ComputationGraph initial = net.clone();
            ComputationGraph bp = net.clone();
            PcTrainer zil = PcTrainer.builder().schedule(Schedule.zil()).build();
            Random r = new Random(25);
            for (int b = 0; b < 3; b++) {
                INDArray tokens = Nd4j.zeros(4, 5);
                INDArray labels = Nd4j.zeros(4, 6, 5);
                for (int i = 0; i < 4; i++) {
                    for (int t = 0; t < 5; t++) {
                        tokens.putScalar(i, t, r.nextInt(6));
                        labels.putScalar(i, r.nextInt(6), t, 1.0);
                    }
                }
                INDArray mask = Nd4j.createFromArray(new double[][] {{1, 1, 1, 1, 1}, {1, 1, 1, 1, 0}, {1, 1, 1, 0, 0}, {1, 1, 1, 1, 1}});
                MultiDataSet batch = new MultiDataSet(new INDArray[] {tokens}, new INDArray[] {labels},
                        new INDArray[] {mask}, new INDArray[] {mask});
                zil.fitBatch(net, batch);
                bp.fit(batch);
            }
            double d = Oracles.relativeDivergence(net.paramTable(), bp.paramTable(), initial.paramTable());
            assertThat(d).as("causal %s", causal).isLessThanOrEqualTo(TOLERANCE);
        }
    }

    @Test
    void levelledZilEqualsGraphFitWithTwoInputsAndTwoOutputs() {
        ComputationGraph net = Graphs.twoInTwoOut(new Adam(0.01), 15);
        ComputationGraph initial = net.clone();
        ComputationGraph bp = net.clone();
        PcTrainer zil = PcTrainer.builder().schedule(Schedule.zil()).build();
        Random r = new Random(16);
        for (int b = 0; b < 3; b++) {
            INDArray x = Batches.uniform(r, 6, 5);
            INDArray seq = Batches.uniform(r, 6 * 4, 3).reshape(6, 4, 3).permute(0, 2, 1).dup('c');
            MultiDataSet batch = new MultiDataSet(new INDArray[] {x, seq},
                    new INDArray[] {Batches.oneHot(r, 6, 3), Batches.gaussian(r, 6, 2)});
            zil.fitBatch(net, batch);
            bp.fit(batch);
        }
        double d = Oracles.relativeDivergence(net.paramTable(), bp.paramTable(), initial.paramTable());
        assertThat(d).isLessThanOrEqualTo(TOLERANCE);
    }

    /**
     * [002] Table 3.1: without levelling, a node's error at its level mixes messages sent at different steps (here
     * the first update already differs), while on a chain there is nothing to level and both are backprop.
     */
    @Test
    void zilWithoutLevellingIsNotBackpropOnAResidualStackButIsOnAChain() {
        Head head = Head.SOFTMAX_XENT;
        List<DataSet> oneBatch = batches("resnet", head).subList(0, 1);
        PcTrainer naive = PcTrainer.builder().schedule(Schedule.zil().withoutLevelling())
                .divergenceFactor(Double.POSITIVE_INFINITY).build();
        double levelled = divergence(graph("resnet", head, "sgd"), PcTrainer.builder().schedule(Schedule.zil()).build(), oneBatch);
        double unlevelled = divergence(graph("resnet", head, "sgd"), naive, oneBatch);
        assertThat(levelled).isLessThanOrEqualTo(TOLERANCE);
        assertThat(unlevelled).as("unlevelled Z-IL on skip connections").isGreaterThan(1e-6);

        MultiLayerNetwork chain = Nets.dense(Activation.TANH, head, new Sgd(0.1), 4, 3, 21);
        Oracles.Run run = Oracles.trainBoth(chain, naive, Batches.dense(3, 5, 4, 3, true, 22));
        assertThat(Oracles.relativeDivergence(run)).isLessThanOrEqualTo(TOLERANCE);
    }

    /**
     * Fa-Z-IL on a levelled graph: the delayed messages make every neuron's error switch on at its Z-IL moment, so
     * the detector fires there and the update is backprop's (tanh units, whose errors are non-zero once reached).
     * Steps beyond the depth change nothing that is applied, but at gamma = 1 the value nodes then overshoot and the
     * energy grows (here 2000-fold within 3 extra steps), so the divergence guard is switched off for them.
     */
    @Test
    void faZilWithAWindowOfFourEqualsBackpropOnADenseResidualGraph() {
        for (int extraSteps : new int[] {0, 3}) {
            double d = divergence(Graphs.denseResidual(Head.SOFTMAX_XENT, new Adam(0.01), 3, 17),
                    PcTrainer.builder().schedule(Schedule.faZil(4, extraSteps))
                            .divergenceFactor(Double.POSITIVE_INFINITY).build(),
                    Batches.dense(3, 7, 6, 3, true, 18));
            assertThat(d).as("extra steps %d", extraSteps).isLessThanOrEqualTo(TOLERANCE);
        }
    }

    @Test
    void zilEqualsGraphFitOnADenseResidualGraph() {
        double d = divergence(Graphs.denseResidual(Head.MSE, new Sgd(0.1), 3, 19),
                PcTrainer.builder().schedule(Schedule.zil()).build(), Batches.dense(3, 7, 6, 3, false, 20));
        assertThat(d).isLessThanOrEqualTo(TOLERANCE);
    }
}
