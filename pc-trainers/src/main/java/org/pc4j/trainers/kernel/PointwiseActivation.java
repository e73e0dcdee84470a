package org.pc4j.trainers.kernel;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;

/**
 * The elementwise activations pc4j's kernel paths compute in Java, with their derivatives in terms of the input
 * {@code z} and the output {@code mu = f(z)}. Internal to pc4j: not an API for users.
 */
public enum PointwiseActivation {
    TANH, SIGMOID, RELU, IDENTITY;

    /** Below this {@code |z|}, tanh is its odd Taylor series (to {@code z^11}), above it {@code (1 - e^-2|z|) / (1 + e^-2|z|)}. */
    private static final double TANH_SERIES_LIMIT = 0.0625;
    /** From this {@code |z|} on, tanh is +-1 in double (1 - tanh(22) is about 1.6e-19). */
    private static final double TANH_SATURATION = 22;
    /** {@code 64 / ln 2}. */
    private static final double EXP_SCALE = 64 / Math.log(2);
    /** {@code ln2 / 64} in two parts: fdlibm's {@code ln2_hi} and {@code ln2_lo}, divided by 64 (exact: a power of two). */
    private static final double EXP_STEP_HI = 6.93147180369123816490e-01 / 64;
    private static final double EXP_STEP_LO = 1.90821492927058770002e-10 / 64;
    /** {@code 2^(j/64)}, j = 0..63. */
    private static final double[] EXP_TABLE = new double[64];

    static {
        for (int j = 0; j < 64; j++) {
            EXP_TABLE[j] = Math.pow(2, j / 64.0);
        }
    }

    /** @return {@code f(z)} */
    public double apply(double z) {
        return switch (this) {
            case TANH -> tanh(z);
            case SIGMOID -> 1 / (1 + Math.exp(-z));
            case RELU -> z > 0 ? z : 0;
            case IDENTITY -> z;
        };
    }

    /** @return {@code f'(z)}, given {@code mu = f(z)} */
    public double derivative(double z, double mu) {
        return switch (this) {
            case TANH -> 1 - mu * mu;
            case SIGMOID -> mu * (1 - mu);
            case RELU -> z > 0 ? 1 : 0;
            case IDENTITY -> 1;
        };
    }

    /**
     * tanh within 2e-15 relative of the exact value at every {@code z} (measured against {@link Math#tanh} on a grid of
     * 18 million points in [-30, 30], {@code PointwiseActivationTest}), with no branch on the sign: below
     * {@code |z| = 1/16} the odd Taylor series to {@code z^11} (first omitted term below 2e-17 relative); above it
     * {@code (1 - e) / (1 + e)} with {@code e = e^-2|z|} from {@link #expNonPositive}, the sign put back by
     * {@link Math#copySign}; from {@code |z| = 22}, where the exact value rounds to 1, exactly +-1. About 1.7 times as
     * fast as with {@link Math#exp} and a branch on the sign (8 against 13.5 ns an element in a loop over Gaussian
     * inputs, half of them negative, whose sign branch the processor cannot predict). NaN gives NaN.
     */
    static double tanh(double z) {
        double a = Math.abs(z);
        if (a < TANH_SERIES_LIMIT) {
            double z2 = z * z;
            return z * (1 + z2 * (-1.0 / 3 + z2 * (2.0 / 15 + z2 * (-17.0 / 315 + z2 * (62.0 / 2835 + z2 * (-1382.0 / 155925))))));
        }
        if (!(a < TANH_SATURATION)) {
            return Double.isNaN(z) ? z : Math.copySign(1.0, z);
        }
        double e = expNonPositive(-2 * a);
        return Math.copySign((1 - e) / (1 + e), z);
    }

    /**
     * {@code e^y} for {@code -44 <= y <= 0}, within 4e-16 relative: {@code y = k ln2 / 64 + r} with {@code |r| <= ln2 / 128}
     * ({@code ln2 / 64} split in two parts, as fdlibm splits {@code ln2}, so that {@code r} is exact to double rounding),
     * {@code e^y = 2^(k >> 6) 2^((k & 63) / 64) e^r}, the middle factor from a table and {@code e^r} its Taylor series to
     * {@code r^6} (first omitted term below 1e-19).
     */
    static double expNonPositive(double y) {
        long k = (long) (y * EXP_SCALE - 0.5);
        double r = (y - k * EXP_STEP_HI) - k * EXP_STEP_LO;
        double p = 1.0 / 720;
        p = p * r + 1.0 / 120;
        p = p * r + 1.0 / 24;
        p = p * r + 1.0 / 6;
        p = p * r + 0.5;
        p = p * r + 1.0;
        p = p * r + 1.0;
        return p * EXP_TABLE[(int) (k & 63)] * Double.longBitsToDouble(((k >> 6) + 1023) << 52);
    }

