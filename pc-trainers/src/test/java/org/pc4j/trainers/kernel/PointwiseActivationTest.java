package org.pc4j.trainers.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The kernels' own tanh and exponential against the JDK's ({@link Math#tanh}, {@link Math#exp}: within 1 ulp of the
 * exact values): relative error on dense grids, the series' edge, saturation, and the special values.
 */
class PointwiseActivationTest {

    @Test
    void tanhIsWithin2e15RelativeOfMathTanhFromMinus30To30() {
        double worst = 0;
        for (double z = -30; z <= 30; z += 3.3e-6) {
            double exact = Math.tanh(z);
            worst = Math.max(worst, Math.abs(PointwiseActivation.tanh(z) - exact) / Math.abs(exact));
        }
        assertThat(worst).isLessThan(2e-15);
    }

    @Test
    void tanhIsWithin2e15RelativeAroundTheSeriesEdgeAndNearZero() {
        for (double z : new double[] {0.0625, Math.nextDown(0.0625), Math.nextUp(0.0625), -0.0625, 1e-300, -1e-10, 0.03, 21.99, -21.99}) {
            double exact = Math.tanh(z);
            assertThat(Math.abs(PointwiseActivation.tanh(z) - exact)).as("tanh(%s)", z).isLessThanOrEqualTo(2e-15 * Math.abs(exact));
        }
    }

    @Test
    void tanhSaturatesToPlusOrMinusOneKeepsTheSignOfZeroAndGivesNaNForNaN() {
        assertThat(PointwiseActivation.tanh(22)).isEqualTo(1.0);
        assertThat(PointwiseActivation.tanh(-1e300)).isEqualTo(-1.0);
        assertThat(PointwiseActivation.tanh(Double.POSITIVE_INFINITY)).isEqualTo(1.0);
        assertThat(PointwiseActivation.tanh(Double.NEGATIVE_INFINITY)).isEqualTo(-1.0);
        assertThat(1 / PointwiseActivation.tanh(-0.0)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(PointwiseActivation.tanh(Double.NaN)).isNaN();
        assertThat(PointwiseActivation.TANH.apply(-3.0)).isEqualTo(PointwiseActivation.tanh(-3.0));
    }

    @Test
    void theExponentialIsWithin4e16RelativeOfMathExpFromMinus44To0() {
        double worst = 0;
        for (double y = -44; y <= 0; y += 1.1e-6) {
            double exact = Math.exp(y);
            worst = Math.max(worst, Math.abs(PointwiseActivation.expNonPositive(y) - exact) / exact);
        }
        assertThat(worst).isLessThan(4e-16);
        assertThat(PointwiseActivation.expNonPositive(0)).isEqualTo(1.0);
    }
}
