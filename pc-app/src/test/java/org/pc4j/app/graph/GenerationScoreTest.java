package org.pc4j.app.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link GenerationScore} counts the generated images given their asked label, per label and in all. */
class GenerationScoreTest {

    @Test
    void countsTheImagesGivenTheirAskedLabelPerLabelAndInAll() {
        GenerationScore s = new GenerationScore("judge", 0.97, new int[][] {{0, 0, 2}, {1, 0, 1}, {0, 1, 1}});
        assertThat(s.asAsked(0)).isEqualTo(2);
        assertThat(s.asAsked(1)).isEqualTo(2);
        assertThat(s.asAsked(2)).isZero();
        assertThat(s.asAsked()).isEqualTo(4);
        assertThat(s.fraction()).isEqualTo(4 / 9.0);
    }

    @Test
    void keepsItsOwnCopyOfTheJudgedClasses() {
        int[][] judged = {{0, 1}, {1, 1}};
        GenerationScore s = new GenerationScore("judge", 1, judged);
        judged[0][1] = 0;
        s.judged()[1][0] = 0;
        assertThat(s.asAsked()).isEqualTo(3);
    }

    @Test
    void refusesNoLabelsEmptyRowsAndRaggedRows() {
        assertThatThrownBy(() -> new GenerationScore("judge", 1, new int[0][])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GenerationScore("judge", 1, new int[][] {{}})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GenerationScore("judge", 1, new int[][] {{0, 1}, {1}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same number");
    }
}
