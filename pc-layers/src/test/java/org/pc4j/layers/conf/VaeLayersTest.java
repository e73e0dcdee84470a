package org.pc4j.layers.conf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.pc4j.testkit.NdAssertions.assertBitIdentical;
import static org.pc4j.testkit.NdAssertions.assertNotBitIdentical;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.pc4j.layers.energy.GaussianEnergy;
import org.pc4j.layers.energy.GaussianVarianceEnergy;
import org.pc4j.layers.noise.BatchNoise;

/** The VAE bottleneck: the reparameterisation layer and the Gaussian-variance energy (docs/algorithms.md §4). */
class VaeLayersTest {

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterAll
    static void restorePrecision() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    /** 6 -> tanh 5 -> (mean, log-variance) 2 x 2 -> sample 2 -> tanh 5 -> sigmoid 6 with binary cross-entropy. */
    static MultiLayerNetwork vae(double klWeight) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.DOUBLE).updater(new NoOp())
                .weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(6).nOut(5).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nIn(5).nOut(4).activation(Activation.IDENTITY).build())
                .layer(new GaussianSampling.Builder().latent(2).klWeight(klWeight).build())
                .layer(new DenseLayer.Builder().nIn(2).nOut(5).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunction.XENT).nIn(5).nOut(6).activation(Activation.SIGMOID).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    @Test
    void withItsNoiseHeldTheVaePassesAFiniteDifferenceGradientCheck() {
        MultiLayerNetwork net = vae(0.0); // DL4J's score has no KL term, so the check runs without it
        ((BatchNoise) net.getLayer(2)).holdNoise();
        INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 6);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x).labels(x)
                .epsilon(1e-6).maxRelError(1e-6).minAbsoluteError(1e-9));
        assertThat(ok).isTrue();
    }

    @Test
    void theKlTermAddsTheGradientOfTheStandardNormalPrior() {
        MultiLayerNetwork net = vae(0.7);
        org.deeplearning4j.nn.api.Layer sampling = net.getLayer(2);
        INDArray in = Nd4j.createFromArray(new double[][] {{0.3, -1.2, 0.5, -0.4}, {2.0, 0.1, -1.0, 0.8}});
        sampling.setInput(in, LayerWorkspaceMgr.noWorkspaces());
        sampling.activate(true, LayerWorkspaceMgr.noWorkspaces());
        INDArray eps = sampling.backpropGradient(Nd4j.zeros(DataType.DOUBLE, 2, 2), LayerWorkspaceMgr.noWorkspaces()).getSecond();
        INDArray u = in.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2));
        INDArray s = in.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 4));
        INDArray expected = Nd4j.hstack(u.mul(0.7), Transforms.exp(s, true).subi(1).muli(0.35));
        assertThat(eps.sub(expected).amaxNumber().doubleValue()).isLessThan(1e-15);
        // at inference the output is the mean
        assertBitIdentical(sampling.activate(false, LayerWorkspaceMgr.noWorkspaces()), u);
    }

    @Test
    void noiseIsOneDrawPerForwardPassUnlessHeld() {
        org.deeplearning4j.nn.api.Layer sampling = vae(1.0).getLayer(2);
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        sampling.setInput(Nd4j.zeros(DataType.DOUBLE, 3, 4), mgr);
        INDArray first = sampling.activate(true, mgr).dup();
        sampling.backpropGradient(Nd4j.zeros(DataType.DOUBLE, 3, 2), mgr);
        assertNotBitIdentical("a new draw after a backprop", sampling.activate(true, mgr), first);
        ((BatchNoise) sampling).holdNoise();
        INDArray held = sampling.activate(true, mgr).dup();
        sampling.backpropGradient(Nd4j.zeros(DataType.DOUBLE, 3, 2), mgr);
        assertBitIdentical("held for the batch", sampling.activate(true, mgr), held);
    }

    @Test
    void theGaussianVarianceEnergyIsTheKlOfTwoDiagonalGaussians() {
        GaussianVarianceEnergy e = GaussianVarianceEnergy.INSTANCE;
        INDArray x = Nd4j.createFromArray(new double[][] {{0.3, -1.0, 0.2, -0.5}, {1.1, 0.4, -0.3, 0.6}});
        INDArray mu = Nd4j.createFromArray(new double[][] {{0.1, -0.4, -0.1, 0.3}, {0.9, 1.0, 0.2, 0.0}});
        double expected = 0;
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < 2; i++) {
                double u = x.getDouble(b, i);
                double s = x.getDouble(b, i + 2);
                double uh = mu.getDouble(b, i);
                double sh = mu.getDouble(b, i + 2);
                expected += 0.5 * ((Math.exp(s) + (u - uh) * (u - uh)) / Math.exp(sh) + sh - s - 1);
            }
        }
        assertThat(e.value(x, mu)).isCloseTo(expected, within(1e-14));
        assertThat(e.value(mu, mu)).isCloseTo(0.0, within(1e-15));
        assertThat(e.gradientWrtValue(mu, mu).amaxNumber().doubleValue()).isLessThan(1e-15);
        double h = 1e-6;
        INDArray gx = e.gradientWrtValue(x, mu);
        INDArray gmu = e.gradientWrtPrediction(x, mu);
        for (int j = 0; j < 4; j++) {
            INDArray xp = x.dup().putScalar(1, j, x.getDouble(1, j) + h);
            INDArray xm = x.dup().putScalar(1, j, x.getDouble(1, j) - h);
            assertThat((e.value(xp, mu) - e.value(xm, mu)) / (2 * h)).isCloseTo(gx.getDouble(1, j), within(1e-7));
            INDArray mp = mu.dup().putScalar(0, j, mu.getDouble(0, j) + h);
            INDArray mm = mu.dup().putScalar(0, j, mu.getDouble(0, j) - h);
            assertThat((e.value(x, mp) - e.value(x, mm)) / (2 * h)).isCloseTo(gmu.getDouble(0, j), within(1e-7));
        }
    }

    /** [000] Eq.12: with unit variances on both sides the energy is the Gaussian energy of the means. */
    @Test
    void withUnitVariancesItReducesToTheGaussianEnergyOfTheMeans() {
        INDArray x = Nd4j.createFromArray(new double[][] {{0.3, -1.0, 0.0, 0.0}});
        INDArray mu = Nd4j.createFromArray(new double[][] {{0.1, -0.4, 0.0, 0.0}});
        double gaussian = GaussianEnergy.INSTANCE.value(x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2)), mu.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2)));
        assertThat(GaussianVarianceEnergy.INSTANCE.value(x, mu)).isCloseTo(gaussian, within(1e-15));
    }

    @Test
    void theSamplingLayerRoundTripsThroughJsonAndModelSerializer(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        MultiLayerNetwork net = vae(0.25);
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        MultiLayerConfiguration restored = MultiLayerConfiguration.fromJson(conf.toJson());
        assertThat(restored).isEqualTo(conf);
        assertThat(((GaussianSampling) restored.getConf(2).getLayer()).getKlWeight()).isEqualTo(0.25);
        java.io.File file = dir.resolve("vae.zip").toFile();
        org.deeplearning4j.util.ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork back = org.deeplearning4j.util.ModelSerializer.restoreMultiLayerNetwork(file);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 6);
        assertBitIdentical(back.params(), net.params());
        assertBitIdentical(back.output(x), net.output(x)); // inference uses the mean: deterministic
    }
}
