package org.pc4j.app.memory;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The autoencoder baseline of Salvatori's thesis (§4.3, §4.5.1, after Radhakrishnan et al., "Overparameterized
 * neural networks implement associative memory", PNAS 2020): a DL4J network {@code d -> n (ReLU) x hidden -> d
 * (sigmoid)} trained by backprop ({@code net.fit}) on the stored patterns as one full batch, Adam, MSE. Recall
 * iterates the network as a map, {@code x <- AE(x)}, with the known values of a partial key put back after every
 * pass, until no value moves by more than 1e-5 or the iteration budget.
 */
public final class MemoryAutoencoder implements MemoryMethod {

    private final int width;
    private final int hidden;
    private final int epochs;
    private final double learningRate;
    private final int maxIterations;
    private final long seed;
    private MultiLayerNetwork net;

    /**
     * @param width         n, units per hidden layer
     * @param hidden        hidden layers, >= 1
     * @param epochs        full-batch backprop updates while storing
     * @param learningRate  Adam's learning rate
     * @param maxIterations the most passes per recall
     */
    public MemoryAutoencoder(int width, int hidden, int epochs, double learningRate, int maxIterations, long seed) {
        if (width < 1 || hidden < 1 || epochs < 1 || maxIterations < 1 || !(learningRate > 0)) {
            throw new IllegalArgumentException("the autoencoder needs width, hidden layers, epochs and iterations >= 1 and a "
                    + "learning rate > 0");
        }
        this.width = width;
        this.hidden = hidden;
        this.epochs = epochs;
        this.learningRate = learningRate;
        this.maxIterations = maxIterations;
        this.seed = seed;
    }

    @Override
    public String name() {
        return "ae";
    }

    @Override
    public String description() {
        return "autoencoder d-" + (width + "-").repeat(hidden) + "d (ReLU, sigmoid out), backprop, Adam " + learningRate + ", "
                + epochs + " full-batch updates";
    }

    @Override
    public void store(INDArray patterns) {
        int d = (int) patterns.size(1);
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(seed).updater(new Adam(learningRate))
                .dataType(patterns.dataType()).weightInit(WeightInit.RELU).list();
        int in = d;
        for (int i = 0; i < hidden; i++) {
            list.layer(new DenseLayer.Builder().nIn(in).nOut(width).activation(Activation.RELU).build());
            in = width;
        }
        list.layer(new OutputLayer.Builder(LossFunction.MSE).nIn(in).nOut(d).activation(Activation.SIGMOID)
                .weightInit(WeightInit.XAVIER).build());
        MultiLayerConfiguration conf = list.build();
        net = new MultiLayerNetwork(conf);
        net.init();
        for (int e = 0; e < epochs; e++) {
            net.fit(patterns, patterns);
        }
    }

    @Override
    public Recalled complete(INDArray key, INDArray known) {
        return FixedPointRecall.iterate(key.mul(known), known, maxIterations, this::reconstruct, 1e-5);
    }

    @Override
    public Recalled denoise(INDArray key) {
        return FixedPointRecall.iterate(key, null, maxIterations, this::reconstruct, 1e-5);
    }

    private INDArray reconstruct(INDArray x) {
        if (net == null) {
            throw new IllegalStateException("store patterns before recalling");
        }
        return net.output(x, false);
    }

}
