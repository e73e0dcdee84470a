package org.pc4j.trainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.SelfAttentionLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.pc4j.layers.conf.MultiHeadSelfAttention;
import org.pc4j.trainers.testing.Nets;

/**
 * Records DL4J 1.0.0-M2.1's SameDiff discrepancy: backprop through its {@code SelfAttentionLayer}
 * returns twice the finite-difference gradient, so {@code net.fit} itself is wrong there. pc4j therefore rejects
 * SameDiff layers, pointing to its own native {@link MultiHeadSelfAttention}, whose gradient matches finite
 * differences ({@code PcLayersTest}) and on which Z-IL equals backprop ({@code ZilGraphEqualsBackpropTest}).
 */
class SameDiffDiscrepancyTest {

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterAll
    static void restorePrecision() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    /** LSTM 3 -> 4, DL4J's SelfAttentionLayer 4 -> 4 (1 head), RnnOutputLayer MSE 2. */
    private static MultiLayerNetwork withDl4jAttention() {
        return Nets.init(Nets.base(new NoOp(), 31).list()
                .layer(new LSTM.Builder().nIn(3).nOut(4).activation(Activation.TANH).build())
                .layer(new SelfAttentionLayer.Builder().nIn(4).nOut(4).nHeads(1).projectInput(true).build())
                .layer(new RnnOutputLayer.Builder(LossFunction.MSE).nIn(4).nOut(2).activation(Activation.IDENTITY)
                        .dataFormat(RNNFormat.NCW).build())
                .build());
    }

    @Test
    void dl4jsSameDiffAttentionBackpropIsTwiceTheFiniteDifferenceGradient() {
        MultiLayerNetwork net = withDl4jAttention();
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, 4);
        INDArray y = Nd4j.rand(DataType.DOUBLE, 2, 2, 4);
        boolean passes = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x).labels(y)
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9).print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
        assertThat(passes).as("DL4J's own gradient check of its SameDiff attention").isFalse();

        // the ratio, on the attention's first query weight: backprop / central difference of the summed score
        net.setInput(x);
        net.setLabels(y);
        net.computeGradientAndScore();
        Gradient g = net.gradient();
        INDArray wq = net.getParam("1_Wq");
        double h = 1e-6;
        double w = wq.getDouble(0);
        wq.putScalar(0, w + h);
        double up = net.score(new DataSet(x, y), true);
        wq.putScalar(0, w - h);
        double down = net.score(new DataSet(x, y), true);
        wq.putScalar(0, w);
        double finiteDifference = (up - down) / (2 * h);
        double backprop = g.getGradientFor("1_Wq").getDouble(0) / 2; // DL4J's gradient is per example summed; score is a mean over 2
        assertThat(backprop / finiteDifference).isCloseTo(2.0, org.assertj.core.api.Assertions.within(1e-4));
    }

    @Test
    void pc4jRejectsSameDiffLayersAndPointsToItsOwnAttention() {
        MultiLayerNetwork net = withDl4jAttention();
        DataSet batch = new DataSet(Nd4j.rand(DataType.DOUBLE, 2, 3, 4), Nd4j.rand(DataType.DOUBLE, 2, 2, 4));
        assertThatThrownBy(() -> PcTrainer.builder().schedule(Schedule.zil()).build().fitBatch(net, batch))
                .isInstanceOf(UnsupportedNetworkException.class)
                .hasMessageContainingAll("layer 1", "SelfAttentionLayer", "SameDiff", "twice", "MultiHeadSelfAttention");
    }
}
