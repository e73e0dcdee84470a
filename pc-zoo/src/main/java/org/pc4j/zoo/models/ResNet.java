package org.pc4j.zoo.models;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.pc4j.trainers.IpcSchedule;
import org.pc4j.trainers.PcSchedule;
import org.pc4j.trainers.Schedule;

/**
 * Residual networks of basic blocks (He et al. 2016) for small images, as a {@code ComputationGraph}: a 3 x 3 stem
 * convolution with batch norm and ReLU, stages of basic blocks (conv 3x3 - BN - ReLU - conv 3x3 - BN, added to the
 * shortcut, ReLU; the first block of a later stage halves the resolution and doubles the channels with a projection
 * shortcut, conv 1x1 stride 2 - BN), global average pooling and a softmax output.
 * <ul>
 * <li>{@link Builder#depth(int) CIFAR-style} (depth {@code 6n + 2}: 8, 14, 20, ...): 3 stages of {@code n} blocks with
 * {@code width}, {@code 2 width}, {@code 4 width} channels (width 16 by default);</li>
 * <li>{@link Builder#resNet18() ResNet-18}: 4 stages of 2 blocks, 64 to 512 channels, with the CIFAR stem (a 3 x 3
 * convolution, no max pooling).</li>
 * </ul>
 * Z-IL levels its shortcuts automatically (docs/algorithms.md §3). The papers report only Z-IL on ResNet-18 (no PC/iPC accuracy,
 * docs/algorithms.md).
 */
public final class ResNet extends GraphModel {

    private final int channels;
    private final int height;
    private final int width;
    private final int classes;
    private final int[] blocksPerStage;
    private final int base;
    private final long seed;
    private final IUpdater updater;
    private final DataType dataType;
    private final String name;

    private ResNet(Builder b) {
        this.channels = b.channels;
        this.height = b.height;
        this.width = b.width;
        this.classes = b.classes;
        this.blocksPerStage = b.blocksPerStage.clone();
        this.base = b.base;
        this.seed = b.seed;
        this.updater = b.updater;
        this.dataType = b.dataType;
        this.name = b.name;
    }

