package org.pc4j.zoo.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Labelled images held as bytes: {@code n} images of {@code channels x height x width} pixels (0..255, channel
 * first) and a label {@code 0..classes-1} each. Networks see them as {@link DataSet}s whose features are
 * {@code [n, channels * height * width]} in [0, 1] (as DL4J's MNIST iterator gives them; use
 * {@code InputType.convolutionalFlat} for a CNN) and whose labels are one-hot {@code [n, classes]}.
 *
 * @param name     what the images are ("fashion-mnist train", ...), for messages
 * @param pixels   {@code n * channels * height * width} bytes, image after image
 * @param labels   one label per image
 */
public record LabelledImages(String name, int channels, int height, int width, int classes, byte[] pixels, int[] labels) {

    public LabelledImages {
        long perImage = (long) channels * height * width;
        if (channels < 1 || height < 1 || width < 1 || classes < 2) {
            throw new IllegalArgumentException("invalid image geometry or class count for " + name);
        }
        if (pixels.length != perImage * labels.length) {
            throw new DataFileException(name + ": " + labels.length + " labels but " + pixels.length / (double) perImage
                    + " images");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new DataFileException(name + ": label " + labels[i] + " of example " + i + " is not in 0.." + (classes - 1));
            }
        }
    }

    /** @return the number of images. */
    public int size() {
        return labels.length;
    }

    /** @return how many images each class has. */
    public int[] classCounts() {
        int[] counts = new int[classes];
        for (int l : labels) {
            counts[l]++;
        }
        return counts;
    }

    /** @return the first {@code n} images (all if there are fewer). */
    public LabelledImages first(int n) {
        int k = Math.min(n, size());
        int perImage = channels * height * width;
        return new LabelledImages(name + " (first " + k + ")", channels, height, width, classes,
                Arrays.copyOf(pixels, k * perImage), Arrays.copyOf(labels, k));
    }

    /** @return all images as one data set: features in [0, 1], one-hot labels */
    public DataSet dataSet(DataType type) {
        return dataSet(type, identity(size()));
    }

    private DataSet dataSet(DataType type, int[] order) {
        int perImage = channels * height * width;
        float[] x = new float[order.length * perImage];
        float[] y = new float[order.length * classes];
        for (int r = 0; r < order.length; r++) {
            int i = order[r];
            for (int p = 0; p < perImage; p++) {
                x[r * perImage + p] = pixels[i * perImage + p] & 0xff;
            }
            y[r * classes + labels[i]] = 1f;
        }
        INDArray features = Nd4j.create(x, new long[] {order.length, perImage}, 'c').castTo(type).divi(255.0); // exact in type
        INDArray oneHot = Nd4j.create(y, new long[] {order.length, classes}, 'c').castTo(type);
        return new DataSet(features, oneHot);
    }

    /**
     * @param batchSize examples per batch (the last batch may be smaller)
     * @param seed      the shuffle's seed; the same seed gives the same order in every run, and {@code reset()}
     *                  replays it
     * @return the images in a shuffled order, as float minibatches
     */
    public DataSetIterator iterator(int batchSize, long seed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        int[] order = identity(size());
        Random r = new Random(seed);
        for (int i = order.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        List<DataSet> batches = new ArrayList<>();
        for (int start = 0; start < order.length; start += batchSize) {
            batches.add(dataSet(DataType.FLOAT, Arrays.copyOfRange(order, start, Math.min(order.length, start + batchSize))));
        }
        return new ListDataSetIterator<>(batches, 1);
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }
}
