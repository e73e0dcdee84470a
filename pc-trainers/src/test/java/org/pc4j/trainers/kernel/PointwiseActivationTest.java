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

    private static float tanh32(float z) {
        float[] out = new float[1];
        PointwiseActivation.tanh(new float[] {z}, out, 1);
        return out[0];
    }

    private static long ulps(float a, float b) {
        return Math.abs((long) Float.floatToIntBits(a) - Float.floatToIntBits(b));
    }

    /**
     * The float32 tanh against {@code (float) Math.tanh} (the correctly rounded value but for rare double roundings) on
     * every 61st float from 0 to 12 and its negative: exact below 1e-4, within 4 ulps below 2, 7 ulps everywhere, odd;
     * the same through the vector loop (an array of 4,099 inputs) as one at a time.
     */
    @Test
    void theFloat32TanhIsWithinSevenUlpsOfTanhExactNearZeroAndOdd() {
        long worstSmall = 0;
        long worstMid = 0;
        long worst = 0;
        for (int bits = 0; bits <= Float.floatToIntBits(12f); bits += 61) {
            float z = Float.intBitsToFloat(bits);
            float t = tanh32(z);
            long d = ulps(t, (float) Math.tanh(z));
            if (z < 1e-4f) {
                worstSmall = Math.max(worstSmall, d);
            } else if (z < 2) {
                worstMid = Math.max(worstMid, d);
            }
            worst = Math.max(worst, d);
            assertThat(tanh32(-z)).as("odd at %s", z).isEqualTo(-t);
        }
        assertThat(worstSmall).as("below 1e-4").isZero();
        assertThat(worstMid).as("from 1e-4 to 2").isLessThanOrEqualTo(4);
        assertThat(worst).as("everywhere").isLessThanOrEqualTo(7).isPositive();
        java.util.Random r = new java.util.Random(5);
        float[] z = new float[4099];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) (r.nextGaussian() * 3);
        }
        float[] out = new float[z.length];
        PointwiseActivation.tanh(z, out, z.length);
        for (int i = 0; i < z.length; i++) {
            assertThat(out[i]).as("element %d", i).isEqualTo(tanh32(z[i]));
        }
    }

    @Test
    void theFloat32TanhSaturatesToPlusOrMinusOneKeepsMinusZeroAndGivesNaNForNaN() {
        for (float z : new float[] {9.1f, 10f, 88f, Float.MAX_VALUE, Float.POSITIVE_INFINITY}) {
            assertThat(tanh32(z)).as("%s", z).isEqualTo(1f);
            assertThat(tanh32(-z)).as("%s", -z).isEqualTo(-1f);
        }
        assertThat(Float.floatToRawIntBits(tanh32(-0f))).isEqualTo(Float.floatToRawIntBits(-0f));
        assertThat(tanh32(Float.MIN_VALUE)).isEqualTo(Float.MIN_VALUE);
        assertThat(tanh32(Float.NaN)).isNaN();
    }
}
