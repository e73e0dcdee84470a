package org.pc4j.trainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pc4j.testkit.NdAssertions.assertBitIdentical;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A checkpoint is DL4J's own model file plus the recipe: DL4J restores the network exactly (parameters and updater
 * state), pc4j reads the recipe back equal, a plain DL4J file has none, and a failed save leaves the old file.
 */
class PcCheckpointTest {

    @TempDir
    Path dir;

    private static MultiLayerNetwork net() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.DOUBLE).updater(new Adam(1e-2)).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(5).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(5).nOut(3).activation(Activation.IDENTITY).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    @Test
    void dl4jRestoresTheNetworkExactlyAndPc4jReadsTheRecipeBack() throws IOException {
        MultiLayerNetwork net = net();
        PcTrainer trainer = PcTrainer.builder().schedule(Schedule.pc(6)).inferenceRate(0.05).valueOptimizer(ValueOptimizer.momentum(0.3)).build();
        Nd4j.getRandom().setSeed(3);
        trainer.fit(net, Nd4j.randn(DataType.DOUBLE, 8, 4), Nd4j.randn(DataType.DOUBLE, 8, 3));
        Path file = dir.resolve("net.zip");
        PcCheckpoint.save(net, trainer.config(), file);

        MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(file.toFile(), true);
        assertBitIdentical(back.params(), net.params());
        assertBitIdentical(back.getUpdater().getStateViewArray(), net.getUpdater().getStateViewArray());
        assertThat(PcCheckpoint.config(file)).contains(trainer.config());
    }

    @Test
    void aPlainDl4jModelFileHasNoRecipeAndAFileThatIsNoZipIsRefused() throws IOException {
        Path plain = dir.resolve("plain.zip");
        ModelSerializer.writeModel(net(), plain.toFile(), true);
        assertThat(PcCheckpoint.config(plain)).isEmpty();
        Path text = Files.writeString(dir.resolve("text.zip"), "not a zip");
        assertThatThrownBy(() -> PcCheckpoint.config(text)).isInstanceOf(IOException.class).hasMessageContaining("not a model file");
        assertThatThrownBy(() -> PcCheckpoint.config(dir.resolve("missing.zip"))).isInstanceOf(IOException.class)
                .hasMessageContaining("no checkpoint");
    }

    @Test
    void aRecipeWithoutJsonFormIsRefusedBeforeAnExistingCheckpointIsTouched() throws IOException {
        Path file = dir.resolve("net.zip");
        PcConfig good = PcTrainer.builder().schedule(Schedule.zil()).build().config();
        PcCheckpoint.save(net(), good, file);
        byte[] before = Files.readAllBytes(file);
        org.pc4j.layers.energy.Energy custom = new org.pc4j.trainers.testing.NoJsonEnergy();
        PcConfig custom1 = PcTrainer.builder().schedule(Schedule.pc(3)).energy("layer0", custom).build().config();
        assertThatThrownBy(() -> PcCheckpoint.save(net(), custom1, file)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(PcCheckpoint.config(file)).contains(good);
    }
}
