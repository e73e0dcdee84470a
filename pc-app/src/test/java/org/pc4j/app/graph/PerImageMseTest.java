package org.pc4j.app.graph;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** The graph report's error per image: the mean squared error over the pixels a query scores, image by image (their mean is the reported MSE). */
class PerImageMseTest {

    @Test
    void averagesTheSquaredErrorOverTheScoredPixelsOfEachImage() {
        var recalled = Nd4j.createFromArray(new double[][] {{1, 0, 0.5, 0}, {0, 0, 0, 0}});
        var target = Nd4j.createFromArray(new double[][] {{0, 0, 0, 0}, {0.5, 0.5, 0.5, 0.5}});
        var scored = Nd4j.createFromArray(new double[][] {{1, 1, 1, 0}, {0, 0, 0, 0}});
        // image 1: (1 + 0 + 0.25) / 3 over the three scored pixels; image 2: no scored pixel, 0 (its sum over max(0, 1))
        assertThat(GraphExperiment.perImageMse(recalled, target, scored).toDoubleVector()).containsExactly(1.25 / 3, 0.0);
        assertThat(GraphExperiment.perImageMse(recalled, target, Nd4j.onesLike(scored)).toDoubleVector())
                .containsExactly(1.25 / 4, 0.25);
    }
}
