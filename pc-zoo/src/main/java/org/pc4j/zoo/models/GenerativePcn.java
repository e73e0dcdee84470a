package org.pc4j.zoo.models;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.pc4j.trainers.generative.GenerativeNetworks;

/**
 * The hierarchical generative PC network of Salvatori's thesis (§4.3, Alg. 6): a memory layer of {@code latentWidth}
 * free latents under a learnt prior ({@link GenerativeNetworks#memoryLayer}), {@code depth - 2} hidden layers of
 * {@code width} ({@code activation}; He initialisation under ReLU, Xavier otherwise) and the sensory layer of
 * {@code patternSize} values (identity, DL4J's L2 loss: the sensory energy {@code ||s - mu||^2}). {@code depth}
 * counts the layers of value nodes, memory and sensory included, as the thesis counts L. The defaults are the memory
 * measured to recall 100 Fashion-MNIST images from half keys (docs/results.md): 64 latents, two tanh layers of 512,
 * Adam 1e-3. Input: the constant {@code [N, 1]} ones; output {@code [N, patternSize]}.
 */
public final class GenerativePcn extends ChainModel {

    private final int patternSize;
    private final int width;
    private final int latentWidth;
    private final Activation activation;
    private final int depth;
    private final long seed;
    private final IUpdater updater;
    private final DataType dataType;
    private final double weightDecay;

    private GenerativePcn(Builder b) {
        this.weightDecay = b.weightDecay;
        this.patternSize = b.patternSize;
        this.width = b.width;
        this.latentWidth = b.latentWidth;
        this.activation = b.activation;
        this.depth = b.depth;
        this.seed = b.seed;
        this.updater = b.updater;
        this.dataType = b.dataType;
    }

    /** @return a builder for 784 values, 64 latents, two tanh layers of 512 (depth 4), Adam 1e-3 */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the network's configuration */
    @Override
    public MultiLayerConfiguration conf() {
        WeightInit init = activation == Activation.RELU || activation == Activation.LEAKYRELU ? WeightInit.RELU : WeightInit.XAVIER;
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(seed).updater(updater)
                .dataType(dataType).weightInit(init).weightDecay(weightDecay).list();
        list.layer(GenerativeNetworks.memoryLayer(latentWidth));
        int in = latentWidth;
        for (int i = 0; i < depth - 2; i++) {
            list.layer(new DenseLayer.Builder().nIn(in).nOut(width).activation(activation).build());
            in = width;
        }
        list.layer(new OutputLayer.Builder(LossFunction.L2).nIn(in).nOut(patternSize).activation(Activation.IDENTITY)
                .weightInit(WeightInit.XAVIER).build());
        return list.build();
    }

    @Override
    public String name() {
        return "GenerativePcn";
    }

    /** Options of a {@link GenerativePcn}. */
    public static final class Builder extends ModelBuilder<Builder> {
        private int patternSize = 784;
        private int width = 512;
        private int latentWidth = 64;
        private Activation activation = Activation.TANH;
        private int depth = 4;
        private double weightDecay;

        Builder() {
            super(new Adam(1e-3));
        }

        /** d, the values per pattern (default 784). */
        public Builder patternSize(int d) {
            this.patternSize = atLeast("patternSize", d, 1);
            return this;
        }

        /** n, the units of every hidden layer (default 512). */
        public Builder width(int n) {
            this.width = atLeast("width", n, 1);
            return this;
        }

        /** The latents' count, the memory layer's width (default 64). */
        public Builder latentWidth(int n) {
            this.latentWidth = atLeast("latentWidth", n, 1);
            return this;
        }

        /**
         * The hidden layers' activation (default tanh, Xavier initialisation; ReLU and leaky ReLU get He's). Under
         * ReLU a latent at a kink passes no error up.
         */
        public Builder activation(Activation activation) {
            this.activation = java.util.Objects.requireNonNull(activation, "activation");
            return this;
        }

        /** L, the layers of value nodes, memory and sensory included (default 4; 2 is memory straight to sensory). */
        public Builder depth(int layers) {
            this.depth = atLeast("depth", layers, 2);
            return this;
        }

        /**
         * Decoupled weight decay on every weight (DL4J's {@code weightDecay}, applied after the updater; DL4J M2.1
         * shrinks each weight by {@code 2 * lr * coefficient} times itself per update, twice what its Javadoc says);
         * default 0. Smaller weights make a key costlier to explain by small hidden-layer changes, which helps recall
         * from noisy keys (docs/results.md).
         */
        public Builder weightDecay(double coefficient) {
            if (!(coefficient >= 0) || Double.isInfinite(coefficient)) {
                throw new IllegalArgumentException("weightDecay must be finite and >= 0, got " + coefficient);
            }
            this.weightDecay = coefficient;
            return this;
        }

        public GenerativePcn build() {
            return new GenerativePcn(this);
        }
    }
}
