package org.example;

import java.util.Random;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.pc4j.trainers.PcTrainer;
import org.pc4j.trainers.Schedule;

/** Trains a small DL4J classifier with incremental predictive coding on three Gaussian blobs and prints its accuracy. */
public final class PcQuickStart {

    public static void main(String[] args) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(7).updater(new Adam(1e-2)).list()
                .layer(new DenseLayer.Builder().nIn(2).nOut(16).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(16).nOut(3).activation(Activation.SOFTMAX).build())
                .build());
        net.init();

        PcTrainer trainer = PcTrainer.builder().schedule(Schedule.ipc(4)).inferenceRate(0.1).build();
        Random r = new Random(7);
        for (int step = 0; step < 100; step++) {
            trainer.fit(net, blobs(r, 32));                 // was: net.fit(blobs(r, 32))
        }
        DataSet test = blobs(r, 300);
        Evaluation eval = new Evaluation(3);
        eval.eval(test.getLabels(), net.output(test.getFeatures()));
        System.out.printf("pc4j quick start: iPC(4) test accuracy %.3f%n", eval.accuracy());
        if (eval.accuracy() < 0.9) {
            System.exit(1);
        }
    }

    /** @return {@code n} points of three Gaussian blobs around (0, 3), (3, -2) and (-3, -2), one-hot labelled. */
    private static DataSet blobs(Random r, int n) {
        double[][] centres = {{0, 3}, {3, -2}, {-3, -2}};
        INDArray x = Nd4j.zeros(n, 2);
        INDArray y = Nd4j.zeros(n, 3);
        for (int i = 0; i < n; i++) {
            int c = r.nextInt(3);
            x.putScalar(i, 0, centres[c][0] + r.nextGaussian());
            x.putScalar(i, 1, centres[c][1] + r.nextGaussian());
            y.putScalar(i, c, 1.0);
        }
        return new DataSet(x, y);
    }
}
