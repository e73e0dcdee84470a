package org.pc4j.app.graph;

import java.util.Arrays;

/**
 * What a classifier trained by backprop ({@link BackpropJudge}) makes of label-conditioned generations: for each asked
 * label, the class it gives each generated image.
 *
 * @param judge         the classifier's description
 * @param judgeAccuracy its accuracy on the test images
 * @param judged        {@code judged[label][s]}: the class given to the s-th image generated for {@code label}; every
 *                      row the same length, >= 1
 */
public record GenerationScore(String judge, double judgeAccuracy, int[][] judged) {

    /** @throws IllegalArgumentException if there is no label, or rows are empty or of different lengths */
    public GenerationScore {
        if (judged.length < 1 || judged[0].length < 1) {
            throw new IllegalArgumentException("a generation score needs >= 1 label and >= 1 image per label");
        }
        for (int[] row : judged) {
            if (row.length != judged[0].length) {
                throw new IllegalArgumentException("every label needs the same number of generated images");
            }
        }
        judged = Arrays.stream(judged).map(int[]::clone).toArray(int[][]::new);
    }

    @Override
    public int[][] judged() {
        return Arrays.stream(judged).map(int[]::clone).toArray(int[][]::new);
    }

    /** @return how many of {@code label}'s generated images the classifier gives {@code label} */
    public int asAsked(int label) {
        return (int) Arrays.stream(judged[label]).filter(j -> j == label).count();
    }

    /** @return how many generated images in all the classifier gives their asked label */
    public int asAsked() {
        int n = 0;
        for (int label = 0; label < judged.length; label++) {
            n += asAsked(label);
        }
        return n;
    }

    /** @return the fraction of generated images the classifier gives their asked label */
    public double fraction() {
        return asAsked() / (double) (judged.length * judged[0].length);
    }
}
