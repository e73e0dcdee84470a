package org.pc4j.app.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pc4j.testkit.NdAssertions.assertBitIdentical;
import static org.pc4j.testkit.NdAssertions.assertNotBitIdentical;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.pc4j.zoo.data.DataSources;

/** Every method of a comparison sees the same batches in the same order; the model decides what a batch holds. */
class WorkloadTest {

    private static List<DataSet> list(Iterable<DataSet> batches) {
        List<DataSet> out = new ArrayList<>();
        batches.forEach(out::add);
        return out;
    }

    @Test
    void anEpochsBatchesAreTheSameEveryTimeAndDifferBetweenEpochs() {
        ModelOptions o = new ModelOptions(5, 0, 50, 0, 0, 0, 0, 300, 100);
        Workload w = ModelKind.MLP.workload(DataSources.load("digits", null, 5), o);
        List<DataSet> a = list(w.trainBatches(1));
        List<DataSet> b = list(w.trainBatches(1));
        assertThat(a).hasSize(6).hasSize(w.batchesPerEpoch()); // 300 examples in batches of 50
        for (int i = 0; i < a.size(); i++) {
            assertBitIdentical(a.get(i).getFeatures(), b.get(i).getFeatures());
            assertBitIdentical(a.get(i).getLabels(), b.get(i).getLabels());
        }
        assertNotBitIdentical(list(w.trainBatches(2)).get(0).getFeatures(), a.get(0).getFeatures());
        // a fresh workload from the same seed gives the same batches (a second method, a second run)
        Workload again = ModelKind.MLP.workload(DataSources.load("digits", null, 5), o);
        assertBitIdentical(list(again.trainBatches(1)).get(3).getFeatures(), a.get(3).getFeatures());
        // another order of the same examples
        assertThat(sum(list(w.trainBatches(2)))).isCloseTo(sum(a), org.assertj.core.api.Assertions.within(1e-2));
    }

    private static double sum(List<DataSet> batches) {
        return batches.stream().mapToDouble(d -> d.getFeatures().sumNumber().doubleValue()).sum();
    }

    @Test
    void imagesAreFlatInTheUnitIntervalAndTheVaeReconstructsThem() {
        ModelOptions o = new ModelOptions(5, 0, 32, 0, 0, 0, 0, 64, 32);
        Workload w = ModelKind.VAE.workload(DataSources.load("fashion-sample", null, 5), o);
        DataSet d = w.trainBatches(0).iterator().next();
        assertThat(d.getFeatures().shape()).containsExactly(32, 784);
        assertThat(d.getFeatures().minNumber().doubleValue()).isGreaterThanOrEqualTo(0);
        assertThat(d.getFeatures().maxNumber().doubleValue()).isLessThanOrEqualTo(1);
        assertBitIdentical(d.getLabels(), d.getFeatures());
    }

    @Test
    void causalTextBatchesLabelEachPositionWithTheNextToken() {
        ModelOptions o = new ModelOptions(5, 0, 4, 0, 0, 100, 8, 40, 8);
        Workload.Text w = (Workload.Text) ModelKind.BERT_CLM.workload(DataSources.load("text-sample", null, 5), o);
        assertThat(w.batchesPerEpoch()).isEqualTo(10).isEqualTo(list(w.trainBatches(0)).size());
        DataSet d = w.trainBatches(0).iterator().next();
        assertThat(d.getFeatures().shape()).containsExactly(4, 8);
        assertThat(d.getLabels().shape()).containsExactly(4, w.tokenizer().size(), 8);
        // the label at t is the input at t + 1
        for (int i = 0; i < 4; i++) {
            for (int t = 0; t < 7; t++) {
                int next = d.getFeatures().getInt(i, t + 1);
                assertThat(d.getLabels().getDouble(i, next, t)).isEqualTo(1.0);
            }
        }
    }
}
