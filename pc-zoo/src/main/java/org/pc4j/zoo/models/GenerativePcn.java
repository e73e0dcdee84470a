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
 * The hierarchical generative PC network of Salvatori's thesis (§4.3, Alg. 6): a memory layer of {@code width} free
 * latents under a learnt prior ({@link GenerativeNetworks#memoryLayer}), {@code depth - 2} hidden ReLU layers of
 * {@code width} (He initialisation) and the sensory layer of {@code patternSize} values (identity, DL4J's L2 loss:
 * the sensory energy {@code ||s - mu||^2}). {@code depth} counts the layers of value nodes, memory and sensory
 * included, as the thesis counts L; its "two hidden layers" network is {@code depth = 3} (memory, one hidden,
 * sensory). Input: the constant {@code [N, 1]} ones; output {@code [N, patternSize]}.
 */
public final class GenerativePcn extends ChainModel {

    private final int patternSize;
    private final int width;
    private final int depth;
    private final long seed;
    private final IUpdater updater;
    private final DataType dataType;
    private final double weightDecay;

    private GenerativePcn(Builder b) {
        this.weightDecay = b.weightDecay;
        this.patternSize = b.patternSize;
        this.width = b.width;
        this.depth = b.depth;
        this.seed = b.seed;
        this.updater = b.updater;
        this.dataType = b.dataType;
    }

    /** @return a builder for 784 values, width 1024, depth 3, Adam 1e-4 */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the network's configuration */
    @Override
    public MultiLayerConfiguration conf() {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(seed).updater(updater)
                .dataType(dataType).weightInit(WeightInit.RELU).weightDecay(weightDecay).list();
        list.layer(GenerativeNetworks.memoryLayer(width));
        for (int i = 0; i < depth - 2; i++) {
            list.layer(new DenseLayer.Builder().nIn(width).nOut(width).activation(Activation.RELU).build());
        }
        list.layer(new OutputLayer.Builder(LossFunction.L2).nIn(width).nOut(patternSize).activation(Activation.IDENTITY)
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
        private int width = 1024;
        private int depth = 3;
        private double weightDecay;

        Builder() {
            super(new Adam(1e-4));
        }

        /** d, the values per pattern (default 784). */
        public Builder patternSize(int d) {
            this.patternSize = atLeast("patternSize", d, 1);
            return this;
        }

        /** n, the units of the memory layer and of every hidden layer (default 1024). */
        public Builder width(int n) {
            this.width = atLeast("width", n, 1);
            return this;
        }

        /** L, the layers of value nodes, memory and sensory included (default 3; 2 is memory straight to sensory). */
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
