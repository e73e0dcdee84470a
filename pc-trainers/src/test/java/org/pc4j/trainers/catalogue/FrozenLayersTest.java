package org.pc4j.trainers.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.learning.config.Sgd;
import org.pc4j.trainers.PcTrainer;
import org.pc4j.trainers.Schedule;

/**
 * Frozen layers under every schedule, as under {@code net.fit}: a {@code FrozenLayer} or {@code FrozenVertex} keeps its
 * parameters, a {@code FrozenLayerWithBackprop} keeps its own and passes the error on, and a {@code FrozenLayer} sends no
 * error below, so the layers under it keep theirs too (DL4J's feature-extractor semantics); every other layer learns.
 * Parameters are compared exactly.
 */
class FrozenLayersTest {

    private static CatalogueCase named(String prefix) {
        return CatalogueCases.all().stream().filter(c -> c.name().startsWith(prefix)).findFirst().orElseThrow();
    }

    private static Map<String, INDArray> table(NeuralNetwork net) {
        return net instanceof MultiLayerNetwork m ? m.paramTable() : ((ComputationGraph) net).paramTable();
    }

    private static void assertOnlyTheseLearn(CatalogueCase c, Set<String> learning) {
        for (Schedule schedule : List.of(Schedule.pc(3), Schedule.ipc(3), Schedule.zil(), Schedule.faZil(4))) {
            NeuralNetwork net = c.network(new Sgd(0.1));
            Map<String, INDArray> initial = new java.util.HashMap<>();
            table(net).forEach((k, v) -> initial.put(k, v.dup()));
            PcTrainer trainer = PcTrainer.builder().schedule(schedule).build();
            for (MultiDataSet b : c.batches(2)) {
                trainer.fit(net, b);
            }
            NeuralNetwork bp = c.network(new Sgd(0.1));
            for (MultiDataSet b : c.batches(2)) {
                LayerCatalogueZilTest.fit(bp, b);
            }
            table(net).forEach((key, now) -> {
                String node = key.substring(0, key.lastIndexOf('_'));
                boolean learns = learning.contains(node);
                assertThat(now.equalsWithEps(initial.get(key), 0)).as("%s under %s: %s %s", c, schedule, key,
                        learns ? "learns" : "stays").isEqualTo(!learns);
                assertThat(table(bp).get(key).equalsWithEps(initial.get(key), 0)).as("%s under net.fit: %s", c, key)
                        .isEqualTo(!learns);
            });
        }
    }

    @Test
    void frozenLayersInAChainKeepTheirParametersAndAFrozenLayerBlocksTheErrorBelowIt() {
        // 0 dense, 1 FrozenLayerWithBackprop, 2 dense, 3 FrozenLayer, 4 dense, 5 output
        assertOnlyTheseLearn(named("FrozenLayer and"), Set.of("4", "5"));
    }

    @Test
    void aFrozenFeatureExtractorVertexKeepsItsParameters() {
        assertOnlyTheseLearn(named("FrozenVertex"), Set.of("d2", "out"));
    }
}
