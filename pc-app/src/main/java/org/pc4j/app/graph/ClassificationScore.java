package org.pc4j.app.graph;

import java.util.Arrays;

/**
 * What a classification query answered: the confusion matrix over the test images and, for the images the report
 * shows, each answer beside its true label.
 *
 * @param confusion    {@code confusion[truth][answer]}: test images of class {@code truth} answered {@code answer};
 *                     square, >= 2 classes
 * @param shownAnswers the answers for the shown images, in grid order
 * @param shownTruth   their true labels
 */
public record ClassificationScore(int[][] confusion, int[] shownAnswers, int[] shownTruth) {

    /** @throws IllegalArgumentException if the matrix is not square with >= 2 classes, or the shown arrays differ in length */
    public ClassificationScore {
        int classes = confusion.length;
        if (classes < 2 || Arrays.stream(confusion).anyMatch(r -> r.length != classes)) {
            throw new IllegalArgumentException("a confusion matrix is square with >= 2 classes");
        }
        if (shownAnswers.length != shownTruth.length) {
            throw new IllegalArgumentException("every shown image needs an answer and a true label, got " + shownAnswers.length
                    + " answers and " + shownTruth.length + " labels");
        }
        confusion = Arrays.stream(confusion).map(int[]::clone).toArray(int[][]::new);
        shownAnswers = shownAnswers.clone();
        shownTruth = shownTruth.clone();
    }

    /** Counts answers against truths. @param answers and @param truth per test image, classes in 0..classes-1 */
    public static ClassificationScore of(int classes, int[] answers, int[] truth, int shown) {
        if (answers.length != truth.length) {
            throw new IllegalArgumentException("one answer per true label, got " + answers.length + " and " + truth.length);
        }
        int[][] confusion = new int[classes][classes];
        for (int i = 0; i < truth.length; i++) {
            confusion[truth[i]][answers[i]]++;
        }
        int k = Math.min(shown, truth.length);
        return new ClassificationScore(confusion, Arrays.copyOf(answers, k), Arrays.copyOf(truth, k));
    }

    @Override
    public int[][] confusion() {
        return Arrays.stream(confusion).map(int[]::clone).toArray(int[][]::new);
    }

    @Override
    public int[] shownAnswers() {
        return shownAnswers.clone();
    }

    @Override
    public int[] shownTruth() {
        return shownTruth.clone();
    }

    /** @return the fraction of test images answered right */
    public double accuracy() {
        long right = 0;
        long all = 0;
        for (int t = 0; t < confusion.length; t++) {
            right += confusion[t][t];
            all += Arrays.stream(confusion[t]).sum();
        }
        return all == 0 ? 0 : right / (double) all;
    }

    /** @return per class, the fraction of its test images answered right (NaN for a class with no test image) */
    public double[] perClassAccuracy() {
        double[] a = new double[confusion.length];
        for (int t = 0; t < confusion.length; t++) {
            int n = Arrays.stream(confusion[t]).sum();
            a[t] = n == 0 ? Double.NaN : confusion[t][t] / (double) n;
        }
        return a;
    }
}
