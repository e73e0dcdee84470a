package org.pc4j.trainers.updater;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;
import static org.pc4j.testkit.NdAssertions.assertBitIdentical;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nadam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * DL4J's Nadam against the closed forms: what ND4J 1.0.0-M2.1 computes (documented as a discrepancy from Dozat's
 * Nadam), and what {@link NadamBiasCorrection} turns it into.
 */
class NadamBiasCorrectionTest {

    private static final double B1 = Nadam.DEFAULT_NADAM_BETA1_MEAN_DECAY;
    private static final double B2 = Nadam.DEFAULT_NADAM_BETA2_VAR_DECAY;
    private static final double EPS = Nadam.DEFAULT_NADAM_EPSILON;
    private static final double[] GRADIENTS = {0.3, -0.1, 0.5, 0.2, 0.7, -0.4, 1e-4, 2.5};

    /** @return the update DL4J's updater computes for each gradient of the sequence, applied to one weight. */
    private static double[] updates(IUpdater config, double[] gradients) {
        INDArray state = Nd4j.zeros(DataType.DOUBLE, 1, config.stateSize(1));
        GradientUpdater<?> updater = config.instantiate(state, true);
        double[] out = new double[gradients.length];
        for (int t = 0; t < gradients.length; t++) {
            INDArray g = Nd4j.createFromArray(new double[] {gradients[t]}).reshape(1, 1);
            updater.applyUpdater(g, t, 0);
            out[t] = g.getDouble(0);
        }
        return out;
    }

    /**
     * ND4J's Nadam at iteration t-1: lr (b1 m + (1 - b1) g) / (1 - b1^t) / (sqrt(v) + eps), with v not bias-corrected.
     * With a rate schedule {@code lr(t-1)}.
     */
    private static double[] nd4jNadam(java.util.function.IntToDoubleFunction lr, double[] gradients) {
        double m = 0;
        double v = 0;
        double[] out = new double[gradients.length];
        for (int i = 0; i < gradients.length; i++) {
            int t = i + 1;
            m = B1 * m + (1 - B1) * gradients[i];
            v = B2 * v + (1 - B2) * gradients[i] * gradients[i];
            out[i] = lr.applyAsDouble(i) * (B1 * m + (1 - B1) * gradients[i]) / (1 - Math.pow(B1, t)) / (Math.sqrt(v) + EPS);
        }
        return out;
    }

    @Test
    void dl4jNadamDividesByTheUncorrectedSecondMoment() {
        double lr = 1e-3;
        double[] got = updates(new Nadam(lr), GRADIENTS);
        double[] expected = nd4jNadam(i -> lr, GRADIENTS);
        for (int t = 0; t < GRADIENTS.length; t++) {
            assertThat(got[t]).as("iteration %d", t).isCloseTo(expected[t], within(1e-12 * Math.abs(expected[t]) + 1e-18));
        }
    }

    @Test
    void dl4jNadamsFirstStepIsSixtyLearningRatesWhateverTheGradient() {
        // (b1 * 0.1 g + 0.1 g) / 0.1 / sqrt(0.001 g^2) = 1.9 / sqrt(0.001) = 60.08 for any g != 0 (eps aside)
        for (double g : new double[] {1e-3, 0.5, -20}) {
            double step = updates(new Nadam(1e-3), new double[] {g})[0];
            assertThat(Math.abs(step) / 1e-3).as("gradient %s", g).isCloseTo(1.9 / Math.sqrt(1 - B2), withinPercentage(0.1));
            assertThat(Math.signum(step)).isEqualTo(Math.signum(g));
        }
    }

    @Test
    void correctionMultipliesEveryStepBySqrtOfOneMinusBeta2PowerT() {
        double lr = 1e-3;
        double[] got = updates(NadamBiasCorrection.nadam(lr), GRADIENTS);
        double[] expected = nd4jNadam(i -> lr * Math.sqrt(1 - Math.pow(B2, i + 1)), GRADIENTS);
        for (int t = 0; t < GRADIENTS.length; t++) {
            assertThat(got[t]).as("iteration %d", t).isCloseTo(expected[t], within(1e-12 * Math.abs(expected[t]) + 1e-18));
        }
        // the first step is now 1.9 lr (Dozat's Nadam: 1.47 lr, the remaining momentum-correction difference)
        assertThat(Math.abs(got[0]) / lr).isCloseTo(1.9, within(1e-4));
    }

    @Test
    void correctionWrapsAScheduleAndUsesItsBeta2() {
        ExponentialSchedule base = new ExponentialSchedule(ScheduleType.ITERATION, 1e-2, 0.5);
        NadamBiasCorrection c = new NadamBiasCorrection(base, 0.99);
        for (int t = 0; t < 5; t++) {
            assertThat(c.valueAt(t, 0)).isCloseTo(1e-2 * Math.pow(0.5, t) * Math.sqrt(1 - Math.pow(0.99, t + 1)), within(1e-15));
        }
        assertThat(c.clone()).isEqualTo(c).isNotSameAs(c);
    }

    @Test
    void invalidRatesAndDecaysAreRejected() {
        for (double lr : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> new NadamBiasCorrection(lr, 0.999)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("learningRate");
        }
        for (double b2 : new double[] {0, 1, -0.5, 1.5, Double.NaN}) {
            assertThatThrownBy(() -> new NadamBiasCorrection(1e-3, b2)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("beta2");
        }
        assertThatThrownBy(() -> new NadamBiasCorrection(null, 0.999)).isInstanceOf(NullPointerException.class);
    }

    private static MultiLayerNetwork net(IUpdater updater) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE).updater(updater)
                .list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(3).build())
                .layer(new OutputLayer.Builder(LossFunction.MSE).nIn(3).nOut(2).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    @Test
    void survivesTheNetworksJsonAndModelSerializer() throws Exception {
        MultiLayerNetwork net = net(Nadam.builder().learningRateSchedule(
                new NadamBiasCorrection(new ExponentialSchedule(ScheduleType.ITERATION, 1e-2, 0.9), 0.999)).build());
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(net.getLayerWiseConfigurations().toJson());
        IUpdater updater = ((BaseLayer) back.getConf(0).getLayer()).getIUpdater();
        assertThat(((Nadam) updater).getLearningRateSchedule()).isEqualTo(
                ((Nadam) ((BaseLayer) net.getLayerWiseConfigurations().getConf(0).getLayer()).getIUpdater()).getLearningRateSchedule());

        net.fit(Nd4j.rand(DataType.DOUBLE, 5, 4), Nd4j.rand(DataType.DOUBLE, 5, 2));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, bytes, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes.toByteArray()), true);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 5, 4);
        INDArray y = Nd4j.rand(DataType.DOUBLE, 5, 2);
        net.fit(x, y);
        restored.fit(x, y);
        assertBitIdentical(restored.params(), net.params());
    }

    @Test
    void recognisesOnlyCorrectedNadams() {
        assertThat(NadamBiasCorrection.isCorrected(NadamBiasCorrection.nadam(1e-3))).isTrue();
        assertThat(NadamBiasCorrection.isCorrected(new Nadam())).isFalse();
    }
}
