package org.pc4j.trainers.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@link Finite#all} against its definition, every element read through {@code getDouble} and tested with
 * {@code Double.isFinite}: on whole arrays of float32, float64 and float16 (where ND4J M2.1's own {@code isNaN} misses
 * NaN), views with an offset (a row, a block of rows: read from the view's first element), views that are not
 * contiguous (a column), both orders, NaN and both infinities at the first, a middle and the last element, and finite
 * values whose sum overflows.
 */
class FiniteTest {

    private static boolean definition(INDArray a) {
        if (!a.dataType().isFPType()) {
            return true;
        }
        for (long i = 0; i < a.length(); i++) {
            if (!Double.isFinite(a.getDouble(i))) {
                return false;
            }
        }
        return true;
    }

    private static void check(INDArray a, boolean expected) {
        assertThat(definition(a)).as("the fixture: %s", a).isEqualTo(expected);
        assertThat(Finite.all(a)).as("%s (%s, view %s, ews %s)", a, a.dataType(), a.isView(), a.elementWiseStride()).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE", "HALF"})
    void everyNonFiniteValueAnywhereIsFoundAndFiniteOnesAreNot(DataType type) {
        Random r = new Random(7);
        INDArray m = Nd4j.rand(type, 7, 33).subi(0.5);
        check(m, true);
        double[] bad = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (double v : bad) {
            for (long i : new long[] {0, 7 * 33 / 2 + r.nextInt(5), 7 * 33 - 1}) {
                INDArray c = m.dup();
                c.putScalar(i, v);
                check(c, false);
                check(c.dup('f'), false);
            }
        }
        double largest = type == DataType.HALF ? 60000.0 : type == DataType.FLOAT ? Float.MAX_VALUE : Double.MAX_VALUE;
        INDArray huge = Nd4j.valueArrayOf(new long[] {3, 5}, largest, type);
        assertThat(Double.isFinite(huge.sumNumber().doubleValue())).as("the sum overflows").isFalse();
        check(huge, true);
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void viewsAreReadFromTheirOwnFirstElementToTheirOwnLast(DataType type) {
        INDArray m = Nd4j.rand(type, 6, 5);
        m.putScalar(0, 0, Double.NaN);
        m.putScalar(5, 4, Double.POSITIVE_INFINITY);
        INDArray rows = m.get(NDArrayIndex.interval(1, 5), NDArrayIndex.all());
        assertThat(rows.isView()).isTrue();
        assertThat(rows.elementWiseStride()).as("contiguous: the fast path").isEqualTo(1);
        check(rows, true);
        check(m.getRow(3), true);
        INDArray column = m.getColumn(2);
        assertThat(column.elementWiseStride()).as("not contiguous: copied first").isNotEqualTo(1);
        check(column, true);
        check(m.getColumn(0), false);
        check(m.getColumn(4), false);
        m.putScalar(4, 4, Double.NaN);
        check(rows, false);
        m.putScalar(4, 4, 0.5);
        m.putScalar(1, 0, Double.NEGATIVE_INFINITY);
        check(rows, false);
    }

    /**
     * An array long enough to be read in parts on every core: a bad value in any part, at either side of a part's or a
     * heap chunk's boundary (1,024 elements), or in the last element, is found.
     */
    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void aLongArrayReadInPartsFindsABadValueInEveryPart(DataType type) {
        int n = 3 * Parts.MIN + 3;
        assertThat(Parts.of(n)).as("the fixture is split").isGreaterThan(1);
        INDArray a = Nd4j.rand(type, n);
        check(a, true);
        for (long i : new long[] {0, 1023, 1024, 2047, Parts.MIN + 1, n / 2 - 1, n / 2, n - 2, n - 1}) {
            INDArray c = a.dup();
            c.putScalar(i, Double.NaN);
            check(c, false);
            c.putScalar(i, Double.NEGATIVE_INFINITY);
            check(c, false);
        }
    }

    @org.junit.jupiter.api.Test
    void nullIntegerAndEmptyArraysAreFinite() {
        assertThat(Finite.all(null)).isTrue();
        assertThat(Finite.all(Nd4j.createFromArray(1, 2, 3))).isTrue();
        assertThat(Finite.all(Nd4j.empty(DataType.FLOAT))).isTrue();
    }
}
