package org.pc4j.layers.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.pc4j.testkit.NdAssertions.assertBitIdentical;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The precision-weighted Gaussian energy (docs/algorithms.md §4): closed forms, finite differences, and the variance M-step. */
class PrecisionWeightedEnergyTest {

    private final INDArray x = Nd4j.createFromArray(new double[][] {{1.0, -2.0, 0.5}, {0.0, 3.0, -1.0}});
    private final INDArray mu = Nd4j.createFromArray(new double[][] {{0.5, -1.0, 0.5}, {1.0, 1.0, 0.0}});

    @Test
    void perFeatureVariancesWeightTheSquaredErrors() {
        PrecisionWeightedEnergy e = PrecisionWeightedEnergy.fixedVariances(0.5, 2.0, 4.0);
        // errors (0.5, -1, 0), (-1, 2, -1): 1/2 * [(0.25 + 1)/0.5 + (1 + 4)/2 + (0 + 1)/4] = 1/2 * (2.5 + 2.5 + 0.25)
        assertThat(e.value(x, mu)).isCloseTo(2.625, within(1e-15));
        INDArray expected = Nd4j.createFromArray(new double[][] {{1.0, -0.5, 0.0}, {-2.0, 1.0, -0.25}});
        assertThat(e.gradientWrtValue(x, mu).sub(expected).amaxNumber().doubleValue()).isLessThan(1e-15);
        assertThat(e.gradientWrtPrediction(x, mu).add(expected).amaxNumber().doubleValue()).isLessThan(1e-15);
    }

    @Test
    void gradientsMatchFiniteDifferencesOnAFourDimensionalNode() {
        Random r = new Random(1);
        INDArray a = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 2, 3, 2, 2);
        INDArray b = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 2, 3, 2, 2);
        PrecisionWeightedEnergy e = PrecisionWeightedEnergy.fixedVariances(0.3, 1.7, 2.2);
        INDArray g = e.gradientWrtValue(a, b);
        double h = 1e-6;
        for (int i = 0; i < 5; i++) {
            long[] at = {r.nextInt(2), r.nextInt(3), r.nextInt(2), r.nextInt(2)};
            INDArray p = a.dup();
            p.putScalar(at, a.getDouble(at) + h);
            INDArray m = a.dup();
            m.putScalar(at, a.getDouble(at) - h);
            assertThat((e.value(p, b) - e.value(m, b)) / (2 * h)).isCloseTo(g.getDouble(at), within(1e-7));
        }
    }

    @Test
    void precisionOneIsTheGaussianEnergy() {
        PrecisionWeightedEnergy e = PrecisionWeightedEnergy.fixedPrecision(1.0);
        assertThat(e.value(x, mu)).isCloseTo(GaussianEnergy.INSTANCE.value(x, mu), within(1e-14));
        assertBitIdentical(e.gradientWrtValue(x, mu), GaussianEnergy.INSTANCE.gradientWrtValue(x, mu));
    }

    @Test
    void learnableVariancesConvergeToTheMeanSquaredError() {
        PrecisionWeightedEnergy e = PrecisionWeightedEnergy.learnable(2, 0.01);
        Random r = new Random(2);
        for (int step = 0; step < 2000; step++) {
            double[][] err = new double[64][2];
            for (int i = 0; i < 64; i++) {
                err[i][0] = 0.5 * r.nextGaussian();
                err[i][1] = 2.0 * r.nextGaussian();
            }
            e.learn(Nd4j.createFromArray(err));
        }
        assertThat(e.variances()[0]).isCloseTo(0.25, within(0.03));
        assertThat(e.variances()[1]).isCloseTo(4.0, within(0.4));
        PrecisionWeightedEnergy fixed = PrecisionWeightedEnergy.fixedPrecision(2.0);
        fixed.learn(Nd4j.ones(3, 1));
        assertThat(fixed.variances()).containsExactly(0.5);
    }

    @Test
    void invalidVariancesAndMismatchedNodesAreRejected() {
        assertThatThrownBy(() -> PrecisionWeightedEnergy.fixedVariances(1.0, 0.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PrecisionWeightedEnergy.fixedPrecision(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PrecisionWeightedEnergy.learnable(3, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PrecisionWeightedEnergy.learnable(3, 1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PrecisionWeightedEnergy.fixedVariances(1, 2).value(x, mu))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 variances");
    }
}
