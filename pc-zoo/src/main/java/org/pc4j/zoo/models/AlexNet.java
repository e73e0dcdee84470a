package org.pc4j.zoo.models;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
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
 * AlexNet (Krizhevsky, Sutskever and Hinton 2012) adapted to small images (32 x 32 x 3 CIFAR-10, 28 x 28 x 1
 * MNIST), as the PC papers train it on CIFAR-10 ([001] Table 1, [002] Table 2.1, their CIFAR adaptation is not
 * given): five ReLU convolutions (5 x 5 then 3 x 3, "same" padding) with 3 x 3 stride-2 max pooling
 * after the 1st, 2nd and 5th, then two ReLU dense layers and a softmax output. The channel widths are
 * {@code width * (1, 3, 6, 4, 4)} (64, 192, 384, 256, 256 at the default width 64, AlexNet's), the dense layers
 * {@code 8 * width} and {@code 4 * width}. No dropout by default (the papers give no guidance for PC).
 * Input: flat images {@code [mb, c*h*w]} (as the MNIST and CIFAR readers give them) or {@code [mb, c, h, w]}.
 */
public final class AlexNet extends ChainModel {

    private final int channels;
    private final int height;
    private final int width;
    private final int classes;
    private final int base;
    private final long seed;
    private final IUpdater updater;
    private final DataType dataType;

    private AlexNet(Builder b) {
        this.channels = b.channels;
        this.height = b.height;
        this.width = b.width;
        this.classes = b.classes;
        this.base = b.base;
        this.seed = b.seed;
        this.updater = b.updater;
        this.dataType = b.dataType;
    }

    /** @return a builder for 32 x 32 x 3 inputs and 10 classes. */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the network's configuration (JSON-serialisable, inspectable). */
    @Override
    public MultiLayerConfiguration conf() {
        int[] c = {base, 3 * base, 6 * base, 4 * base, 4 * base};
        return new NeuralNetConfiguration.Builder().seed(seed).updater(updater).dataType(dataType)
                .weightInit(WeightInit.RELU).convolutionMode(ConvolutionMode.Same).list()
                .layer(conv(5, c[0])).layer(pool())
                .layer(conv(5, c[1])).layer(pool())
                .layer(conv(3, c[2])).layer(conv(3, c[3])).layer(conv(3, c[4])).layer(pool())
                .layer(new DenseLayer.Builder().nOut(8L * base).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nOut(4L * base).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(classes).activation(Activation.SOFTMAX)
                        .weightInit(WeightInit.XAVIER).build())
                .setInputType(InputType.convolutionalFlat(height, width, channels))
                .build();
    }

    private static ConvolutionLayer conv(int k, int out) {
        return new ConvolutionLayer.Builder(k, k).nOut(out).activation(Activation.RELU).build();
    }

    private static SubsamplingLayer pool() {
        return new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(3, 3).stride(2, 2).build();
    }

    /**
     * @return the network saved at {@code checkpoint} ({@code ModelSerializer}); it must be an AlexNet of these options
     * @throws org.pc4j.zoo.data.DataFileException if the file is missing, unreadable or of another architecture
     */
    @Override
    public String name() {
        return "AlexNet";
    }

    /**
     * @return the recommended PC configuration for {@code schedule}: iPC with lr 5e-5 ([001] App. D.2, "best iPC
     *         usually gamma = 1 for AlexNet, alpha = 0.00005"; T not given, pc4j uses 8) but gamma 0.1: at the paper's
     *         gamma = 1 pc4j's inference diverges on the full-size network (measured, {@code ZooFullSizeTest}); PC at gamma 0.1 with
     *         T = 20 and lr 1e-4 (pc4j's choice: the papers give no AlexNet PC setting); Z-IL and Fa-Z-IL as backprop
     *         (lr 1e-3, gamma 1, exact)
     */
    public static PcRecipe recommended(Schedule schedule) {
        if (schedule instanceof IpcSchedule) {
            return new PcRecipe(Schedule.ipc(8), 0.1, new Adam(5e-5), 128,
                    "[001] App. D.2 (lr 5e-5; its gamma = 1 diverges in pc4j at full size, so gamma 0.1); T = 8 and batch 128 "
                    + "are pc4j's choice (not given)");
        }
        if (schedule instanceof PcSchedule) {
            return new PcRecipe(Schedule.pc(20), 0.1, new Adam(1e-4), 128,
                    "pc4j's choice: the papers report AlexNet PC accuracy but not its T, gamma or lr");
        }
        return new PcRecipe(schedule, 1.0, new Adam(1e-3), 128, schedule + " equals backprop: use backprop's settings");
    }

    /** Options of an {@link AlexNet}. */
    public static final class Builder extends ModelBuilder<Builder> {
        private int channels = 3;
        private int height = 32;
        private int width = 32;
        private int classes = 10;
        private int base = 64;

        Builder() {
            super(new Adam(1e-3));
        }

        /** The input: channels, height, width (e.g. 3, 32, 32 for CIFAR-10; 1, 28, 28 for MNIST). */
        public Builder inputShape(int channels, int height, int width) {
            if (channels < 1 || height < 8 || width < 8) {
                throw new IllegalArgumentException("AlexNet needs at least 1 channel and 8 x 8 pixels, got " + channels + " x "
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

        /** The first layer's channels (default 64, AlexNet's); the others scale with it. */
        public Builder width(int base) {
            this.base = atLeast("width", base, 1);
            return this;
        }

        public AlexNet build() {
            return new AlexNet(this);
        }
    }
}
