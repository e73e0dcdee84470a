package org.pc4j.trainers.engine.inference;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.pc4j.trainers.kernel.KernelVec;
import org.pc4j.trainers.kernel.PointwiseActivation;

/**
 * The dense kernel's elementwise loops over row-major {@code [rows, n]} arrays, written once for float32 and once for
 * float64. The float64 loops run over the buffers, computing in double. The float32 loops copy {@link #CHUNK} elements
 * of each operand at a time into heap arrays ({@link Scratch}) and compute in float, as ND4J's own float32 operations
 * do: a loop over heap arrays in float arithmetic is one the JIT turns into vector instructions, where a loop over direct
 * buffers (or one that widens to double) stays scalar. A sum (the energy, a bias gradient) is kept per element and added
 * in double at the end. The sum {@code z + bias} is exact as before (a float sum rounds once either way); the error's
 * delta and the value move round their two or three operations each in float, within float rounding of the double
 * arithmetic ({@code DenseLoopsTest}). tanh is computed in float by a rational function (within 7 float ulps of tanh,
 * vectorised); the other activations ({@link PointwiseActivation#apply}) in double per element, rounded once. Internal
 * to pc4j; one thread.
 */
final class DenseLoops {

    /** How many elements of each operand a float32 loop copies to the heap at a time. */
    static final int CHUNK = 512;

    private DenseLoops() {
    }

    /**
     * The heap arrays a float32 loop copies its operands into, {@link #CHUNK} elements each: one per kernel, reused by
     * every pass of every step (a kernel runs on one thread).
     */
    static final class Scratch {
        private final float[] a = new float[CHUNK];
        private final float[] b = new float[CHUNK];
        private final float[] c = new float[CHUNK];
        private final float[] d = new float[CHUNK];
        private final float[] e = new float[CHUNK];
        private final float[] sum = new float[CHUNK];
    }

    /** {@code z += bias} (a row vector, per row) and, if {@code mu} is not null, {@code mu = f(z)}. */
    static void addBiasAndActivate(KernelVec z, KernelVec bias, KernelVec mu, PointwiseActivation f, int rows, int cols, Scratch s) {
        if (z.isSingle()) {
            addBiasAndActivate(z.floatBuffer(), bias.floatBuffer(), mu == null ? null : mu.floatBuffer(), f, rows, cols, s);
        } else {
            addBiasAndActivate(z.doubleBuffer(), bias.doubleBuffer(), mu == null ? null : mu.doubleBuffer(), f, rows, cols);
        }
    }

    /**
     * Whole rows at a time where a row fits in {@link #CHUNK} (the bias copied once), else each row in pieces of
     * {@link #CHUNK} columns.
     */
    private static void addBiasAndActivate(FloatBuffer z, FloatBuffer bias, FloatBuffer mu, PointwiseActivation f, int rows, int cols, Scratch s) {
        float[] zs = s.a;
        float[] bs = s.b;
        float[] ms = s.c;
        if (cols <= CHUNK) {
            bias.get(0, bs, 0, cols);
            int perChunk = CHUNK / cols;
            for (int i0 = 0; i0 < rows; i0 += perChunk) {
                int n = Math.min(perChunk, rows - i0) * cols;
                z.get(i0 * cols, zs, 0, n);
                for (int r = 0; r < n; r += cols) {
                    for (int j = 0; j < cols; j++) {
                        zs[r + j] += bs[j];
                    }
                }
                z.put(i0 * cols, zs, 0, n);
                if (mu != null) {
                    activate(f, zs, ms, n);
                    mu.put(i0 * cols, ms, 0, n);
                }
            }
            return;
        }
        for (int i = 0; i < rows; i++) {
            for (int j0 = 0; j0 < cols; j0 += CHUNK) {
                int n = Math.min(CHUNK, cols - j0);
                int at = i * cols + j0;
                z.get(at, zs, 0, n);
                bias.get(j0, bs, 0, n);
                for (int j = 0; j < n; j++) {
                    zs[j] += bs[j];
                }
                z.put(at, zs, 0, n);
                if (mu != null) {
                    activate(f, zs, ms, n);
                    mu.put(at, ms, 0, n);
                }
            }
        }
    }

    /**
     * {@code mu = f(z)} for the first {@code n} elements: tanh in float ({@link PointwiseActivation#tanh(float[], float[], int)},
     * vectorised), the others computed in double and rounded once.
     */
    private static void activate(PointwiseActivation f, float[] z, float[] mu, int n) {
        if (f == PointwiseActivation.TANH) {
            PointwiseActivation.tanh(z, mu, n);
            return;
        }
        for (int i = 0; i < n; i++) {
            mu[i] = (float) f.apply(z[i]);
        }
    }

    private static void addBiasAndActivate(DoubleBuffer z, DoubleBuffer bias, DoubleBuffer mu, PointwiseActivation f, int rows, int cols) {
        for (int i = 0; i < rows; i++) {
            int row = i * cols;
            for (int j = 0; j < cols; j++) {
                double v = z.get(row + j) + bias.get(j);
                z.put(row + j, v);
                if (mu != null) {
                    mu.put(row + j, f.apply(v));
                }
            }
        }
    }

    /**
     * {@code e = x - mu} and {@code delta = -e f'(z)} over {@code n} elements.
     *
     * @return {@code sum e^2 / 2}, the layer's energy
     */
    static double errors(KernelVec x, KernelVec mu, KernelVec z, KernelVec e, KernelVec delta, PointwiseActivation f, int n, Scratch s) {
        return x.isSingle()
                ? errors(x.floatBuffer(), mu.floatBuffer(), z.floatBuffer(), e.floatBuffer(), delta.floatBuffer(), f, n, s)
                : errors(x.doubleBuffer(), mu.doubleBuffer(), z.doubleBuffer(), e.doubleBuffer(), delta.doubleBuffer(), f, n);
    }

