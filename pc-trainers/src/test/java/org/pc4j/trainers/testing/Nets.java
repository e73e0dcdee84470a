package org.pc4j.trainers.testing;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** The small double-precision networks of the oracle tests, each built fresh from a seed. */
public final class Nets {

    private Nets() {
    }

    /** Output heads: DL4J's MSE on identity outputs, or softmax with multi-class cross-entropy. */
    public enum Head {
        MSE(LossFunction.MSE, Activation.IDENTITY, false),
        SOFTMAX_XENT(LossFunction.MCXENT, Activation.SOFTMAX, true);

        public final LossFunction loss;
        public final Activation activation;
        public final boolean oneHot;

        Head(LossFunction loss, Activation activation, boolean oneHot) {
            this.loss = loss;
            this.activation = activation;
            this.oneHot = oneHot;
        }
    }

    public static NeuralNetConfiguration.Builder base(IUpdater updater, long seed) {
        return new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.DOUBLE).updater(updater)
                .weightInit(WeightInit.XAVIER);
    }

    /** nIn -> 7 -> 6 -> 5 -> nOut, every hidden layer with {@code activation}. */
    public static MultiLayerNetwork dense(Activation activation, Head head, IUpdater updater, int nIn, int nOut, long seed) {
        MultiLayerConfiguration conf = base(updater, seed).list()
                .layer(new DenseLayer.Builder().nIn(nIn).nOut(7).activation(activation).build())
                .layer(new DenseLayer.Builder().nIn(7).nOut(6).activation(activation).build())
                .layer(new DenseLayer.Builder().nIn(6).nOut(5).activation(activation).build())
                .layer(new OutputLayer.Builder(head.loss).nIn(5).nOut(nOut).activation(head.activation).build())
                .build();
        return init(conf);
    }

    /** [1,6,6] -> conv 3x3 (3 ch) -> batch norm -> relu -> max pool 2x2 -> conv 1x1 (2 ch) -> dense 5 -> nOut. */
    public static MultiLayerNetwork cnn(Head head, IUpdater updater, int nOut, long seed) {
        MultiLayerConfiguration conf = base(updater, seed).convolutionMode(ConvolutionMode.Truncate).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(3).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new ActivationLayer.Builder().activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(1, 1).nOut(2).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nOut(5).activation(Activation.SIGMOID).build())
                .layer(new OutputLayer.Builder(head.loss).nOut(nOut).activation(head.activation).build())
                .setInputType(InputType.convolutional(6, 6, 1))
                .build();
        return init(conf);
    }

    /** [nIn, T] -> LSTM 5 -> SimpleRnn 4 -> RnnOutputLayer nOut. */
    public static MultiLayerNetwork recurrent(Head head, IUpdater updater, int nIn, int nOut, long seed) {
        MultiLayerConfiguration conf = base(updater, seed).list()
                .layer(new LSTM.Builder().nIn(nIn).nOut(5).activation(Activation.TANH).build())
                .layer(new SimpleRnn.Builder().nIn(5).nOut(4).activation(Activation.TANH).build())
                .layer(new RnnOutputLayer.Builder(head.loss).nIn(4).nOut(nOut).activation(head.activation).build())
                .build();
        return init(conf);
    }

    public static MultiLayerNetwork init(MultiLayerConfiguration conf) {
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }
}
