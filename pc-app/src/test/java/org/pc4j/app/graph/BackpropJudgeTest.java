package org.pc4j.app.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.junit.jupiter.api.Test;
import org.pc4j.zoo.data.DataSources;
import org.pc4j.zoo.data.ImageSet;

/**
 * {@link BackpropJudge} on the embedded 8 x 8 digits: trained by backprop it labels the test digits far above chance,
 * and the accuracy it reports is the fraction of its own labels that are right.
 */
class BackpropJudgeTest {

    @Test
    void labelsTheTestDigitsWithTheAccuracyItReports() {
        ImageSet set = (ImageSet) DataSources.load("digits", null, 42);
        BackpropJudge judge = BackpropJudge.train(set, 42);
        INDArray f = set.test().getFeatures();
        int[] labels = judge.labels(f.reshape(f.size(0), f.length() / f.size(0)));
        int[] truth = set.test().getLabels().argMax(1).toIntVector();
        int right = 0;
        for (int i = 0; i < truth.length; i++) {
            right += labels[i] == truth[i] ? 1 : 0;
        }
        assertThat(judge.testAccuracy()).as("chance is 0.1").isGreaterThan(0.9).isEqualTo(right / (double) truth.length);
        int batches = (set.train().numExamples() + 63) / 64;
        assertThat(judge.epochs()).as("whole epochs to reach %s updates (%s batches an epoch), at most %s", BackpropJudge.MIN_UPDATES,
                batches, BackpropJudge.MAX_EPOCHS).isEqualTo(Math.min(BackpropJudge.MAX_EPOCHS, (BackpropJudge.MIN_UPDATES + batches - 1) / batches));
        assertThat(judge.description()).contains("64-256-10").contains("backprop");
    }

    @Test
    void refusesDataWithOneClass() {
        ImageSet set = (ImageSet) DataSources.load("digits", null, 42);
        ImageSet one = new ImageSet("one", set.train(), set.test(), set.channels(), set.height(), set.width(), 1);
        assertThatThrownBy(() -> BackpropJudge.train(one, 42)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 classes");
    }
}
