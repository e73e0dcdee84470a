package org.pc4j.testkit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pc4j.testkit.NdAssertions.assertAllClose;
import static org.pc4j.testkit.NdAssertions.assertBitIdentical;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NdAssertionsTest {

    private static INDArray matrix() {
        return Nd4j.createFromArray(new double[][] {{1.5, -2.0, 3.25}, {0.0, 1e-12, -7.0}});
    }

    @Test
    void bitIdenticalAcceptsTheSameValuesInAViewOrAnotherOrder() {
        INDArray m = matrix();
        assertThatCode(() -> assertBitIdentical(m.dup('f'), m)).doesNotThrowAnyException();
        INDArray big = Nd4j.zeros(DataType.DOUBLE, 4, 5);
        big.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 3), org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 5)).assign(m);
        assertThatCode(() -> assertBitIdentical(big.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 3),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 5)), m)).doesNotThrowAnyException();
    }

    @Test
    void bitIdenticalRefusesOneUlpThatNd4jsEqualsAccepts() {
        INDArray m = matrix();
        INDArray off = m.dup();
        off.putScalar(1, 2, Math.nextUp(-7.0));
        org.assertj.core.api.Assertions.assertThat(off.equals(m)).as("ND4J's equals tolerates it").isTrue();
        assertThatThrownBy(() -> assertBitIdentical("w", off, m)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("w: not bit-identical: 1 of 6 elements differ").hasMessageContaining("[1, 2]");
    }

    @Test
    void notBitIdenticalNeedsSomeDifference() {
        INDArray m = matrix();
        INDArray off = m.dup();
        off.putScalar(0, 0, Math.nextUp(1.5));
        assertThatCode(() -> NdAssertions.assertNotBitIdentical(off, m)).doesNotThrowAnyException();
        assertThatThrownBy(() -> NdAssertions.assertNotBitIdentical("w", m.dup(), m)).hasMessageContaining("w: bit-identical");
    }

    @Test
    void bitIdenticalComparesAsNumbersAndComparesDataTypesAndShapes() {
        INDArray m = matrix();
        INDArray negZero = m.dup();
        negZero.putScalar(1, 0, -0.0);
        assertThatCode(() -> assertBitIdentical(negZero, m)).as("0.0 == -0.0").doesNotThrowAnyException();
        INDArray nan = m.dup();
        nan.putScalar(0, 0, Double.NaN);
        assertThatCode(() -> assertBitIdentical(nan, nan.dup())).as("NaN where the other has NaN").doesNotThrowAnyException();
        assertThatThrownBy(() -> assertBitIdentical(nan, m)).hasMessageContaining("[0, 0]");
        assertThatThrownBy(() -> assertBitIdentical(m.castTo(DataType.FLOAT), m)).hasMessageContaining("data type FLOAT, expected DOUBLE");
        assertThatThrownBy(() -> assertBitIdentical(m.reshape(3, 2), m)).hasMessageContaining("shape [3, 2], expected [2, 3]");
        assertThatThrownBy(() -> assertBitIdentical(null, m)).hasMessageContaining("null, expected an array");
    }

    @Test
    void bitIdenticalComparesIntegerArraysExactly() {
        INDArray a = Nd4j.createFromArray(1L << 53, 3L);
        INDArray b = Nd4j.createFromArray((1L << 53) + 1, 3L);
        assertThatThrownBy(() -> assertBitIdentical(b, a)).hasMessageContaining("element [0]");
    }

    @Test
    void allCloseUsesAbsolutePlusRelativeBounds() {
        INDArray m = matrix();
        INDArray near = m.add(1e-9);
        assertThatCode(() -> assertAllClose(near, m, 0, 1.01e-9)).doesNotThrowAnyException();
        assertThatThrownBy(() -> assertAllClose(near, m, 0, 0.99e-9)).hasMessageContaining("6 of 6 elements");
        INDArray scaled = m.mul(1 + 1e-6);
        assertThatCode(() -> assertAllClose(scaled, m, 1.01e-6, 0)).doesNotThrowAnyException();
        assertThatThrownBy(() -> assertAllClose(scaled, m, 0.99e-6, 0)).hasMessageContaining("the worst, at [1, 2]");
    }

    @Test
    void allCloseRefusesNaNAndBadTolerances() {
        INDArray m = matrix();
        INDArray nan = m.dup();
        nan.putScalar(0, 1, Double.NaN);
        assertThatThrownBy(() -> assertAllClose(nan, m, 1, 1)).hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> assertAllClose(m, m, -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> assertAllClose(m, m, 0, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
