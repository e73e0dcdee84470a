package org.pc4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
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
 * PC and iPC train an unmodified residual {@code ComputationGraph} (no levelling needed): on the digits data a
 * 64-64-64-64-10 tanh network with two identity shortcuts reaches, under iPC(T=4) and PC(T=12), the test accuracy
 * backprop reaches in the same test from the same start (within one percentage point), and at least 95%.
 */
class ResidualGraphLearningTest {

    private static final long SEED = 3;
    private static final int EPOCHS = 15;
    private static Digits.Split data;
    private static double backpropAccuracy;

    @BeforeAll
    static void trainBackprop() {
        data = Digits.load().split(0.2, SEED, DataType.FLOAT).standardised();
        ComputationGraph net = residual();
        net.fit(data.trainIterator(32), EPOCHS);
        backpropAccuracy = testAccuracy(net);
    }

    /** in - d1 - d2 - add(d1, d2) - d3 - add(add, d3) - softmax output. */
    private static ComputationGraph residual() {
        ComputationGraph net = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(SEED).updater(new Adam(1e-3))
                .weightInit(WeightInit.XAVIER).graphBuilder().addInputs("in")
                .addLayer("d1", dense(Digits.PIXELS), "in")
                .addLayer("d2", dense(64), "d1")
                .addVertex("add1", new ElementWiseVertex(ElementWiseVertex.Op.Add), "d1", "d2")
                .addLayer("d3", dense(64), "add1")
                .addVertex("add2", new ElementWiseVertex(ElementWiseVertex.Op.Add), "add1", "d3")
                .addLayer("out", new OutputLayer.Builder(LossFunction.MCXENT).nIn(64).nOut(Digits.CLASSES)
                        .activation(Activation.SOFTMAX).build(), "add2")
                .setOutputs("out").build());
        net.init();
        return net;
    }

    private static DenseLayer dense(int nIn) {
        return new DenseLayer.Builder().nIn(nIn).nOut(64).activation(Activation.TANH).build();
    }

    private static double testAccuracy(ComputationGraph net) {
        return net.evaluate(data.testIterator(512)).accuracy();
    }

    @Test
    void backpropControlReachesNinetyFivePercent() {
        assertThat(backpropAccuracy).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void ipcReachesTheAccuracyOfBackprop() {
        ComputationGraph net = residual();
        PcTrainer.builder().schedule(Schedule.ipc(4)).inferenceRate(0.1).build().fit(net, data.trainIterator(32), EPOCHS);
        assertThat(testAccuracy(net)).isGreaterThanOrEqualTo(Math.max(0.95, backpropAccuracy - 0.01));
        assertThat(net.getIterationCount()).isEqualTo(EPOCHS * 4 * ((data.train().numExamples() + 31) / 32));
        assertThat(net.getEpochCount()).isEqualTo(EPOCHS);
    }

    @org.junit.jupiter.api.Tag("slow")
    @Test
    void pcReachesTheAccuracyOfBackprop() {
        ComputationGraph net = residual();
        PcTrainer.builder().schedule(Schedule.pc(12)).inferenceRate(0.1).build().fit(net, data.trainIterator(32), EPOCHS);
        assertThat(testAccuracy(net)).isGreaterThanOrEqualTo(Math.max(0.95, backpropAccuracy - 0.01));
    }
}
