package org.pc4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** ND4J's own binary form of an array ({@code Nd4j.toByteArray}), for what travels between driver and workers. */
final class ArrayBytes {

    private ArrayBytes() {
    }

    static byte[] of(INDArray array) {
        try {
            return Nd4j.toByteArray(array);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise an array of shape " + java.util.Arrays.toString(array.shape()), e);
        }
    }

    static INDArray array(byte[] bytes) {
        return Nd4j.fromByteArray(bytes);
    }
}
