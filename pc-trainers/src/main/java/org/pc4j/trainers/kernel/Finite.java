package org.pc4j.trainers.kernel;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Whether an array holds only finite numbers (no NaN, no infinity): the check pc4j runs on every batch and on every
 * gradient before it is applied. On the CPU backend a contiguous float32 or float64 array is read once from Java
 * ({@code x - x} is 0 exactly for finite {@code x} and NaN otherwise), about ten times faster than ND4J's reduction on
 * a 64 x 784 batch, whose fixed cost per native call (thread dispatch included) dominates at these sizes (a long
 * array is read on every core, {@link Parts}); a view
 * that is not contiguous is copied first, another floating type (float16, bfloat16) widened to float64 first (ND4J
 * M2.1's {@code isNaN} misses NaN in float16 arrays). On another backend: one sum in float64, and ND4J's
 * {@code isNaN} and {@code isInfinite} only if that is not finite. Exact either way: huge but finite values are finite
 * (where a sum alone would overflow). Internal to pc4j: not an API for users.
 */
public final class Finite {

    private static final boolean CPU = Nd4j.getBackend().getClass().getSimpleName().startsWith("Cpu");

    private Finite() {
    }

    /**
     * @param a an array, or null
     * @return true if {@code a} is null, not of a floating-point type, or holds no NaN and no infinite value
     */
    public static boolean all(INDArray a) {
        if (a == null || a.isEmpty() || !a.dataType().isFPType()) {
            return true;
        }
        if (!CPU) {
            INDArray d = a.castTo(DataType.DOUBLE); // a sum of float32 or float16 values cannot overflow in double
            return Double.isFinite(d.sumNumber().doubleValue()) || !(d.isNaN().any() || d.isInfinite().any());
        }
        INDArray c = a;
        if (c.dataType() != DataType.FLOAT && c.dataType() != DataType.DOUBLE) {
            c = c.castTo(DataType.DOUBLE); // ND4J M2.1's isNaN misses NaN in float16 arrays
        }
        if (c.elementWiseStride() != 1) {
            c = c.dup('c');
        }
        long n = c.length();
        if (n > Integer.MAX_VALUE) {
            return !(c.isNaN().any() || c.isInfinite().any());
        }
        return allFinite(KernelVec.of(c));
    }

    /** How many elements a part copies to the heap at a time. */
    private static final int CHUNK = 1024;

    /**
     * {@code x - x} is 0 for every finite {@code x} and NaN otherwise, and a NaN added to anything stays NaN: each part
     * copies {@value #CHUNK} elements at a time to a heap array and adds {@code x - x} element by element into a
     * second one (a loop the JIT turns into vector instructions, about 0.13 ns per element here, where a loop over the
     * direct buffer, or a running sum, stays scalar: 0.9-4 ns); the part's sum of that array is 0 or NaN. On every core
     * for a long array.
     */
    private static boolean allFinite(KernelVec v) {
        return Parts.sum(v.length, (from, to) -> v.isSingle() ? partSum(v.floatBuffer(), from, to) : partSum(v.doubleBuffer(), from, to)) == 0;
    }

    private static double partSum(FloatBuffer b, int from, int to) {
        int chunk = Math.min(CHUNK, to - from);
        float[] x = new float[chunk];
        float[] z = new float[chunk];
        for (int start = from; start < to; start += chunk) {
            int n = Math.min(chunk, to - start);
            b.get(start, x, 0, n);
            for (int i = 0; i < n; i++) {
                z[i] += x[i] - x[i];
            }
        }
        double sum = 0;
        for (float zi : z) {
            sum += zi;
        }
        return sum;
    }

    /** {@link #partSum(FloatBuffer, int, int)} for float64: the same loop, written once per type so that each vectorises. */
    private static double partSum(DoubleBuffer b, int from, int to) {
        int chunk = Math.min(CHUNK, to - from);
        double[] x = new double[chunk];
        double[] z = new double[chunk];
        for (int start = from; start < to; start += chunk) {
            int n = Math.min(chunk, to - start);
            b.get(start, x, 0, n);
            for (int i = 0; i < n; i++) {
                z[i] += x[i] - x[i];
            }
        }
        double sum = 0;
        for (double zi : z) {
            sum += zi;
        }
        return sum;
    }
}
