package org.pc4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** What travels between driver and workers comes back as the same array: type, shape and every value bit for bit. */
class ArrayBytesTest {

    private static void roundTrips(INDArray a) {
        INDArray back = ArrayBytes.array(ArrayBytes.of(a));
        assertThat(back.dataType()).isEqualTo(a.dataType());
        assertThat(back.shape()).isEqualTo(a.shape());
        assertThat(back.castTo(DataType.DOUBLE).dup('c').data().asDouble()).as("values of %s", a.shapeInfoToString())
                .containsExactly(a.castTo(DataType.DOUBLE).dup('c').data().asDouble());
    }

    @Test
    void floatDoubleViewsFortranOrderAndOtherTypesRoundTripExactly() {
        Nd4j.getRandom().setSeed(7);
        roundTrips(Nd4j.rand(DataType.FLOAT, 1, 1000));
        roundTrips(Nd4j.rand(DataType.DOUBLE, 3, 4, 5));
        INDArray big = Nd4j.rand(DataType.DOUBLE, 6, 7);
        roundTrips(big.get(NDArrayIndex.interval(1, 4), NDArrayIndex.interval(2, 6))); // a strided view
        roundTrips(Nd4j.rand(DataType.FLOAT, 'f', 4, 3));
        roundTrips(Nd4j.createFromArray(1, 2, 3, 4).reshape(2, 2)); // int: ND4J's own form
        roundTrips(Nd4j.scalar(2.5));
        INDArray nonFinite = Nd4j.createFromArray(Float.NaN, Float.POSITIVE_INFINITY, -0.0f, Float.MIN_VALUE);
        INDArray back = ArrayBytes.array(ArrayBytes.of(nonFinite));
        for (int i = 0; i < 4; i++) {
            assertThat(Float.floatToRawIntBits(back.getFloat(i))).isEqualTo(Float.floatToRawIntBits(nonFinite.getFloat(i)));
        }
    }
}
