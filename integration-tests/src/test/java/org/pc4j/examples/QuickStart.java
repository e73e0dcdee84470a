package org.pc4j.examples;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.pc4j.trainers.PcTrainer;
import org.pc4j.trainers.Schedule;
import org.pc4j.zoo.data.Digits;

/** The README's quick-start example, compiled and run by {@code QuickStartTest}; the block between the markers is in the README verbatim. */
public final class QuickStart {

    private QuickStart() {
    }

    /** @return the test accuracy the example prints. */
    public static double run() {
        // README:begin
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(42).updater(new Adam(1e-3)).list()
                .layer(new DenseLayer.Builder().nIn(64).nOut(128).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(128).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        Digits.Split data = Digits.load().split(0.2, 42, DataType.FLOAT).standardised();

        // net.fit(data.trainIterator(32), 10);          // backprop: the one line that changes
        PcTrainer trainer = PcTrainer.builder()
                .schedule(Schedule.ipc(4))                // or pc(12), zil(), faZil(4)
                .inferenceRate(0.1)                       // gamma, the value-node step size
                .build();
        trainer.fit(net, data.trainIterator(32), 10);     // predictive coding, same updater (Adam)

        Evaluation eval = net.evaluate(data.testIterator(256));   // prediction is DL4J's forward pass
        System.out.println(eval.stats());
        // README:end
        return eval.accuracy();
    }

    public static void main(String[] args) {
        run();
    }
}
