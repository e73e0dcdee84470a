package org.pc4j.trainers.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A contiguous run of float32 or float64 numbers in native memory, for pc4j's kernel paths (the layered engine's dense
 * kernel and {@code PcGraph}'s): read and written element
 * by element from Java (every value widened to double for the arithmetic and rounded back on storing, so a float32
 * run rounds where the general path rounds, to within one float rounding per operation) and handed to OpenBLAS as a
 * pointer. Either the kernel's own memory, allocated once per batch shape, or a view of an ND4J array (a layer's
 * parameters or gradient, the batch), never a copy of one. Internal to pc4j: not an API for users.
 */
public abstract sealed class KernelVec permits KernelVec.Floats, KernelVec.Doubles {

    /** The number of elements. */
    public final int length;

    KernelVec(int length) {
        this.length = length;
    }

    /** @return element {@code i}, widened to double */
    public abstract double get(int i);

    /** Stores {@code v} at {@code i}, rounded to the vector's type. */
    public abstract void put(int i, double v);

    /** @return a new vector of {@code n} zeros of the type */
    public static KernelVec allocate(DataType type, int n) {
        ByteBuffer bytes = ByteBuffer.allocateDirect(n * type.width()).order(ByteOrder.nativeOrder());
        return type == DataType.FLOAT ? new Floats(bytes.asFloatBuffer()) : new Doubles(bytes.asDoubleBuffer());
    }

    /**
     * @param a a contiguous ND4J array of FLOAT or DOUBLE on the CPU backend (its elements in memory order)
     * @return a vector over the array's memory (writes change the array)
     */
    public static KernelVec of(INDArray a) {
        long n = a.length();
        if (a.dataType() == DataType.FLOAT) {
            return new Floats(new FloatPointer(a.data().addressPointer()).capacity(n).asBuffer());
        }
        return new Doubles(new DoublePointer(a.data().addressPointer()).capacity(n).asBuffer());
    }

    /**
     * Row-major {@code C = op(A) op(B)} ({@code beta} 0), OpenBLAS's gemm of the vectors' type.
     *
     * @param ta  whether {@code A} is used transposed
     * @param tb  whether {@code B} is used transposed
     * @param m   rows of {@code op(A)} and {@code C}
     * @param n   columns of {@code op(B)} and {@code C}
     * @param k   columns of {@code op(A)}, rows of {@code op(B)}
     * @param lda leading dimension (row length as stored) of {@code A}; likewise {@code ldb}, {@code ldc}
     */
    public static void gemm(boolean ta, boolean tb, int m, int n, int k, KernelVec a, int lda, KernelVec b, int ldb, KernelVec c, int ldc) {
        gemm(ta, tb, m, n, k, 1.0, a, lda, b, ldb, c, ldc);
    }

    /** As {@link #gemm(boolean, boolean, int, int, int, KernelVec, int, KernelVec, int, KernelVec, int)}, {@code C = alpha op(A) op(B)}. */
    public static void gemm(boolean ta, boolean tb, int m, int n, int k, double alpha, KernelVec a, int lda, KernelVec b, int ldb,
                            KernelVec c, int ldc) {
        int transA = ta ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        int transB = tb ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        if (c instanceof Floats fc) {
            openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, transA, transB, m, n, k, (float) alpha, ((Floats) a).buffer, lda,
                    ((Floats) b).buffer, ldb, 0f, fc.buffer, ldc);
        } else {
            openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, transA, transB, m, n, k, alpha, ((Doubles) a).buffer, lda,
                    ((Doubles) b).buffer, ldb, 0.0, ((Doubles) c).buffer, ldc);
        }
    }

    /** float32 numbers. */
    public static final class Floats extends KernelVec {
        final FloatBuffer buffer;

        Floats(FloatBuffer buffer) {
            super(buffer.capacity());
            this.buffer = buffer;
        }

        @Override
        public double get(int i) {
            return buffer.get(i);
        }

        @Override
        public void put(int i, double v) {
            buffer.put(i, (float) v);
        }
    }

    /** float64 numbers. */
    public static final class Doubles extends KernelVec {
        final DoubleBuffer buffer;

        Doubles(DoubleBuffer buffer) {
            super(buffer.capacity());
            this.buffer = buffer;
        }

        @Override
        public double get(int i) {
            return buffer.get(i);
        }

        @Override
        public void put(int i, double v) {
            buffer.put(i, v);
        }
    }
}
