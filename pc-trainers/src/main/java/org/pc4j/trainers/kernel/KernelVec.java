package org.pc4j.trainers.kernel;

import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.indexer.DoubleRawIndexer;
import org.bytedeco.javacpp.indexer.FloatRawIndexer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A contiguous run of float32 or float64 numbers in native memory, for pc4j's kernel paths (the layered engine's dense
 * kernel and {@code PcGraph}'s): read and written element by element from Java through JavaCPP's raw indexers
 * (bounds-checked, no JNI call per element; every value widened to double for the arithmetic and rounded back on
 * storing, so a float32 run rounds where the general path rounds, to within one float rounding per operation) and
 * handed to OpenBLAS as a pointer. Always the memory of an ND4J array, kept reachable with the vector: the
 * kernel's own (allocated once per batch shape, outside workspaces) or one it was given (a layer's parameters or
 * gradient, the batch), never a copy of one. One final class for both types, so that the
 * kernels' loops call one {@link #get} and one {@link #put} whichever types a process has used (with a subclass per type,
 * a process that ran both had the loops' element accesses left out of line: the small MLP's PC(20) update took 1.6-2.3
 * times as long). Internal to pc4j: not an API for users.
 */
public final class KernelVec {

    /** The number of elements. */
    public final int length;
    /** The ND4J array whose memory this is, kept reachable for as long as the vector is. */
    private final INDArray array;
    /** The float32 numbers, or null for a float64 run. */
    private final FloatPointer floats;
    /** The float64 numbers, or null for a float32 run. */
    private final DoublePointer doubles;
    /** Bounds-checked reads and writes of {@link #floats} without JNI, or null. */
    private final FloatRawIndexer floatIndex;
    /** The same for {@link #doubles}, or null. */
    private final DoubleRawIndexer doubleIndex;
    /** {@link #floats} as a buffer in native byte order, for loops written for float32 alone, or null. */
    private final FloatBuffer floatBuffer;
    /** {@link #doubles} likewise, or null. */
    private final DoubleBuffer doubleBuffer;

    private KernelVec(INDArray array) {
        this.array = array;
        this.length = Math.toIntExact(array.length());
        boolean single = array.dataType() == DataType.FLOAT;
        this.floats = single ? new FloatPointer(array.data().addressPointer()).capacity(length) : null;
        this.doubles = single ? null : new DoublePointer(array.data().addressPointer()).capacity(length);
        this.floatIndex = single ? new FloatRawIndexer(floats) : null;
        this.doubleIndex = single ? null : new DoubleRawIndexer(doubles);
        this.floatBuffer = single ? floats.asBuffer() : null;
        this.doubleBuffer = single ? null : doubles.asBuffer();
        if ((single ? floatBuffer.order() : doubleBuffer.order()) != ByteOrder.nativeOrder()) {
            throw new IllegalStateException("JavaCPP's buffer over native memory is not in the platform's byte order");
        }
    }

    /**
     * @return the float32 numbers as a buffer over the same memory (native byte order, positions 0 to {@link #length}),
     *         or null for a float64 vector: for a hot loop written for float32 alone, which the JIT compiles with
     *         neither this class's type test nor its indexer per element (the dense kernel's error pass: 1.7 ns per
     *         element, where it took 4.3 through {@link #get} and {@link #put})
     */
    public FloatBuffer floatBuffer() {
        return floatBuffer;
    }

    /** @return the float64 numbers as a buffer over the same memory, or null for a float32 vector; see {@link #floatBuffer()} */
    public DoubleBuffer doubleBuffer() {
        return doubleBuffer;
    }

    /** @return whether the numbers are float32 */
    public boolean isSingle() {
        return floats != null;
    }

    /** @return element {@code i}, widened to double */
    public double get(int i) {
        return floatIndex != null ? floatIndex.getRaw(i) : doubleIndex.getRaw(i);
    }

    /** Stores {@code v} at {@code i}, rounded to the vector's type. */
    public void put(int i, double v) {
        if (floatIndex != null) {
            floatIndex.putRaw(i, (float) v);
        } else {
            doubleIndex.putRaw(i, v);
        }
    }

    /** @return a new vector of {@code n} zeros of the type (FLOAT or DOUBLE), outside any ND4J workspace */
    public static KernelVec allocate(DataType type, int n) {
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            throw new IllegalArgumentException("a kernel vector holds FLOAT or DOUBLE, not " + type);
        }
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            return new KernelVec(Nd4j.zeros(type, n));
        }
    }

    /**
     * @param a a contiguous ND4J array of FLOAT or DOUBLE on the CPU backend (its elements in memory order)
     * @return a vector over the array's memory (writes change the array)
     */
    public static KernelVec of(INDArray a) {
        if (a.dataType() != DataType.FLOAT && a.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException("a kernel vector holds FLOAT or DOUBLE, not " + a.dataType());
        }
        return new KernelVec(a);
    }

    @Override
    public String toString() {
        return "KernelVec[" + array.dataType() + ", " + length + "]";
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
        if (c.floats != null) {
            openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, transA, transB, m, n, k, (float) alpha, a.floats, lda,
                    b.floats, ldb, 0f, c.floats, ldc);
        } else {
            openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, transA, transB, m, n, k, alpha, a.doubles, lda,
                    b.doubles, ldb, 0.0, c.doubles, ldc);
        }
    }
}
