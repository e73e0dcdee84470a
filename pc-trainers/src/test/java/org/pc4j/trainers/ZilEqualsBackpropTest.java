package org.pc4j.trainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pc4j.testkit.NdAssertions.assertBitIdentical;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.pc4j.trainers.testing.Batches;
import org.pc4j.trainers.testing.Nets.Head;
import org.pc4j.trainers.testing.Nets;
import org.pc4j.trainers.testing.Oracles;

/**
 * The oracle: Z-IL's parameters after 3 batches equal those of DL4J's own {@code net.fit} from the
 * same start, within 1e-10 relative, in double precision, for dense stacks, a CNN with pooling and batch norm, and
 * an LSTM + SimpleRnn stack; each with an MSE and a softmax cross-entropy output, each with SGD and with Adam.
 */
class ZilEqualsBackpropTest {

    private static final double TOLERANCE = 1e-10;

    static Stream<Arguments> networks() {
        List<Arguments> cases = new ArrayList<>();
        for (Head head : Head.values()) {
            for (String updater : List.of("sgd", "adam")) {
                for (Activation a : List.of(Activation.SIGMOID, Activation.TANH, Activation.RELU)) {
                    cases.add(Arguments.of("dense-" + a.name().toLowerCase(), head, updater));
                }
                cases.add(Arguments.of("cnn", head, updater));
                cases.add(Arguments.of("lstm-simplernn", head, updater));
            }
        }
        return cases.stream();
    }

    /**
     * Stronger than the oracle: each layer receives exactly the error backprop would give it (a node that moved once
     * keeps its step and hands it on without forming {@code x = mu - step}), and every computation is DL4J's own, so on
     * the CPU backend Z-IL's parameters are bit-identical to {@code net.fit}'s, in float32 as in double.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("float32Networks")
    void zilIsBitIdenticalToNetFitInFloat32(String architecture, MultiLayerNetwork net, List<DataSet> batches) {
        MultiLayerNetwork bp = net.clone();
        PcTrainer zil = PcTrainer.builder().schedule(Schedule.zil()).build();
        for (DataSet b : batches) {
            zil.fitBatch(net, b);
            bp.fit(b);
        }
        assertBitIdentical(net.params(), bp.params());
        assertBitIdentical(net.getUpdater().getStateViewArray(), bp.getUpdater().getStateViewArray());
    }

    static Stream<Arguments> float32Networks() {
        return Stream.of(
                Arguments.of("dense-tanh", Nets.dense(Activation.TANH, Head.SOFTMAX_XENT, new Adam(0.01), 4, 3, 1).convertDataType(DataType.FLOAT),
                        float32(Batches.dense(3, 8, 4, 3, true, 4))),
                Arguments.of("cnn", Nets.cnn(Head.MSE, new Adam(0.01), 3, 2).convertDataType(DataType.FLOAT),
                        float32(Batches.images(3, 6, 1, 6, 6, 3, false, 5))),
                Arguments.of("lstm-simplernn", Nets.recurrent(Head.SOFTMAX_XENT, new Adam(0.01), 3, 2, 3).convertDataType(DataType.FLOAT),
                        float32(Batches.sequences(3, 4, 3, 5, 2, true, 6))));
    }

    private static List<DataSet> float32(List<DataSet> batches) {
        return batches.stream().map(d -> new DataSet(d.getFeatures().castTo(DataType.FLOAT), d.getLabels().castTo(DataType.FLOAT))).toList();
    }

    @ParameterizedTest(name = "{0} / {1} / {2}")
    @MethodSource("networks")
    void zilParametersAfterThreeBatchesEqualBackprop(String architecture, Head head, String updaterName) {
        IUpdater updater = updaterName.equals("sgd") ? new Sgd(0.1) : new Adam(0.01);
        MultiLayerNetwork net;
        List<DataSet> batches;
        switch (architecture) {
            case "cnn" -> {
                net = Nets.cnn(head, updater, 3, 11);
                batches = Batches.images(3, 6, 1, 6, 6, 3, head.oneHot, 21);
            }
            case "lstm-simplernn" -> {
                net = Nets.recurrent(head, updater, 3, 2, 12);
                batches = Batches.sequences(3, 4, 3, 5, 2, head.oneHot, 22);
            }
            default -> {
                Activation a = Activation.valueOf(architecture.substring("dense-".length()).toUpperCase());
                net = Nets.dense(a, head, updater, 4, 3, 13);
                batches = Batches.dense(3, 8, 4, 3, head.oneHot, 23);
            }
        }
        PcTrainer zil = PcTrainer.builder().schedule(Schedule.zil()).build();

        Oracles.Run run = Oracles.trainBoth(net, zil, batches);

        assertThat(Oracles.relativeDivergence(run)).isLessThanOrEqualTo(TOLERANCE);
        assertThat(Oracles.updaterStateDivergence(run)).isLessThanOrEqualTo(TOLERANCE);
        assertThat(run.pc().getIterationCount()).isEqualTo(run.bp().getIterationCount()).isEqualTo(3);
        assertThat(run.pc().score()).isCloseTo(run.bp().score(), org.assertj.core.data.Percentage.withPercentage(1e-8));
    }
}
