package org.pc4j.zoo.models;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
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
 * The papers' classification MLP ([002] §2.2.3: 2 hidden layers of 64): {@code hiddenLayers} tanh layers of
 * {@code hidden} units (Xavier initialisation) and a softmax output with cross-entropy. Input {@code [mb, inputs]},
 * output {@code [mb, classes]}.
 */
public final class Mlp extends ChainModel {

    private final int inputs;
    private final int hidden;
    private final int hiddenLayers;
    private final int classes;
    private final long seed;
    private final IUpdater updater;
    private final DataType dataType;

    private Mlp(Builder b) {
        this.inputs = b.inputs;
        this.hidden = b.hidden;
        this.hiddenLayers = b.hiddenLayers;
        this.classes = b.classes;
        this.seed = b.seed;
        this.updater = b.updater;
        this.dataType = b.dataType;
    }

    /** @return a builder for 784 inputs, 2 hidden layers of 64, 10 classes, Adam 1e-3 */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the network's configuration */
    @Override
    public MultiLayerConfiguration conf() {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(seed).updater(updater)
                .dataType(dataType).weightInit(WeightInit.XAVIER).list();
        int in = DenseStack.append(list, inputs, hidden, hiddenLayers, Activation.TANH);
        list.layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(in).nOut(classes).activation(Activation.SOFTMAX).build());
        return list.build();
    }

    /**
     * @return the network saved at {@code checkpoint}; it must be an MLP of these options
     * @throws org.pc4j.zoo.data.DataFileException if the file is missing, unreadable or of another architecture
     */
    @Override
    public String name() {
        return "MLP";
    }

    /**
     * @return the recommended configuration for {@code schedule}: PC(20) and iPC(5) at gamma 0.1, Adam 1e-3, batch 64
     *         (pc4j's choice: the papers' grid picks gamma 0.5 after long training, and T = 20 for small MLPs,
     *         [002] Table 3.3); Z-IL and Fa-Z-IL as backprop
     */
    public static PcRecipe recommended(Schedule schedule) {
        if (schedule instanceof PcSchedule) {
            return new PcRecipe(Schedule.pc(20), 0.1, new Adam(1e-3), 64, "pc4j's choice; T = 20 as [002] Table 3.3");
        }
        if (schedule instanceof IpcSchedule) {
            return new PcRecipe(Schedule.ipc(5), 0.1, new Adam(1e-3), 64, "pc4j's choice");
        }
        return new PcRecipe(schedule, 1.0, new Adam(1e-3), 64, schedule + " equals backprop");
    }

    /** Options of an {@link Mlp}. */
    public static final class Builder extends ModelBuilder<Builder> {
        private int inputs = 784;
        private int hidden = 64;
        private int hiddenLayers = 2;
        private int classes = 10;

        Builder() {
            super(new Adam(1e-3));
        }

        public Builder inputs(int inputs) {
            this.inputs = atLeast("inputs", inputs, 1);
            return this;
        }

        /** Units per hidden layer (default 64). */
        public Builder hidden(int hidden) {
            this.hidden = atLeast("hidden", hidden, 1);
            return this;
        }

        /** Hidden layers (default 2; 0 gives softmax regression). */
        public Builder hiddenLayers(int hiddenLayers) {
            this.hiddenLayers = atLeast("hiddenLayers", hiddenLayers, 0);
            return this;
        }

        public Builder classes(int classes) {
            this.classes = atLeast("classes", classes, 2);
            return this;
        }

        public Mlp build() {
            return new Mlp(this);
        }
    }
}
