package org.pc4j.trainers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.pc4j.trainers.testing.Batches;
import org.pc4j.trainers.testing.Nets;
import org.pc4j.trainers.testing.Oracles;

/**
 * The Z-IL &equiv; backprop oracle on every other supported layer and on the updater features a user may set:
 * parameters after 3 batches equal {@code net.fit}'s within 1e-10 relative (double precision).
 */
class ZilLayerCoverageTest {

    private static final double TOLERANCE = 1e-10;
    private static final PcTrainer ZIL = PcTrainer.builder().schedule(Schedule.zil()).build();

    private static void assertZilEqualsBackprop(MultiLayerNetwork net, List<DataSet> batches) {
        Oracles.Run run = Oracles.trainBoth(net, ZIL, batches);
        assertThat(Oracles.relativeDivergence(run)).isLessThanOrEqualTo(TOLERANCE);
        assertThat(Oracles.updaterStateDivergence(run)).isLessThanOrEqualTo(TOLERANCE);
    }

    @Test
    void lossLayerAndActivationLayerAfterDenseEqualBackprop() {
        MultiLayerNetwork net = Nets.init(Nets.base(new Adam(0.02), 1).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(6).activation(Activation.IDENTITY).build())
                .layer(new ActivationLayer.Builder().activation(Activation.ELU).build())
                .layer(new DenseLayer.Builder().nIn(6).nOut(3).activation(Activation.IDENTITY).build())
                .layer(new LossLayer.Builder(LossFunction.MCXENT).activation(Activation.SOFTMAX).build())
                .build());
        assertZilEqualsBackprop(net, Batches.dense(3, 7, 4, 3, true, 2));
    }

    @Test
    void batchNormalisationOnDenseLayersEqualsBackpropIncludingRunningStatistics() {
        MultiLayerNetwork net = Nets.init(Nets.base(new Sgd(0.2), 3).list()
                .layer(new DenseLayer.Builder().nIn(5).nOut(6).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().nOut(6).build())
                .layer(new ActivationLayer.Builder().activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nIn(6).nOut(4).activation(Activation.SIGMOID).build())
                .layer(new OutputLayer.Builder(LossFunction.MSE).nIn(4).nOut(2).activation(Activation.IDENTITY).build())
                .build());
        assertZilEqualsBackprop(net, Batches.dense(3, 9, 5, 2, false, 4));
    }

    @Test
    void dropoutLayerAndInputDropoutEqualBackpropWhenBothDrawFromTheSameRandomStream() {
        MultiLayerNetwork net = Nets.init(Nets.base(new Adam(0.01), 5).list()
                .layer(new DenseLayer.Builder().nIn(6).nOut(8).activation(Activation.TANH).build())
                .layer(new DropoutLayer.Builder(0.7).build())
                .layer(new DenseLayer.Builder().nIn(8).nOut(5).activation(Activation.RELU).dropOut(0.8).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(5).nOut(3).activation(Activation.SOFTMAX).dropOut(0.9).build())
                .build());
        List<DataSet> batches = Batches.dense(3, 8, 6, 3, true, 6);
        MultiLayerNetwork initial = net.clone();
        MultiLayerNetwork bp = net.clone();
        for (int b = 0; b < batches.size(); b++) {
            Nd4j.getRandom().setSeed(100 + b);
            ZIL.fitBatch(net, batches.get(b));
            Nd4j.getRandom().setSeed(100 + b);
            bp.fit(batches.get(b));
        }
        assertThat(Oracles.relativeDivergence(net, bp, initial)).isLessThanOrEqualTo(TOLERANCE);
        assertThat(net.params().equals(initial.params())).as("dropout nets still learn").isFalse();
    }

    @Test
    void globalPoolingOverConvolutionAndOverTimeEqualBackprop() {
        MultiLayerNetwork cnn = Nets.init(Nets.base(new Sgd(0.1), 7).convolutionMode(ConvolutionMode.Same).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.TANH).build())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(5, 5, 2))
                .build());
        assertZilEqualsBackprop(cnn, Batches.images(3, 5, 2, 5, 5, 3, true, 8));

        MultiLayerNetwork rnn = Nets.init(Nets.base(new Adam(0.01), 9).list()
                .layer(new SimpleRnn.Builder().nIn(3).nOut(5).activation(Activation.TANH).build())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.MAX).build())
                .layer(new OutputLayer.Builder(LossFunction.MSE).nIn(5).nOut(2).activation(Activation.IDENTITY).build())
                .build());
        List<DataSet> sequences = new ArrayList<>();
        for (DataSet s : Batches.sequences(3, 4, 3, 6, 2, false, 10)) {
            sequences.add(new DataSet(s.getFeatures(), s.getLabels().mean(2)));
        }
        assertZilEqualsBackprop(rnn, sequences);
    }

    @Test
    void embeddingLayerAndEmbeddingSequenceLayerEqualBackprop() {
        Random r = new Random(11);
        MultiLayerNetwork bag = Nets.init(Nets.base(new Adam(0.02), 12).list()
                .layer(new EmbeddingLayer.Builder().nIn(10).nOut(5).activation(Activation.IDENTITY).build())
                .layer(new DenseLayer.Builder().nIn(5).nOut(4).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(4).nOut(3).activation(Activation.SOFTMAX).build())
                .build());
        List<DataSet> words = new ArrayList<>();
        for (int b = 0; b < 3; b++) {
            words.add(new DataSet(Batches.indices(r, 6, 1, 10), Batches.oneHot(r, 6, 3)));
        }
        assertZilEqualsBackprop(bag, words);

        int steps = 5;
        MultiLayerNetwork seq = Nets.init(Nets.base(new Sgd(0.1), 13).list()
                .layer(new EmbeddingSequenceLayer.Builder().nIn(12).nOut(4).inputLength(steps).build())
                .layer(new LSTM.Builder().nIn(4).nOut(5).activation(Activation.TANH).build())
                .layer(new RnnOutputLayer.Builder(LossFunction.MCXENT).nIn(5).nOut(12).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.recurrent(12, steps))
                .build());
        List<DataSet> sentences = new ArrayList<>();
        for (int b = 0; b < 3; b++) {
            INDArray y = Batches.oneHot(r, 4 * steps, 12).reshape(4, steps, 12).permute(0, 2, 1).dup('c');
            sentences.add(new DataSet(Batches.indices(r, 4, steps, 12), y));
        }
        assertZilEqualsBackprop(seq, sentences);
    }

    @Test
    void recurrentStackWithVariableLengthMasksEqualsBackprop() {
        MultiLayerNetwork net = Nets.recurrent(Nets.Head.SOFTMAX_XENT, new Adam(0.01), 3, 4, 14);
        List<DataSet> batches = new ArrayList<>();
        for (DataSet s : Batches.sequences(3, 5, 3, 6, 4, true, 15)) {
            INDArray mask = Batches.sequenceMask(5, 6);
            batches.add(new DataSet(s.getFeatures(), s.getLabels(), mask, mask));
        }
        assertZilEqualsBackprop(net, batches);
    }

    @Test
    void gradientClippingL2WeightDecayMomentumAndLearningRateSchedulesBehaveAsUnderNetFit() {
        MultiLayerNetwork clipped = Nets.init(Nets.base(new Adam(0.05), 16).l2(1e-3)
                .gradientNormalization(GradientNormalization.ClipL2PerLayer).gradientNormalizationThreshold(0.05).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(6).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(6).nOut(3).activation(Activation.SOFTMAX).build())
                .build());
        assertZilEqualsBackprop(clipped, Batches.dense(3, 6, 4, 3, true, 17));

        MultiLayerNetwork decayed = Nets.init(Nets.base(
                        new Nesterovs(new ExponentialSchedule(ScheduleType.ITERATION, 0.1, 0.9), 0.9), 18)
                .weightDecay(1e-2)
                .gradientNormalization(GradientNormalization.ClipElementWiseAbsoluteValue).gradientNormalizationThreshold(0.02).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(6).activation(Activation.SIGMOID).build())
                .layer(new OutputLayer.Builder(LossFunction.MSE).nIn(6).nOut(2).activation(Activation.IDENTITY).build())
                .build());
        assertZilEqualsBackprop(decayed, Batches.dense(3, 6, 4, 2, false, 19));
    }
}
