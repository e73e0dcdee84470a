package org.pc4j.zoo.data;

import java.util.Arrays;
import org.nd4j.linalg.dataset.DataSet;

/**
 * A labelled image data set split into training and test examples: flat features in [0, 1]
 * ({@code [n, channels * height * width]}), one-hot labels ({@code [n, classes]}).
 *
 * @param name     the data set's name
 * @param train    the training examples
 * @param test     the test examples
 * @param channels image channels
 * @param height   image height
 * @param width    image width
 * @param classes  classes
 */
public record ImageSet(String name, DataSet train, DataSet test, int channels, int height, int width, int classes)
        implements DataSources.Data {

    /** @return the first {@code trainLimit} training and {@code testLimit} test examples (0 = all) */
    public ImageSet limit(int trainLimit, int testLimit) {
        return new ImageSet(name, first(train, trainLimit), first(test, testLimit), channels, height, width, classes);
    }

    private static DataSet first(DataSet d, int n) {
        if (n <= 0 || n >= d.numExamples()) {
            return d;
        }
        int[] idx = new int[n];
        Arrays.setAll(idx, i -> i);
        return d.get(idx);
    }
}
