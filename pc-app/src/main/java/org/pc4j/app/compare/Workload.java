package org.pc4j.app.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.function.IntFunction;
import org.nd4j.linalg.dataset.DataSet;
import org.pc4j.zoo.data.ImageSet;
import org.pc4j.zoo.text.LanguageModelBatches;
import org.pc4j.zoo.text.WordPieceTokenizer;

/**
 * The data side of a comparison: training batches per epoch and test batches, made the same way for every method.
 * Epoch {@code e}'s batches are a function of the seed and {@code e} only, so every method sees identical batches in
 * identical order; batches are built when they are read, so a large data set never exists as one-hot arrays all at
 * once.
 */
public sealed interface Workload permits Workload.Images, Workload.Text {

    /** @return the data set's name and size, for the report */
    String description();

    /** @return the number of training examples (sequences for text) */
    int trainSize();

    /** @return the number of test examples (sequences for text) */
    int testSize();

    /** @return the training batches of epoch {@code epoch} (0-based), in order; the last may be smaller */
    Iterable<DataSet> trainBatches(int epoch);

    /** @return the test batches */
    Iterable<DataSet> testBatches();

    /** @return the number of training batches per epoch */
    int batchesPerEpoch();

    /**
     * @return how many training examples the training loss is measured on after each epoch (fewer for text, whose
     *         one-hot labels are large)
     */
    int lossSampleSize();

    /**
     * Labelled images ({@link ImageSet}: features flat in [0, 1], one-hot labels) cut into shuffled batches.
     *
     * @param images    the image set (for a VAE, whose labels are its features, the features twice)
     * @param batchSize examples per training batch
     * @param seed      the shuffle's seed
     */
    record Images(ImageSet images, int batchSize, long seed) implements Workload {

        public Images {
            if (images.train().numExamples() < 1 || images.test().numExamples() < 1) {
                throw new IllegalArgumentException(images.name() + " has no training or no test examples");
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("the batch size must be >= 1, got " + batchSize);
            }
        }

        /** @return the data set's name */
        public String name() {
            return images.name();
        }

        /** @return image channels */
        public int channels() {
            return images.channels();
        }

        /** @return image height */
        public int height() {
            return images.height();
        }

        /** @return image width */
        public int width() {
            return images.width();
        }

        /** @return classes */
        public int classes() {
            return images.classes();
        }

        @Override
        public String description() {
            return String.format(java.util.Locale.ROOT, "%s: %d train / %d test images, %d x %d x %d, %d classes", name(),
                    trainSize(), testSize(), channels(), height(), width(), classes());
        }

        @Override
        public int trainSize() {
            return images.train().numExamples();
        }

        @Override
        public int batchesPerEpoch() {
            return (trainSize() + batchSize - 1) / batchSize;
        }

        @Override
        public int lossSampleSize() {
            return 2048;
        }

        @Override
        public int testSize() {
            return images.test().numExamples();
        }

        @Override
        public Iterable<DataSet> trainBatches(int epoch) {
            int[] order = new int[trainSize()];
            Arrays.setAll(order, i -> i);
            Random r = new Random(seed * 1_000_003L + epoch);
            for (int i = order.length - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            return () -> batches(order.length, batchSize, b -> images.train().get(Arrays.copyOfRange(order, b, Math.min(order.length, b + batchSize))));
        }

        @Override
        public Iterable<DataSet> testBatches() {
            int testBatch = Math.max(batchSize, 256);
            return () -> batches(testSize(), testBatch, b -> {
                int[] idx = new int[Math.min(testSize(), b + testBatch) - b];
                Arrays.setAll(idx, i -> b + i);
                return images.test().get(idx);
            });
        }
    }

    /**
     * Token windows of a text corpus for a causal or a masked language model.
     *
     * @param name      the corpus's name
     * @param tokenizer the WordPiece tokenizer that made the windows
     * @param train     training windows (T + 1 tokens for causal, T for masked)
     * @param test      test windows
     * @param masked    true for masked-LM batches (15% of positions chosen, BERT's 80/10/10), false for next-token
     * @param batchSize windows per batch
     * @param seed      the seed of the order and of the masking
     */
    record Text(String name, WordPieceTokenizer tokenizer, List<int[]> train, List<int[]> test, boolean masked, int batchSize,
                long seed) implements Workload {

        /** The masked-LM masking rate (BERT's). */
        public static final double MASKING_RATE = 0.15;

        public Text {
            if (batchSize < 1) {
                throw new IllegalArgumentException("the batch size must be >= 1, got " + batchSize);
            }
            if (train.size() < batchSize || test.isEmpty()) {
                throw new IllegalArgumentException(name + " gives " + train.size() + " training and " + test.size()
                        + " test sequences: too few for batches of " + batchSize + " (use a smaller --batch or more text)");
            }
        }

        /** @return tokens per sequence the model reads */
        public int length() {
            return masked ? train.get(0).length : train.get(0).length - 1;
        }

        @Override
        public String description() {
            return String.format(java.util.Locale.ROOT, "%s: %d train / %d test sequences of %d WordPiece tokens, vocabulary %d, %s",
                    name, trainSize(), testSize(), length(), tokenizer.size(),
                    masked ? "masked LM (15% of positions, BERT's 80/10/10)" : "next-token LM");
        }

        @Override
        public int trainSize() {
            return train.size();
        }

        @Override
        public int batchesPerEpoch() {
            return train.size() / batchSize; // whole batches only
        }

        @Override
        public int lossSampleSize() {
            return 256;
        }

        @Override
        public int testSize() {
            return test.size();
        }

        @Override
        public Iterable<DataSet> trainBatches(int epoch) {
            List<int[]> order = new ArrayList<>(train);
            java.util.Collections.shuffle(order, new Random(seed * 1_000_003L + epoch));
            long maskSeed = seed * 7_919L + epoch;
            // whole batches only: every sequence batch has the same shape
            int whole = order.size() / batchSize * batchSize;
            return () -> {
                var masker = LanguageModelBatches.masker(MASKING_RATE, maskSeed);
                return batches(whole, batchSize, b -> batch(order.subList(b, b + batchSize), masker));
            };
        }

        @Override
        public Iterable<DataSet> testBatches() {
            return () -> {
                var masker = LanguageModelBatches.masker(MASKING_RATE, seed ^ 0x7E57L);
                return batches(test.size(), batchSize, b -> batch(test.subList(b, Math.min(test.size(), b + batchSize)), masker));
            };
        }

        private DataSet batch(List<int[]> windows, org.deeplearning4j.iterator.bert.BertMaskedLMMasker masker) {
            return masked ? LanguageModelBatches.maskedBatch(windows, tokenizer, masker)
                    : LanguageModelBatches.causalBatch(windows, tokenizer.size());
        }
    }

    /** @return the batches starting at 0, size, 2 size, ... below {@code n}, each made by {@code make} on demand */
    private static Iterator<DataSet> batches(int n, int size, IntFunction<DataSet> make) {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < n;
            }

            @Override
            public DataSet next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                DataSet d = make.apply(next);
                next += size;
                return d;
            }
        };
    }
}
