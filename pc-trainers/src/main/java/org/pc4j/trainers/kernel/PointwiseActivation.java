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