    private static double errors(FloatBuffer x, FloatBuffer mu, FloatBuffer z, FloatBuffer e, FloatBuffer delta, PointwiseActivation f, int n, Scratch s) {
        float[] xs = s.a;
        float[] ms = s.b;
        float[] zs = s.c;
        float[] es = s.d;
        float[] ds = s.e;
        float[] sq = s.sum;
        java.util.Arrays.fill(sq, 0f);
        for (int start = 0; start < n; start += CHUNK) {
            int len = Math.min(CHUNK, n - start);
            x.get(start, xs, 0, len);
            mu.get(start, ms, 0, len);
            derivatives(f, z, start, zs, ms, ds, len);
            for (int i = 0; i < len; i++) {
                float err = xs[i] - ms[i];
                es[i] = err;
                ds[i] *= -err;
                sq[i] += err * err;
            }
            e.put(start, es, 0, len);
            delta.put(start, ds, 0, len);
        }
        double sum = 0;
        for (float q : sq) {
            sum += q;
        }
        return sum / 2;
    }

    /**
     * {@code d = f'(z)} for a chunk of {@code len} elements from {@code mu} (tanh {@code 1 - mu^2}, sigmoid
     * {@code mu (1 - mu)}, identity 1), reading {@code z} (from {@code start}) only where the derivative needs it (ReLU):
     * one loop per activation, so that each is vectorised.
     */
    private static void derivatives(PointwiseActivation f, FloatBuffer z, int start, float[] zs, float[] mu, float[] d, int len) {
        switch (f) {
            case TANH -> {
                for (int i = 0; i < len; i++) {
                    d[i] = 1 - mu[i] * mu[i];
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < len; i++) {
                    d[i] = mu[i] * (1 - mu[i]);
                }
            }
            case IDENTITY -> java.util.Arrays.fill(d, 0, len, 1f);
            default -> {
                z.get(start, zs, 0, len);
                for (int i = 0; i < len; i++) {
                    d[i] = (float) f.derivative(zs[i], mu[i]);
                }
            }
        }
    }

    private static double errors(DoubleBuffer x, DoubleBuffer mu, DoubleBuffer z, DoubleBuffer e, DoubleBuffer delta, PointwiseActivation f, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double m = mu.get(i);
            double err = x.get(i) - m;
            e.put(i, err);
            delta.put(i, -err * f.derivative(z.get(i), m));
            sum += err * err;
        }
        return sum / 2;
    }

    /** {@code x -= rate (e + message)} over {@code n} elements. */
    static void move(KernelVec x, KernelVec e, KernelVec message, double rate, int n, Scratch s) {
        if (x.isSingle()) {
            move(x.floatBuffer(), e.floatBuffer(), message.floatBuffer(), (float) rate, n, s);
        } else {
            move(x.doubleBuffer(), e.doubleBuffer(), message.doubleBuffer(), rate, n);
        }
    }

    private static void move(FloatBuffer x, FloatBuffer e, FloatBuffer message, float rate, int n, Scratch s) {
        float[] xs = s.a;
        float[] es = s.b;
        float[] gs = s.c;
        for (int start = 0; start < n; start += CHUNK) {
            int len = Math.min(CHUNK, n - start);
            x.get(start, xs, 0, len);
            e.get(start, es, 0, len);
            message.get(start, gs, 0, len);
            for (int i = 0; i < len; i++) {
                xs[i] -= rate * (es[i] + gs[i]);
            }
            x.put(start, xs, 0, len);
        }
    }

    private static void move(DoubleBuffer x, DoubleBuffer e, DoubleBuffer message, double rate, int n) {
        for (int i = 0; i < n; i++) {
            x.put(i, x.get(i) - rate * (e.get(i) + message.get(i)));
        }
    }

    /**
     * {@code out[offset + j] = sum_i d[i, j]} over a row-major {@code [rows, cols]} array (a bias gradient), summed in
     * double in row order.
     */
    static void columnSums(KernelVec d, KernelVec out, int offset, int rows, int cols, Scratch s) {
        double[] sums = new double[cols];
        if (d.isSingle()) {
            FloatBuffer buffer = d.floatBuffer();
            float[] a = s.a;
            for (int j0 = 0; j0 < cols; j0 += CHUNK) {
                int n = Math.min(CHUNK, cols - j0);
                for (int i = 0; i < rows; i++) {
                    buffer.get(i * cols + j0, a, 0, n);
                    for (int j = 0; j < n; j++) {
                        sums[j0 + j] += a[j];
                    }
                }
            }
            FloatBuffer o = out.floatBuffer();
            for (int j = 0; j < cols; j++) {
                o.put(offset + j, (float) sums[j]);
            }
        } else {
            DoubleBuffer buffer = d.doubleBuffer();
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    sums[j] += buffer.get(i * cols + j);
                }
            }
            out.doubleBuffer().put(offset, sums, 0, cols);
        }
    }

    /** {@code to = from} over the first {@code n} elements (same type). */
    static void copy(KernelVec from, KernelVec to, int n) {
        if (from.isSingle()) {
            to.floatBuffer().put(0, from.floatBuffer(), 0, n);
        } else {
            to.doubleBuffer().put(0, from.doubleBuffer(), 0, n);
        }
    }
}
