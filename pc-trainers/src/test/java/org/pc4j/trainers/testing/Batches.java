package org.pc4j.trainers.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Small deterministic minibatches (double precision) for the oracle tests. */
public final class Batches {

    private Batches() {
    }

    /** @return {@code count} batches of {@code [mb, nIn]} features in (-1, 1) and one-hot or Gaussian labels. */
    public static List<DataSet> dense(int count, int mb, int nIn, int nOut, boolean oneHot, long seed) {
        Random r = new Random(seed);
        List<DataSet> out = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            out.add(new DataSet(uniform(r, mb, nIn), oneHot ? oneHot(r, mb, nOut) : gaussian(r, mb, nOut)));
        }
        return out;
    }

    /** @return batches of {@code [mb, channels, h, w]} images and 2-d labels. */
    public static List<DataSet> images(int count, int mb, int channels, int h, int w, int nOut, boolean oneHot, long seed) {
        Random r = new Random(seed);
        List<DataSet> out = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            out.add(new DataSet(uniform(r, mb, channels * h * w).reshape(mb, channels, h, w),
                    oneHot ? oneHot(r, mb, nOut) : gaussian(r, mb, nOut)));
        }
        return out;
    }

    /** @return batches of {@code [mb, nIn, steps]} sequences and {@code [mb, nOut, steps]} labels (NCW). */
    public static List<DataSet> sequences(int count, int mb, int nIn, int steps, int nOut, boolean oneHot, long seed) {
        Random r = new Random(seed);
        List<DataSet> out = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            INDArray x = uniform(r, mb * steps, nIn).reshape(mb, steps, nIn).permute(0, 2, 1).dup('c');
            INDArray y = (oneHot ? oneHot(r, mb * steps, nOut) : gaussian(r, mb * steps, nOut))
                    .reshape(mb, steps, nOut).permute(0, 2, 1).dup('c');
            out.add(new DataSet(x, y));
        }
        return out;
    }

    /** @return {@code [mb, steps]} masks: example i has {@code steps - (i % steps/2)} valid steps, then padding. */
    public static INDArray sequenceMask(int mb, int steps) {
        INDArray mask = Nd4j.zeros(DataType.DOUBLE, mb, steps);
        for (int i = 0; i < mb; i++) {
            int valid = steps - (i % Math.max(1, steps / 2));
            for (int t = 0; t < valid; t++) {
                mask.putScalar(i, t, 1.0);
            }
        }
        return mask;
    }

    /** @return {@code [mb, length]} integer indices below {@code vocab}, as doubles. */
    public static INDArray indices(Random r, int mb, int length, int vocab) {
        INDArray a = Nd4j.zeros(DataType.DOUBLE, mb, length);
        for (int i = 0; i < mb; i++) {
            for (int t = 0; t < length; t++) {
                a.putScalar(i, t, r.nextInt(vocab));
            }
        }
        return a;
    }

    public static INDArray uniform(Random r, int rows, int cols) {
        double[] d = new double[rows * cols];
        for (int i = 0; i < d.length; i++) {
            d[i] = 2 * r.nextDouble() - 1;
        }
        return Nd4j.createFromArray(d).reshape(rows, cols);
    }

    public static INDArray gaussian(Random r, int rows, int cols) {
        double[] d = new double[rows * cols];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextGaussian();
        }
        return Nd4j.createFromArray(d).reshape(rows, cols);
    }

    public static INDArray oneHot(Random r, int rows, int cols) {
        INDArray a = Nd4j.zeros(DataType.DOUBLE, rows, cols);
        for (int i = 0; i < rows; i++) {
            a.putScalar(i, r.nextInt(cols), 1.0);
        }
        return a;
    }
}
