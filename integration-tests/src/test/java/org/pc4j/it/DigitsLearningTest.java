package org.pc4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.pc4j.trainers.PcTrainer;
import org.pc4j.trainers.Schedule;
import org.pc4j.zoo.data.Digits;

/**
 * Predictive coding learns real data: on the scikit-learn digits (1,797 8x8 images, 80/20 split, standardised
 * pixels) a 64-128-10 tanh MLP trained with PC(T=12) or iPC(T=4) for 15 epochs reaches at least 95% test accuracy,
 * as backprop does (the control).
 */
class DigitsLearningTest {

    private static final long SEED = 1;
    private static final int EPOCHS = 15;
    private static Digits.Split data;

    @BeforeAll
    static void load() {
        data = Digits.load().split(0.2, SEED, DataType.FLOAT).standardised();
    }

    private static MultiLayerNetwork mlp() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(SEED).updater(new Adam(1e-3))
                .weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(Digits.PIXELS).nOut(128).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(128).nOut(Digits.CLASSES).activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        return net;
    }

    private static double testAccuracy(MultiLayerNetwork net) {
        return net.evaluate(data.testIterator(512)).accuracy();
    }

    @Test
    void backpropControlReachesNinetyFivePercent() {
        MultiLayerNetwork net = mlp();
        net.fit(data.trainIterator(32), EPOCHS);
        assertThat(testAccuracy(net)).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void pcReachesNinetyFivePercentTestAccuracy() {
        MultiLayerNetwork net = mlp();
        PcTrainer.builder().schedule(Schedule.pc(12)).inferenceRate(0.1).build().fit(net, data.trainIterator(32), EPOCHS);
        assertThat(testAccuracy(net)).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void ipcReachesNinetyFivePercentTestAccuracy() {
        MultiLayerNetwork net = mlp();
        PcTrainer.builder().schedule(Schedule.ipc(4)).inferenceRate(0.1).build().fit(net, data.trainIterator(32), EPOCHS);
        assertThat(testAccuracy(net)).isGreaterThanOrEqualTo(0.95);
        assertThat(net.getIterationCount()).isEqualTo(EPOCHS * 4 * ((data.train().numExamples() + 31) / 32));
    }
}
