package org.pc4j.app.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.pc4j.layers.conf.GaussianSampling;

/** The test metrics against closed forms. */
class MetricTest {

    @Test
    void perplexityOfAUniformPredictorIsTheVocabularySize() {
        int vocab = 37;
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).list()
                .layer(new RnnOutputLayer.Builder(LossFunction.MCXENT).nIn(5).nOut(vocab).activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        net.params().assign(0); // zero weights and bias: every token has probability 1/37
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 5, 4);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 3, vocab, 4);
        for (int i = 0; i < 3; i++) {
            for (int t = 0; t < 4; t++) {
                y.putScalar(new long[] {i, (i * 7 + t * 3) % vocab, t}, 1.0);
            }
        }
        INDArray mask = Nd4j.createFromArray(new double[][] {{1, 0, 1, 1}, {0, 0, 1, 0}, {1, 1, 1, 1}});
        double ppl = Metric.PERPLEXITY.evaluate(Network.of(net), List.of(new DataSet(x, y, null, mask)));
        assertThat(ppl).isCloseTo(vocab, within(1e-9));
    }

    @Test
    void perplexityIsTheExponentOfTheMeanNegativeLogLikelihoodOverCountedPositions() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).list()
                .layer(new RnnOutputLayer.Builder(LossFunction.MCXENT).nIn(2).nOut(3).activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 2, 3);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 2, 3, 3);
        y.putScalar(new long[] {0, 1, 0}, 1).putScalar(new long[] {0, 2, 2}, 1).putScalar(new long[] {1, 0, 1}, 1);
        INDArray mask = Nd4j.createFromArray(new double[][] {{1, 0, 1}, {0, 1, 0}});
        INDArray p = net.output(x);
        double nll = -(Math.log(p.getDouble(0, 1, 0)) + Math.log(p.getDouble(0, 2, 2)) + Math.log(p.getDouble(1, 0, 1))) / 3;
        double ppl = Metric.PERPLEXITY.evaluate(Network.of(net), List.of(new DataSet(x, y, null, mask)));
        assertThat(ppl).isCloseTo(Math.exp(nll), within(1e-9 * Math.exp(nll)));
    }

    @Test
    void vaeLossAddsTheClosedFormKlOfTheBottleneckToTheReconstructionLoss() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(2).activation(Activation.IDENTITY).build())
                .layer(new GaussianSampling.Builder().latent(1).klWeight(0.5).build())
                .layer(new OutputLayer.Builder(LossFunction.XENT).nIn(1).nOut(4).activation(Activation.SIGMOID).build())
                .build());
        net.init();
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 4);
        DataSet d = new DataSet(x, x);
        INDArray ms = x.mmul(net.getParam("0_W")).addRowVector(net.getParam("0_b"));
        double kl = 0;
        for (int i = 0; i < 3; i++) {
            double u = ms.getDouble(i, 0);
            double s = ms.getDouble(i, 1);
            kl += 0.5 * (Math.exp(s) + u * u - 1 - s);
        }
        double expected = (net.score(d, false) * 3 + 0.5 * kl) / 3;
        assertThat(Metric.LOSS.evaluate(Network.of(net), List.of(d))).isCloseTo(expected, within(1e-12));
    }

    @Test
    void accuracyCountsCorrectArgmaxPredictions() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).list()
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(2).nOut(2).activation(Activation.SOFTMAX).build()).build());
        net.init();
        net.getParam("0_W").assign(Nd4j.createFromArray(new double[][] {{1, 0}, {0, 1}}));
        net.getParam("0_b").assign(0);
        INDArray x = Nd4j.createFromArray(new double[][] {{2, 1}, {0, 3}, {5, 1}, {1, 4}});
        INDArray y = Nd4j.createFromArray(new double[][] {{1, 0}, {0, 1}, {0, 1}, {1, 0}}); // two right, two wrong
        assertThat(Metric.ACCURACY.evaluate(Network.of(net), List.of(new DataSet(x, y)))).isEqualTo(0.5);
    }
}
