package org.pc4j.app.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link ClassificationScore} counts answers against true labels: the confusion matrix, accuracies, shown answers. */
class ClassificationScoreTest {

    @Test
    void countsAnswersAgainstTruthsIntoTheConfusionMatrixAndItsAccuracies() {
        int[] truth = {0, 0, 1, 1, 1, 2};
        int[] answers = {0, 1, 1, 1, 2, 0};
        ClassificationScore s = ClassificationScore.of(3, answers, truth, 4);
        assertThat(s.confusion()).isEqualTo(new int[][] {{1, 1, 0}, {0, 2, 1}, {1, 0, 0}});
        assertThat(s.accuracy()).isEqualTo(3 / 6.0);
        assertThat(s.perClassAccuracy()).containsExactly(0.5, 2 / 3.0, 0.0);
        assertThat(s.shownAnswers()).containsExactly(0, 1, 1, 1);
        assertThat(s.shownTruth()).containsExactly(0, 0, 1, 1);
    }

    @Test
    void aClassWithoutTestImagesHasNoAccuracyAndFewerImagesThanShownAreAllShown() {
        ClassificationScore s = ClassificationScore.of(3, new int[] {0, 2}, new int[] {0, 0}, 8);
        assertThat(s.perClassAccuracy()[0]).isEqualTo(0.5);
        assertThat(s.perClassAccuracy()[1]).isNaN();
        assertThat(s.shownAnswers()).containsExactly(0, 2);
    }

    @Test
    void refusesMismatchedLengthsAndNonSquareMatrices() {
        assertThatThrownBy(() -> ClassificationScore.of(2, new int[] {0}, new int[] {0, 1}, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClassificationScore(new int[][] {{0, 1}, {1}}, new int[0], new int[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("square");
        assertThatThrownBy(() -> new ClassificationScore(new int[][] {{1}}, new int[0], new int[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClassificationScore(new int[][] {{1, 0}, {0, 1}}, new int[1], new int[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("answer");
    }
}
