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
import org.pc4j.layers.conf.GaussianSampling;
import org.pc4j.trainers.IpcSchedule;
import org.pc4j.trainers.PcSchedule;
import org.pc4j.trainers.Schedule;

/**
 * A variational autoencoder with MLP encoder and decoder ([000] §4.2 and App. E.2), as a
 * {@code MultiLayerNetwork} trained on (image, image) pairs: {@code hiddenLayers} tanh layers of {@code hidden} units,
 * a linear layer to the bottleneck's mean and log-variance ({@code 2 * latent}, 16 latent units by default), a
 * {@link GaussianSampling} layer (with the KL term to N(0, I)), {@code hiddenLayers} tanh layers, and a sigmoid output
 * with binary cross-entropy. Under PC the bottleneck node gets the Gaussian-variance energy automatically. Input and
 * labels: flat images in [0, 1], {@code [mb, inputSize]}. The bottleneck is layer {@code hiddenLayers}.
 */
public final class Vae extends ChainModel {

    private final int inputSize;
    private final int hidden;
    private final int hiddenLayers;
    private final int latent;
    private final long seed;
    private final IUpdater updater;
    private final DataType dataType;

    private Vae(Builder b) {
        this.inputSize = b.inputSize;
        this.hidden = b.hidden;
        this.hiddenLayers = b.hiddenLayers;
        this.latent = b.latent;
        this.seed = b.seed;
        this.updater = b.updater;
        this.dataType = b.dataType;
    }

    /** @return a builder for 784 inputs (28 x 28), 2 x 256 hidden units per side, 16 latent units. */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the network's configuration (JSON-serialisable, inspectable). */
    @Override
    public MultiLayerConfiguration conf() {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(seed).updater(updater)
                .dataType(dataType).weightInit(WeightInit.XAVIER).list();
        int in = DenseStack.append(list, inputSize, hidden, hiddenLayers, Activation.TANH);
        list.layer(new DenseLayer.Builder().nIn(in).nOut(2L * latent).activation(Activation.IDENTITY).build());
        list.layer(new GaussianSampling.Builder().latent(latent).klWeight(1.0).build());
        in = DenseStack.append(list, latent, hidden, hiddenLayers, Activation.TANH);
        list.layer(new OutputLayer.Builder(LossFunction.XENT).nIn(in).nOut(inputSize).activation(Activation.SIGMOID).build());
        return list.build();
    }

    /**
     * @return the network saved at {@code checkpoint}; it must be a VAE of these options
     * @throws org.pc4j.zoo.data.DataFileException if the file is missing, unreadable or of another architecture
     */
    @Override
    public String name() {
        return "VAE";
    }

    /**
     * @return the recommended configuration for {@code schedule}: PC with T = 32, gamma 0.05, Adam 1e-4 ([000] §4.2 and
     *         App. E.2: T = 32, beta_theta = 1e-4, beta_phi in {0.01, 0.025, 0.05}); iPC(8) at the same rates (pc4j's
     *         choice, no paper trains a VAE with iPC); Z-IL and Fa-Z-IL as backprop
     */
    public static PcRecipe recommended(Schedule schedule) {
        if (schedule instanceof PcSchedule) {
            return new PcRecipe(Schedule.pc(32), 0.05, new Adam(1e-4), 64, "[000] §4.2, App. E.2 (batch 64 is pc4j's choice)");
        }
        if (schedule instanceof IpcSchedule) {
            return new PcRecipe(Schedule.ipc(8), 0.05, new Adam(1e-4), 64, "pc4j's choice: no paper trains a VAE with iPC");
        }
        return new PcRecipe(schedule, 1.0, new Adam(1e-4), 64, schedule + " equals backprop");
    }

    /** Options of a {@link Vae}. */
    public static final class Builder extends ModelBuilder<Builder> {
        private int inputSize = 784;
        private int hidden = 256;
        private int hiddenLayers = 2;
        private int latent = 16;

        Builder() {
            super(new Adam(1e-4));
        }

        public Builder inputSize(int inputSize) {
            this.inputSize = atLeast("inputSize", inputSize, 1);
            return this;
        }

        /** Units per hidden layer (default 256). */
        public Builder hidden(int hidden) {
            this.hidden = atLeast("hidden", hidden, 1);
            return this;
        }

        /** Hidden layers on each side (default 2). */
        public Builder hiddenLayers(int layers) {
            this.hiddenLayers = atLeast("hiddenLayers", layers, 1);
            return this;
        }

        /** Latent units (default 16, the paper's). */
        public Builder latent(int latent) {
            this.latent = atLeast("latent", latent, 1);
            return this;
        }

        public Vae build() {
            return new Vae(this);
        }
    }
}
