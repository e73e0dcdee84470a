package org.pc4j.testkit;

import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Assertions on INDArrays that say what they check. {@code INDArray.equals} (and so AssertJ's {@code isEqualTo} and
 * JUnit's {@code assertEquals} on INDArrays) compares with ND4J's tolerance of 1e-5, which cannot back a claim of
 * exactness; pc4j's tests use these instead, and the compiler check {@link IndArrayEqualityCheck} refuses the others.
 *
 * <ul>
 *   <li>{@link #assertBitIdentical}: the same shape, the same data type and every element equal as IEEE-754 numbers
 *       (no tolerance; {@code 0.0 == -0.0}, and NaN matches NaN): "exactly", "bit for bit", "nothing changed";</li>
 *   <li>{@link #assertNotBitIdentical}: some difference, however small ("it moved");</li>
 *   <li>{@link #assertAllClose}: the same shape and {@code |a - e| <= atol + rtol |e|} for every element (NumPy's
 *       {@code allclose}), NaN nowhere: a numerical agreement with its tolerance stated.</li>
 * </ul>
 */
public final class NdAssertions {

    private NdAssertions() {
    }

    /** As {@link #assertBitIdentical(String, INDArray, INDArray)} with no description. */
    public static void assertBitIdentical(INDArray actual, INDArray expected) {
        assertBitIdentical("", actual, expected);
    }

    /**
     * Asserts {@code actual} is {@code expected} bit for bit: shape, data type and every element.
     *
     * @param what a description for the failure message (may be empty)
     * @throws AssertionError naming the first element that differs, how many differ and the largest difference
     */
    public static void assertBitIdentical(String what, INDArray actual, INDArray expected) {
        checkShape(what, actual, expected);
        if (actual.dataType() != expected.dataType()) {
            throw new AssertionError(prefix(what) + "data type " + actual.dataType() + ", expected " + expected.dataType());
        }
        if (actual.dataType().isIntType() || actual.dataType() == DataType.BOOL) {
            long[] a = flat(actual).data().asLong();
            long[] e = flat(expected).data().asLong();
            for (int i = 0; i < a.length; i++) {
                if (a[i] != e[i]) {
                    throw new AssertionError(prefix(what) + "element " + index(actual, i) + " is " + a[i] + ", expected " + e[i]);
                }
            }
            return;
        }
        double[] a = flat(actual).data().asDouble();
        double[] e = flat(expected).data().asDouble();
        int first = -1;
        int count = 0;
        double largest = 0;
        for (int i = 0; i < a.length; i++) {
            if (!(a[i] == e[i] || Double.isNaN(a[i]) && Double.isNaN(e[i]))) {
                if (first < 0) {
                    first = i;
                }
                count++;
                double d = Math.abs(a[i] - e[i]);
                largest = Double.isNaN(d) ? d : Math.max(largest, d);
            }
        }
        if (first >= 0) {
            throw new AssertionError(String.format(Locale.ROOT, "%snot bit-identical: %d of %d elements differ; the first, at %s, is %s, "
                    + "expected %s; largest difference %s", prefix(what), count, a.length, index(actual, first),
                    repr(a[first]), repr(e[first]), largest));
        }
    }

    /** As {@link #assertNotBitIdentical(String, INDArray, INDArray)} with no description. */
    public static void assertNotBitIdentical(INDArray actual, INDArray other) {
        assertNotBitIdentical("", actual, other);
    }

    /**
     * Asserts {@code actual} differs from {@code other} in shape, data type or at least one element ("it moved").
     *
     * @throws AssertionError if the two are bit-identical
     */
    public static void assertNotBitIdentical(String what, INDArray actual, INDArray other) {
        try {
            assertBitIdentical(what, actual, other);
        } catch (AssertionError expected) {
            return;
        }
        throw new AssertionError(prefix(what) + "bit-identical to the array it must differ from");
    }

    /** As {@link #assertAllClose(String, INDArray, INDArray, double, double)} with no description. */
    public static void assertAllClose(INDArray actual, INDArray expected, double rtol, double atol) {
        assertAllClose("", actual, expected, rtol, atol);
    }

    /**
     * Asserts {@code |actual - expected| <= atol + rtol |expected|} element-wise, with equal shapes (data types may
     * differ) and no NaN on either side.
     *
     * @throws IllegalArgumentException if a tolerance is negative or NaN
     * @throws AssertionError           naming the worst element, its difference and the bound it broke
     */
    public static void assertAllClose(String what, INDArray actual, INDArray expected, double rtol, double atol) {
        if (!(rtol >= 0) || !(atol >= 0)) {
            throw new IllegalArgumentException("tolerances must be >= 0, got rtol " + rtol + ", atol " + atol);
        }
        checkShape(what, actual, expected);
        double[] a = flat(actual).data().asDouble();
        double[] e = flat(expected).data().asDouble();
        int worst = -1;
        double worstExcess = 0;
        int count = 0;
        for (int i = 0; i < a.length; i++) {
            double bound = atol + rtol * Math.abs(e[i]);
            double d = Math.abs(a[i] - e[i]);
            if (Double.isNaN(d) || d > bound) {
                count++;
                double excess = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d - bound;
                if (worst < 0 || excess > worstExcess) {
                    worst = i;
                    worstExcess = excess;
                }
            }
        }
        if (worst >= 0) {
            throw new AssertionError(String.format(Locale.ROOT, "%snot close (rtol %s, atol %s): %d of %d elements; the worst, at %s, "
                    + "is %s, expected %s (difference %s)", prefix(what), rtol, atol, count, a.length, index(actual, worst),
                    repr(a[worst]), repr(e[worst]), Math.abs(a[worst] - e[worst])));
        }
    }

    private static void checkShape(String what, INDArray actual, INDArray expected) {
        if (actual == null || expected == null) {
            if (actual != expected) {
                throw new AssertionError(prefix(what) + (actual == null ? "null, expected an array" : "an array, expected null"));
            }
            throw new AssertionError(prefix(what) + "both null: nothing compared");
        }
        if (!Arrays.equals(actual.shape(), expected.shape())) {
            throw new AssertionError(prefix(what) + "shape " + Arrays.toString(actual.shape()) + ", expected "
                    + Arrays.toString(expected.shape()));
        }
    }

    /** @return the array's elements in C order, in an array of their own */
    private static INDArray flat(INDArray x) {
        return x.dup('c');
    }

    private static String index(INDArray x, int flatIndex) {
        long[] shape = x.shape();
        long[] idx = new long[shape.length];
        long rest = flatIndex;
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = shape[d] == 0 ? 0 : rest % shape[d];
            rest = shape[d] == 0 ? 0 : rest / shape[d];
        }
        return Arrays.toString(idx);
    }

    private static String repr(double v) {
        return Double.toString(v);
    }

    private static String prefix(String what) {
        return what == null || what.isEmpty() ? "" : what + ": ";
    }
}
