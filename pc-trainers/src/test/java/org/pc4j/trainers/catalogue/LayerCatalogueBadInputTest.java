package org.pc4j.trainers.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.pc4j.trainers.InvalidBatchException;
import org.pc4j.trainers.PcTrainer;
import org.pc4j.trainers.Schedule;

/**
 * Bad input on every network of the layer catalogue, under every schedule: features with one channel (or feature) too
 * many, and labels with the wrong number of examples, are refused with an {@code InvalidBatchException} that names the
 * shapes (and the layer) before any update, and the parameters, the updater state and the iteration count stay exactly
 * as they were.
 */
class LayerCatalogueBadInputTest {

    static Stream<CatalogueCase> cases() {
        return CatalogueCases.all().stream();
    }

    /** @return the batch with one more channel (dimension 1) in its first features array */
    private static MultiDataSet oneChannelTooMany(MultiDataSet b) {
        INDArray x = b.getFeatures(0);
        long[] shape = x.shape().clone();
        shape[1] += 1;
        INDArray wider = Nd4j.rand(x.dataType(), shape);
        INDArray[] features = b.getFeatures().clone();
        features[0] = wider;
        return new org.nd4j.linalg.dataset.MultiDataSet(features, b.getLabels(), b.getFeaturesMaskArrays(), b.getLabelsMaskArrays());
    }

    /** @return the batch with its labels cut to one example fewer */
    private static MultiDataSet oneLabelFewer(MultiDataSet b) {
        INDArray y = b.getLabels(0);
        INDArray fewer = y.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, y.size(0) - 1)).dup();
        INDArray[] labels = b.getLabels().clone();
        labels[0] = fewer;
        return new org.nd4j.linalg.dataset.MultiDataSet(b.getFeatures(), labels, b.getFeaturesMaskArrays(),
                b.getLabelsMaskArrays() == null ? null : new INDArray[] {null});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aBatchThatDoesNotFitIsRefusedAndChangesNothing(CatalogueCase c) {
        MultiDataSet good = c.batches(1).get(0);
        for (Schedule schedule : List.of(Schedule.zil(), Schedule.faZil(4), Schedule.pc(3), Schedule.ipc(3))) {
            for (MultiDataSet bad : List.of(oneChannelTooMany(good), oneLabelFewer(good))) {
                NeuralNetwork net = c.network();
                INDArray params = net.params().dup();
                INDArray state = LayerCatalogueZilTest.updaterState(net) == null ? null : LayerCatalogueZilTest.updaterState(net).dup();
                assertThatThrownBy(() -> PcTrainer.builder().schedule(schedule).build().fit(net, bad))
                        .as("%s, %s", c, schedule).isInstanceOf(InvalidBatchException.class).hasMessageContaining("[");
                assertThat(net.params().equalsWithEps(params, 0)).as("%s, %s: parameters unchanged", c, schedule).isTrue();
                INDArray after = LayerCatalogueZilTest.updaterState(net);
                assertThat(after == null ? state == null : after.equalsWithEps(state, 0)).as("%s, %s: updater state", c, schedule).isTrue();
                int iterations = net instanceof org.deeplearning4j.nn.multilayer.MultiLayerNetwork m ? m.getIterationCount()
                        : ((org.deeplearning4j.nn.graph.ComputationGraph) net).getIterationCount();
                assertThat(iterations).isZero();
            }
        }
    }
}
