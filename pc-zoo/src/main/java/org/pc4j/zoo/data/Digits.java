package org.pc4j.zoo.data;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.datavec.api.records.reader.impl.csv.CSVRecordReader;
import org.datavec.api.split.InputStreamInputSplit;
import org.deeplearning4j.datasets.datavec.RecordReaderDataSetIterator;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.SplitTestAndTrain;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;

/**
 * The optical handwritten-digits data set shipped inside pc4j: 1,797 images of 8x8 pixels, ten classes (UCI, CC BY
 * 4.0; the copy in scikit-learn 1.2.1 — see {@code README-digits.txt} next to the data). Small enough for tests and
 * for a first run on any machine, with no download.
 *
 * <p>Features are {@code [n, 64]} with pixel values scaled from 0..16 to [0, 1]; labels are one-hot {@code [n, 10]}.
 */
public final class Digits {

    /** Pixels per image (8 x 8). */
    public static final int PIXELS = 64;
    /** Number of classes. */
    public static final int CLASSES = 10;
    /** Number of examples in the file. */
    public static final int EXAMPLES = 1797;

    private static final String RESOURCE = "digits.csv.gz";
    private static final double MAX_PIXEL = 16.0;

    private final DataSet all;

    private Digits(DataSet all) {
        this.all = all;
    }

    /** A train/test split of the data. */
    public record Split(DataSet train, DataSet test) {

        /** @return the training set in minibatches of {@code batchSize}, in a fixed shuffled order. */
        public DataSetIterator trainIterator(int batchSize) {
            return new ListDataSetIterator<>(train.batchBy(batchSize), 1);
        }

        /** @return the test set in minibatches of {@code batchSize}. */
        public DataSetIterator testIterator(int batchSize) {
            return new ListDataSetIterator<>(test.batchBy(batchSize), 1);
        }

        /**
         * @return a copy whose features are standardised per pixel with the training set's mean and standard deviation
         *         (DL4J's {@link NormalizerStandardize}, fitted on the training part only)
         */
        public Split standardised() {
            NormalizerStandardize normalizer = new NormalizerStandardize();
            normalizer.fit(train);
            DataSet trainCopy = train.copy();
            DataSet testCopy = test.copy();
            normalizer.transform(trainCopy);
            normalizer.transform(testCopy);
            return new Split(trainCopy, testCopy);
        }
    }

    /**
     * @return the data set read from the copy inside the pc-zoo jar
     * @throws IllegalStateException if the embedded file is missing or corrupt
     */
    public static Digits load() {
        try (InputStream in = Digits.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The embedded digits data " + RESOURCE + " is missing from the classpath");
            }
            return read(in);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the embedded digits data: " + e.getMessage(), e);
        }
    }

    /**
     * @param gzippedCsv the data in scikit-learn's {@code digits.csv.gz} format (65 integers per line, label last)
     * @return the data set
     * @throws IllegalStateException if the stream is not a complete, valid copy of the data set
     */
    public static Digits read(InputStream gzippedCsv) {
        DataSet data;
        try {
            CSVRecordReader reader = new CSVRecordReader(0, ',');
            reader.initialize(new InputStreamInputSplit(new GZIPInputStream(gzippedCsv)));
            RecordReaderDataSetIterator it = new RecordReaderDataSetIterator(reader, EXAMPLES + 1, PIXELS, CLASSES);
            data = it.next();
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("The digits data is corrupt or truncated: " + e.getMessage(), e);
        }
        if (data.numExamples() != EXAMPLES || data.getFeatures().columns() != PIXELS) {
            throw new IllegalStateException("The digits data must hold " + EXAMPLES + " examples of " + PIXELS
                    + " pixels; found " + data.numExamples() + " of " + data.getFeatures().columns());
        }
        double min = data.getFeatures().minNumber().doubleValue();
        double max = data.getFeatures().maxNumber().doubleValue();
        if (min < 0 || max > MAX_PIXEL) {
            throw new IllegalStateException("Digit pixels must lie in 0..16; found " + min + ".." + max);
        }
        data.getFeatures().divi(MAX_PIXEL);
        return new Digits(data);
    }

    /** @return every example, in file order, as a new {@link DataSet} of the given precision. */
    public DataSet all(DataType type) {
        return new DataSet(all.getFeatures().castTo(type), all.getLabels().castTo(type));
    }

    /**
     * @param testFraction fraction of the examples held out for testing, in (0, 1)
     * @param seed         seed of the shuffle before splitting
     * @param type         precision of the arrays
     * @return a shuffled split
     */
    public Split split(double testFraction, long seed, DataType type) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("testFraction must be in (0, 1), got " + testFraction);
        }
        DataSet copy = all(type);
        copy.shuffle(seed);
        int train = (int) Math.round(EXAMPLES * (1 - testFraction));
        SplitTestAndTrain s = copy.splitTestAndTrain(train);
        return new Split(s.getTrain(), s.getTest());
    }

    /** @return the number of examples of each class, indexed by class. */
    public long[] classCounts() {
        long[] counts = new long[CLASSES];
        List<DataSet> rows = all.asList();
        for (DataSet r : rows) {
            counts[r.getLabels().argMax(1).getInt(0)]++;
        }
        return counts;
    }
}