    /** @return a builder for a CIFAR-style ResNet-20 on 32 x 32 x 3 inputs and 10 classes. */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the network's configuration (JSON-serialisable, inspectable). */
    @Override
    public ComputationGraphConfiguration conf() {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder().seed(seed).updater(updater)
                .dataType(dataType).weightInit(WeightInit.RELU).convolutionMode(ConvolutionMode.Same)
                .graphBuilder().addInputs("input");
        g.addLayer("stem", conv(3, base, 1), "input")
                .addLayer("stem-bn", new BatchNormalization.Builder().build(), "stem")
                .addLayer("stem-relu", relu(), "stem-bn");
        String previous = "stem-relu";
        int channelsNow = base;
        for (int stage = 0; stage < blocksPerStage.length; stage++) {
            int out = base << stage;
            for (int block = 0; block < blocksPerStage[stage]; block++) {
                int stride = stage > 0 && block == 0 ? 2 : 1;
                previous = block(g, "s" + (stage + 1) + "b" + (block + 1), previous, out, stride, out != channelsNow || stride != 1);
                channelsNow = out;
            }
        }
        g.addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), previous)
                .addLayer("output", new OutputLayer.Builder(LossFunction.MCXENT).nOut(classes).activation(Activation.SOFTMAX)
                        .weightInit(WeightInit.XAVIER).build(), "pool")
                .setOutputs("output").setInputTypes(InputType.convolutionalFlat(height, width, channels));
        return g.build();
    }

    private static String block(ComputationGraphConfiguration.GraphBuilder g, String name, String input, int out, int stride,
                                boolean projection) {
        g.addLayer(name + "-conv1", conv(3, out, stride), input)
                .addLayer(name + "-bn1", new BatchNormalization.Builder().build(), name + "-conv1")
                .addLayer(name + "-relu1", relu(), name + "-bn1")
                .addLayer(name + "-conv2", conv(3, out, 1), name + "-relu1")
                .addLayer(name + "-bn2", new BatchNormalization.Builder().build(), name + "-conv2");
        String shortcut = input;
        if (projection) {
            g.addLayer(name + "-proj", conv(1, out, stride), input)
                    .addLayer(name + "-proj-bn", new BatchNormalization.Builder().build(), name + "-proj");
            shortcut = name + "-proj-bn";
        }
        g.addVertex(name + "-add", new ElementWiseVertex(ElementWiseVertex.Op.Add), name + "-bn2", shortcut)
                .addLayer(name + "-out", relu(), name + "-add");
        return name + "-out";
    }

    private static ConvolutionLayer conv(int k, int out, int stride) {
        return new ConvolutionLayer.Builder(k, k).stride(stride, stride).nOut(out).activation(Activation.IDENTITY)
                .hasBias(false).build();
    }

    private static ActivationLayer relu() {
        return new ActivationLayer.Builder().activation(Activation.RELU).build();
    }

    /**
     * @return the network saved at {@code checkpoint} ({@code ModelSerializer}); it must be a ResNet of these options
     * @throws org.pc4j.zoo.data.DataFileException if the file is missing, unreadable or of another architecture
     */
    /** @return the model's name ("ResNet-20", "ResNet-18", ...). */
    @Override
    public String name() {
        return name;
    }

    /**
     * @return the recommended configuration for {@code schedule}: no paper trains a ResNet with PC or iPC (spec
     *         §5.2), so PC and iPC use pc4j's choices (iPC(8) and PC(20) at gamma 0.1, Adam 1e-3, batch 128); Z-IL and
     *         Fa-Z-IL as backprop ([002] Tables 3.1-3.2: exact after levelling)
     */
    public static PcRecipe recommended(Schedule schedule) {
        if (schedule instanceof IpcSchedule) {
            return new PcRecipe(Schedule.ipc(8), 0.1, new Adam(1e-3), 128, "pc4j's choice: no paper trains a ResNet with iPC");
        }
        if (schedule instanceof PcSchedule) {
            return new PcRecipe(Schedule.pc(20), 0.1, new Adam(1e-3), 128, "pc4j's choice: no paper trains a ResNet with PC");
        }
        return new PcRecipe(schedule, 1.0, new Adam(1e-3), 128, schedule + " equals backprop ([002] Table 3.2)");
    }

    /** Options of a {@link ResNet}. */
    public static final class Builder extends ModelBuilder<Builder> {
        private int channels = 3;
        private int height = 32;
        private int width = 32;
        private int classes = 10;
        private int[] blocksPerStage = {3, 3, 3};
        private int base = 16;
        private String name = "ResNet-20";

        Builder() {
            super(new Adam(1e-3));
        }

        /** The input: channels, height, width. */
        public Builder inputShape(int channels, int height, int width) {
            if (channels < 1 || height < 4 || width < 4) {
                throw new IllegalArgumentException("ResNet needs at least 1 channel and 4 x 4 pixels, got " + channels + " x "
                        + height + " x " + width);
            }
            this.channels = channels;
            this.height = height;
            this.width = width;
            return this;
        }

        public Builder classes(int classes) {
            this.classes = atLeast("classes", classes, 2);
            return this;
        }

        /** A CIFAR-style depth {@code 6n + 2} (8, 14, 20, 32, 44, 56, ...): 3 stages of n blocks. */
        public Builder depth(int depth) {
            if (depth < 8 || (depth - 2) % 6 != 0) {
                throw new IllegalArgumentException("a CIFAR-style ResNet has depth 6n + 2 with n >= 1 (8, 14, 20, ...), got " + depth);
            }
            int n = (depth - 2) / 6;
            this.blocksPerStage = new int[] {n, n, n};
            this.name = "ResNet-" + depth;
            return this;
        }

        /** ResNet-18: 4 stages of 2 basic blocks from 64 channels (a later {@link #width(int)} still applies). */
        public Builder resNet18() {
            this.blocksPerStage = new int[] {2, 2, 2, 2};
            this.base = 64;
            this.name = "ResNet-18";
            return this;
        }

        /** The first stage's channels (16 for CIFAR-style, 64 for ResNet-18). */
        public Builder width(int base) {
            this.base = atLeast("width", base, 1);
            return this;
        }

        public ResNet build() {
            return new ResNet(this);
        }
    }
}
