package org.pc4j.trainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pc4j.testkit.NdAssertions.assertBitIdentical;

import java.util.List;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.pc4j.layers.conf.GaussianSampling;
import org.pc4j.layers.energy.GaussianVarianceEnergy;
import org.pc4j.trainers.testing.Batches;
import org.pc4j.trainers.testing.Nets;
import org.pc4j.trainers.testing.Oracles;

/** A VAE encoder-decoder (docs/algorithms.md §4) under Z-IL and PC. */
class VaeTrainingTest {

    /** 6 -> tanh 5 -> (mean, log-variance) 2 x 2 ("layer1") -> sample 2 (KL to N(0, I)) -> tanh 5 -> sigmoid 6, BCE. */
    private static MultiLayerNetwork vae(IUpdater updater, long seed) {
        return Nets.init(Nets.base(updater, seed).list()
                .layer(new DenseLayer.Builder().nIn(6).nOut(5).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nIn(5).nOut(4).activation(Activation.IDENTITY).build())
                .layer(new GaussianSampling.Builder().latent(2).klWeight(1.0).build())
                .layer(new DenseLayer.Builder().nIn(2).nOut(5).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunction.XENT).nIn(5).nOut(6).activation(Activation.SIGMOID).build())
                .build());
    }

    private static List<DataSet> images(long seed) {
        return Batches.dense(3, 7, 6, 6, false, seed).stream().map(b -> {
            org.nd4j.linalg.api.ndarray.INDArray x = b.getFeatures().add(1).divi(2); // in (0, 1)
            return new DataSet(x, x);
        }).toList();
    }

    /** Both draw the reparameterisation noise from the same random stream; Z-IL holds its draw for the batch. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sgd", "adam"})
    void zilEqualsBackpropOnAVaeWithTheSameNoise(String updater) {
        MultiLayerNetwork net = vae(updater.equals("sgd") ? new Sgd(0.1) : new Adam(0.01), 61);
        MultiLayerNetwork initial = net.clone();
        MultiLayerNetwork bp = net.clone();
        PcTrainer zil = PcTrainer.builder().schedule(Schedule.zil()).build();
        List<DataSet> batches = images(62);
        for (int b = 0; b < batches.size(); b++) {
            Nd4j.getRandom().setSeed(700 + b);
            zil.fitBatch(net, batches.get(b));
            Nd4j.getRandom().setSeed(700 + b);
            bp.fit(batches.get(b));
        }
        assertThat(Oracles.relativeDivergence(net, bp, initial)).isLessThanOrEqualTo(1e-10);
    }

    /**
     * Under PC the bottleneck gets the Gaussian-variance energy (as if chosen explicitly), and with the noise held
     * for the batch inference is descent: the total energy never increases at a small rate.
     */
    @Test
    void pcGivesTheBottleneckTheGaussianVarianceEnergyAndHoldsTheNoise() {
        MultiLayerNetwork auto = vae(new Adam(0.01), 63);
        MultiLayerNetwork explicit = auto.clone();
        DataSet batch = images(64).get(0);
        Nd4j.getRandom().setSeed(5);
        BatchResult a = PcTrainer.builder().schedule(Schedule.pc(25)).inferenceRate(0.05).build().fitBatch(auto, batch);
        Nd4j.getRandom().setSeed(5);
        BatchResult e = PcTrainer.builder().schedule(Schedule.pc(25)).inferenceRate(0.05).automaticEnergies(false)
                .energy("layer1", GaussianVarianceEnergy.INSTANCE).build().fitBatch(explicit, batch);
        assertThat(a.energies()).isEqualTo(e.energies());
        assertBitIdentical(auto.params(), explicit.params());
        for (int t = 1; t < a.steps(); t++) {
            assertThat(a.totalEnergy(t)).as("step %d", t).isLessThanOrEqualTo(a.totalEnergy(t - 1) + 1e-12);
        }
        assertThat(a.energy(a.steps() - 1, 1)).as("the bottleneck moved").isGreaterThan(0.0);
    }
}
