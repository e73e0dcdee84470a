package org.pc4j.app.graph;

import java.util.Arrays;
import org.nd4j.evaluation.classification.ConfusionMatrix;
import org.nd4j.evaluation.classification.Evaluation;

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

    /**
     * Reads the confusion matrix of DL4J's {@link Evaluation} and keeps the first {@code shown} answers and labels.
     *
     * @param eval    the evaluation over every test image (at least one counted)
     * @param classes the classes, the matrix's size
     * @param answers the answers in test order (at least the shown ones)
     * @param truth   the true labels in the same order
     * @param shown   how many of them the report shows
     */
    public static ClassificationScore of(Evaluation eval, int classes, int[] answers, int[] truth, int shown) {
        if (answers.length != truth.length) {
            throw new IllegalArgumentException("one answer per true label, got " + answers.length + " and " + truth.length);
        }
        ConfusionMatrix<Integer> m = eval.getConfusionMatrix();
        if (m == null) {
            throw new IllegalArgumentException("the evaluation has counted no test image");
        }
        int[][] confusion = new int[classes][classes];
        for (int t = 0; t < classes; t++) {
            for (int a = 0; a < classes; a++) {
                confusion[t][a] = m.getCount(t, a);
            }
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
