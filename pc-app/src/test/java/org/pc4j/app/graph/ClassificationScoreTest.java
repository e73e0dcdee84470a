package org.pc4j.app.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@link ClassificationScore} reads DL4J's confusion matrix, derives per-class accuracies and keeps the shown answers. */
class ClassificationScoreTest {

    /** One-hot rows for the given classes. */
    private static INDArray oneHot(int classes, int... idx) {
        INDArray m = Nd4j.zeros(DataType.DOUBLE, idx.length, classes);
        for (int i = 0; i < idx.length; i++) {
            m.putScalar(i, idx[i], 1.0);
        }
        return m;
    }

    private static Evaluation evaluated(int classes, int[] truth, int[] answers) {
        Evaluation eval = new Evaluation(classes);
        eval.eval(oneHot(classes, truth), oneHot(classes, answers));
        return eval;
    }

    @Test
    void readsTheConfusionMatrixOfDl4jsEvaluationAndItsPerClassAccuracies() {
        int[] truth = {0, 0, 1, 1, 1, 2};
        int[] answers = {0, 1, 1, 1, 2, 0};
        ClassificationScore s = ClassificationScore.of(evaluated(3, truth, answers), 3, answers, truth, 4);
        // counted by hand: truth 0 -> answers 0, 1; truth 1 -> 1, 1, 2; truth 2 -> 0
        assertThat(s.confusion()).isEqualTo(new int[][] {{1, 1, 0}, {0, 2, 1}, {1, 0, 0}});
        assertThat(s.perClassAccuracy()).containsExactly(0.5, 2 / 3.0, 0.0);
        assertThat(s.shownAnswers()).containsExactly(0, 1, 1, 1);
        assertThat(s.shownTruth()).containsExactly(0, 0, 1, 1);
    }

    @Test
    void aClassWithoutTestImagesHasNoAccuracyAndFewerImagesThanShownAreAllShown() {
        int[] truth = {0, 0};
        int[] answers = {0, 2};
        ClassificationScore s = ClassificationScore.of(evaluated(3, truth, answers), 3, answers, truth, 8);
        assertThat(s.perClassAccuracy()[0]).isEqualTo(0.5);
        assertThat(s.perClassAccuracy()[1]).isNaN();
        assertThat(s.shownAnswers()).containsExactly(0, 2);
    }

    @Test
    void refusesMismatchedLengthsAnEmptyEvaluationAndNonSquareMatrices() {
        Evaluation eval = evaluated(2, new int[] {0, 1}, new int[] {0, 1});
        assertThatThrownBy(() -> ClassificationScore.of(eval, 2, new int[] {0}, new int[] {0, 1}, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClassificationScore.of(new Evaluation(), 2, new int[0], new int[0], 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no test image");
        assertThatThrownBy(() -> new ClassificationScore(new int[][] {{0, 1}, {1}}, new int[0], new int[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("square");
        assertThatThrownBy(() -> new ClassificationScore(new int[][] {{1}}, new int[0], new int[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClassificationScore(new int[][] {{1, 0}, {0, 1}}, new int[1], new int[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("answer");
    }
}
