package org.pc4j.trainers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.pc4j.trainers.testing.Batches;
import org.pc4j.trainers.testing.Nets;
import org.pc4j.trainers.testing.Oracles;

/**
 * The output node's energy is the output layer's own loss, scaled as DL4J scales it: Z-IL equals {@code net.fit}
 * (1e-10, double) for every loss below, with the output activation each is meant for.
 */
class ZilOutputLossTest {

    static Stream<Arguments> losses() {
        return Stream.of(
                Arguments.of(LossFunction.MSE, Activation.IDENTITY, "real"),
                Arguments.of(LossFunction.L2, Activation.IDENTITY, "real"),
                Arguments.of(LossFunction.L1, Activation.IDENTITY, "real"),
                Arguments.of(LossFunction.MEAN_ABSOLUTE_ERROR, Activation.TANH, "real"),
                Arguments.of(LossFunction.SQUARED_LOSS, Activation.IDENTITY, "real"),
                Arguments.of(LossFunction.COSINE_PROXIMITY, Activation.TANH, "real"),
                Arguments.of(LossFunction.MCXENT, Activation.SOFTMAX, "one-hot"),
                Arguments.of(LossFunction.NEGATIVELOGLIKELIHOOD, Activation.SOFTMAX, "one-hot"),
                Arguments.of(LossFunction.KL_DIVERGENCE, Activation.SOFTMAX, "one-hot"),
                Arguments.of(LossFunction.XENT, Activation.SIGMOID, "binary"),
                Arguments.of(LossFunction.HINGE, Activation.IDENTITY, "signs"),
                Arguments.of(LossFunction.SQUARED_HINGE, Activation.IDENTITY, "signs"),
                Arguments.of(LossFunction.POISSON, Activation.SOFTPLUS, "counts"),
                Arguments.of(LossFunction.MEAN_SQUARED_LOGARITHMIC_ERROR, Activation.SOFTPLUS, "counts"));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("losses")
    void zilEqualsBackpropForEveryOutputLoss(LossFunction loss, Activation activation, String targets) {
        MultiLayerNetwork net = Nets.init(Nets.base(new Sgd(0.1), 131).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(6).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nIn(6).nOut(5).activation(Activation.SIGMOID).build())
                .layer(new OutputLayer.Builder(loss).nIn(5).nOut(3).activation(activation).build())
                .build());
        List<DataSet> batches = new ArrayList<>();
        for (DataSet d : Batches.dense(3, 7, 4, 3, !targets.equals("real"), 132)) {
            batches.add(new DataSet(d.getFeatures(), switch (targets) {
                case "signs" -> d.getLabels().mul(2).subi(1);
                case "binary" -> d.getLabels();
                case "counts" -> d.getLabels().mul(3);
                default -> d.getLabels();
            }));
        }
        PcTrainer zil = PcTrainer.builder().schedule(Schedule.zil()).build();
        assertThat(Oracles.relativeDivergence(Oracles.trainBoth(net, zil, batches))).isLessThanOrEqualTo(1e-10);
    }
}
