package org.pc4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An array's bytes, for what travels between driver and workers: for float and double arrays a small header (a
 * type tag, the rank, the shape) and the values in row-major order, copied in bulk; for other types ND4J's own form
 * ({@code Nd4j.toByteArray}). ND4J's form reads its values through a {@code DataInputStream} one at a time, which was
 * half of a Spark round's time on the Fashion-MNIST MLP.
 */
final class ArrayBytes {

    private static final byte ND4J = 0;
    private static final byte FLOAT = 1;
    private static final byte DOUBLE = 2;

    private ArrayBytes() {
    }

    static byte[] of(INDArray array) {
        DataType type = array.dataType();
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            try {
                byte[] nd4j = Nd4j.toByteArray(array);
                byte[] out = new byte[nd4j.length + 1];
                out[0] = ND4J;
                System.arraycopy(nd4j, 0, out, 1, nd4j.length);
                return out;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot serialise an array of shape " + Arrays.toString(array.shape()), e);
            }
        }
        long[] shape = array.shape();
        long n = array.length();
        int width = type == DataType.FLOAT ? 4 : 8;
        if (n * width > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("an array of " + n + " values is too large to send as one message");
        }
        ByteBuffer buf = ByteBuffer.allocate(1 + 4 + 8 * shape.length + (int) (n * width)).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(type == DataType.FLOAT ? FLOAT : DOUBLE).putInt(shape.length);
        for (long d : shape) {
            buf.putLong(d);
        }
        INDArray c = array.ordering() == 'c' && !array.isView() ? array : array.dup('c');
        if (type == DataType.FLOAT) {
            buf.asFloatBuffer().put(c.data().asFloat(), 0, (int) n);
        } else {
            buf.asDoubleBuffer().put(c.data().asDouble(), 0, (int) n);
        }
        return buf.array();
    }

    static INDArray array(byte[] bytes) {
        if (bytes[0] == ND4J) {
            return Nd4j.fromByteArray(Arrays.copyOfRange(bytes, 1, bytes.length));
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        byte type = buf.get();
        long[] shape = new long[buf.getInt()];
        long n = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = buf.getLong();
            n *= shape[i];
        }
        if (type == FLOAT) {
            float[] values = new float[(int) n];
            buf.asFloatBuffer().get(values);
            return shape.length == 0 ? Nd4j.scalar(values[0]) : Nd4j.create(values, shape, 'c');
        }
        if (type != DOUBLE) {
            throw new IllegalArgumentException("not an array message: type tag " + type);
        }
        double[] values = new double[(int) n];
        buf.asDoubleBuffer().get(values);
        return shape.length == 0 ? Nd4j.scalar(values[0]) : Nd4j.create(values, shape, 'c');
    }
}
