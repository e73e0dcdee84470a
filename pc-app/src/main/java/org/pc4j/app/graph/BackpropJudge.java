package org.pc4j.app.graph;

import java.util.Locale;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.pc4j.zoo.data.ImageSet;

/**
 * The referee of generation: a classifier trained by backprop (DL4J's own {@code net.fit}) on the same training
 * images as the PC graph, which labels what the graph generates. A generated image "is the asked label" when this
 * classifier's most probable class is that label; the classifier's accuracy on the test images says how far to trust
 * it. Network: {@code pixels -> 256 (ReLU) -> classes (softmax)}, cross-entropy, Adam 1e-3, mini-batches of 64, at
 * least {@link #MIN_UPDATES} updates (whole epochs, at most {@link #MAX_EPOCHS}).
 */
public final class BackpropJudge {

    /** The fewest weight updates the classifier is trained for. */
    public static final int MIN_UPDATES = 1500;
    /** The most epochs over the training images. */
    public static final int MAX_EPOCHS = 50;
    private static final int BATCH = 64;
    private static final int HIDDEN = 256;

    private final MultiLayerNetwork net;
    private final double testAccuracy;
    private final int epochs;

    private BackpropJudge(MultiLayerNetwork net, double testAccuracy, int epochs) {
        this.net = net;
        this.testAccuracy = testAccuracy;
        this.epochs = epochs;
    }

    /**
     * Trains the classifier on {@code data.train()} and scores it on {@code data.test()}.
     *
     * @throws IllegalArgumentException if the data has fewer than two classes
     */
    public static BackpropJudge train(ImageSet data, long seed) {
        if (data.classes() < 2) {
            throw new IllegalArgumentException("a classifier needs >= 2 classes, the data has " + data.classes());
        }
        int pixels = data.channels() * data.height() * data.width();
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).updater(new Adam(1e-3))
                .dataType(DataType.FLOAT).weightInit(WeightInit.RELU).list()
                .layer(new DenseLayer.Builder().nIn(pixels).nOut(HIDDEN).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(HIDDEN).nOut(data.classes()).activation(Activation.SOFTMAX)
                        .weightInit(WeightInit.XAVIER).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        DataSet train = flat(data.train());
        int batches = (train.numExamples() + BATCH - 1) / BATCH;
        int epochs = Math.min(MAX_EPOCHS, (MIN_UPDATES + batches - 1) / batches);
        net.fit(new ListDataSetIterator<>(train.asList(), BATCH), epochs);
        DataSet test = flat(data.test());
        Evaluation eval = new Evaluation(data.classes());
        eval.eval(test.getLabels(), net.output(test.getFeatures(), false));
        return new BackpropJudge(net, eval.accuracy(), epochs);
    }

    /** @return the classifier's accuracy on the test images */
    public double testAccuracy() {
        return testAccuracy;
    }

    /** @return epochs trained */
    public int epochs() {
        return epochs;
    }

    /**
     * @param images {@code [m, pixels]}, values in [0, 1]
     * @return each image's most probable class
     */
    public int[] labels(INDArray images) {
        INDArray p = net.output(images.castTo(DataType.FLOAT), false);
        return p.argMax(1).toIntVector();
    }

    /** @return a one-line description */
    public String description() {
        return String.format(Locale.ROOT, "a %d-%d-%d ReLU/softmax classifier trained by backprop (%d epochs), test accuracy %.4f",
                net.layerInputSize(0), HIDDEN, net.layerSize(1), epochs, testAccuracy);
    }

    private static DataSet flat(DataSet d) {
        INDArray f = d.getFeatures();
        return new DataSet(f.reshape(f.size(0), f.length() / f.size(0)).castTo(DataType.FLOAT), d.getLabels().castTo(DataType.FLOAT));
    }
}
