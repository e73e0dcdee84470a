package org.pc4j.trainers.kernel;

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

    /**
     * {@code x - x} is 0 for every finite {@code x} and NaN otherwise (a float32 value widened to double keeps that);
     * four sums, so that the additions do not wait on each other, on every core for a long array.
     */
    private static boolean allFinite(KernelVec v) {
        return Parts.sum(v.length, (from, to) -> {
            double z0 = 0;
            double z1 = 0;
            double z2 = 0;
            double z3 = 0;
            int i = from;
            for (; i + 3 < to; i += 4) {
                double x0 = v.get(i);
                double x1 = v.get(i + 1);
                double x2 = v.get(i + 2);
                double x3 = v.get(i + 3);
                z0 += x0 - x0;
                z1 += x1 - x1;
                z2 += x2 - x2;
                z3 += x3 - x3;
            }
            for (; i < to; i++) {
                double x = v.get(i);
                z0 += x - x;
            }
            return z0 + z1 + z2 + z3;
        }) == 0;
    }
}