    /** |z| at which {@link #tanh(float[], float[], int)} clamps its input (beyond it the rational is past its fit). */
    private static final float TANH32_CLAMP = 7.90531110763549805f;
    /** The numerator's coefficients of x^0 ... x^12 (in x^2), its constant term equal to the denominator's. */
    private static final float TANH32_P0 = 4.89352518554385e-03f;
    private static final float TANH32_P2 = 6.37261928875436e-04f;
    private static final float TANH32_P4 = 1.48572235717979e-05f;
    private static final float TANH32_P6 = 5.12229709037114e-08f;
    private static final float TANH32_P8 = -8.60467152213735e-11f;
    private static final float TANH32_P10 = 2.00018790482477e-13f;
    private static final float TANH32_P12 = -2.76076847742355e-16f;
    /** The denominator's coefficients of x^0 ... x^6 (in x^2). */
    private static final float TANH32_Q0 = 4.89352518554385e-03f;
    private static final float TANH32_Q2 = 2.26843463243900e-03f;
    private static final float TANH32_Q4 = 1.18534705686654e-04f;
    private static final float TANH32_Q6 = 1.19825839466702e-06f;

    /**
     * {@code out[i] = tanh(z[i])} for {@code i < n} in float arithmetic, for float32 networks: {@code x} is {@code z}
     * clamped to {@code +-7.905}, and {@code tanh(x) ~ x P(x^2) / Q(x^2)} with {@code P} of degree 6 and {@code Q} of
     * degree 3 in {@code x^2} (the minimax rational of Eigen's float tanh, {@code generic_fast_tanh_float}, with
     * {@code P}'s constant term set to {@code Q}'s so that the ratio is exactly 1 at 0), evaluated as {@code x (P / Q)}
     * so that tiny and subnormal inputs keep their precision. No branch and no table: the JIT turns the loop into vector
     * instructions (about 0.4 ns an element here, against 8 ns for the double {@link #tanh(double)}). Accuracy, measured
     * against {@code (float) Math.tanh} over every third float in [0, 12] ({@code PointwiseActivationTest} samples
     * them): exact below {@code |z| = 1e-4}, within 4 float ulps below 2, 7 ulps (4e-7) near 5.8, exactly +-1 from
     * 9.1 on; odd; NaN gives NaN. ND4J's own float32 tanh, which the general path and DL4J use, was off by up to
     * 470,000 ulps (near 0) on 20 million Gaussian inputs, where this was within 7.
     */
    public static void tanh(float[] z, float[] out, int n) {
        for (int i = 0; i < n; i++) {
            float x = Math.max(Math.min(z[i], TANH32_CLAMP), -TANH32_CLAMP);
            float x2 = x * x;
            float p = x2 * TANH32_P12 + TANH32_P10;
            p = x2 * p + TANH32_P8;
            p = x2 * p + TANH32_P6;
            p = x2 * p + TANH32_P4;
            p = x2 * p + TANH32_P2;
            p = x2 * p + TANH32_P0;
            float q = x2 * TANH32_Q6 + TANH32_Q4;
            q = x2 * q + TANH32_Q2;
            q = x2 * q + TANH32_Q0;
            out[i] = x * (p / q);
        }
    }

    /** @return the activation of a DL4J activation function, or null if the kernels do not compute it */
    public static PointwiseActivation of(IActivation a) {
        if (a instanceof ActivationTanH) {
            return TANH;
        }
        if (a instanceof ActivationSigmoid) {
            return SIGMOID;
        }
        if (a instanceof ActivationReLU r && "relu".equals(r.toString())) {
            return RELU;
        }
        if (a instanceof ActivationIdentity) {
            return IDENTITY;
        }
        return null;
    }
}
