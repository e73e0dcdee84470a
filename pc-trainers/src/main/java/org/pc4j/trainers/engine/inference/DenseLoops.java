package org.pc4j.trainers.engine.inference;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.pc4j.trainers.kernel.KernelVec;
import org.pc4j.trainers.kernel.PointwiseActivation;

/**
 * The dense kernel's elementwise loops over row-major {@code [rows, n]} arrays, each written once for float32 and once
 * for float64 buffers. Every value is computed in double and rounded to the arrays' type where it is stored, so the
 * float32 loops give exactly what {@link KernelVec#get} and {@link KernelVec#put} would; written per type because the
 * JIT compiles a loop over typed buffers without a type test or an indexer per element: on {@code [256, 1024]} arrays
 * the error and move loops took about 4.3 ns an element through {@code KernelVec} (a JFR profile of the wide MLP's
 * PC(20): 40% of an update in these loops) and 1.7 and 2.7 ns over the buffers. Internal to pc4j; one thread.
 */
final class DenseLoops {

    private DenseLoops() {
    }

    /** {@code z += bias} (a row vector, per row) and, if {@code mu} is not null, {@code mu = f(z)}. */
    static void addBiasAndActivate(KernelVec z, KernelVec bias, KernelVec mu, PointwiseActivation f, int rows, int cols) {
        if (z.isSingle()) {
            addBiasAndActivate(z.floatBuffer(), bias.floatBuffer(), mu == null ? null : mu.floatBuffer(), f, rows, cols);
        } else {
            addBiasAndActivate(z.doubleBuffer(), bias.doubleBuffer(), mu == null ? null : mu.doubleBuffer(), f, rows, cols);
        }
    }

    private static void addBiasAndActivate(FloatBuffer z, FloatBuffer bias, FloatBuffer mu, PointwiseActivation f, int rows, int cols) {
        for (int i = 0; i < rows; i++) {
            int row = i * cols;
            for (int j = 0; j < cols; j++) {
                double v = (double) z.get(row + j) + bias.get(j);
                z.put(row + j, (float) v);
                if (mu != null) {
                    mu.put(row + j, (float) f.apply(v));
                }
            }
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
    static double errors(KernelVec x, KernelVec mu, KernelVec z, KernelVec e, KernelVec delta, PointwiseActivation f, int n) {
        return x.isSingle()
                ? errors(x.floatBuffer(), mu.floatBuffer(), z.floatBuffer(), e.floatBuffer(), delta.floatBuffer(), f, n)
                : errors(x.doubleBuffer(), mu.doubleBuffer(), z.doubleBuffer(), e.doubleBuffer(), delta.doubleBuffer(), f, n);
    }

    private static double errors(FloatBuffer x, FloatBuffer mu, FloatBuffer z, FloatBuffer e, FloatBuffer delta, PointwiseActivation f, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double m = mu.get(i);
            double err = (double) x.get(i) - m;
            e.put(i, (float) err);
            delta.put(i, (float) (-err * f.derivative(z.get(i), m)));
            sum += err * err;
        }
        return sum / 2;
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
    static void move(KernelVec x, KernelVec e, KernelVec message, double rate, int n) {
        if (x.isSingle()) {
            move(x.floatBuffer(), e.floatBuffer(), message.floatBuffer(), rate, n);
        } else {
            move(x.doubleBuffer(), e.doubleBuffer(), message.doubleBuffer(), rate, n);
        }
    }

    private static void move(FloatBuffer x, FloatBuffer e, FloatBuffer message, double rate, int n) {
        for (int i = 0; i < n; i++) {
            x.put(i, (float) (x.get(i) - rate * ((double) e.get(i) + message.get(i))));
        }
    }

    private static void move(DoubleBuffer x, DoubleBuffer e, DoubleBuffer message, double rate, int n) {
        for (int i = 0; i < n; i++) {
            x.put(i, x.get(i) - rate * (e.get(i) + message.get(i)));
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
