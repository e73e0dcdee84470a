package org.pc4j.app.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pc4j.testkit.NdAssertions.assertBitIdentical;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.pc4j.trainers.graph.GraphConfig;
import org.pc4j.trainers.graph.GraphMask;
import org.pc4j.trainers.graph.PcGraph;
import org.pc4j.zoo.data.DataSources;
import org.pc4j.zoo.data.ImageSet;

/**
 * The graph command's per-epoch shuffle ({@code --shuffle}, the default): each epoch sees every training image once,
 * in an order fixed by the seed and the epoch, and training is reproducible from the seed.
 */
class GraphExperimentShuffleTest {

    private static List<DataSet> images(int n) {
        List<DataSet> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(new DataSet(Nd4j.scalar(i).reshape(1, 1), Nd4j.scalar(i).reshape(1, 1)));
        }
        return list;
    }

    @Test
    void everyEpochSeesEveryImageOnceInAnOrderFixedBySeedAndEpoch() {
        List<DataSet> given = images(50);
        assertThat(GraphExperiment.epochOrder(given, null, 3)).as("no seed: the data set's order").containsExactlyElementsOf(given);
        List<DataSet> first = GraphExperiment.epochOrder(given, 7L, 0);
        Map<DataSet, Integer> seen = new IdentityHashMap<>();
        for (DataSet d : first) {
            seen.merge(d, 1, Integer::sum);
        }
        assertThat(seen).as("a permutation: each image once").hasSize(50).allSatisfy((d, times) -> assertThat(times).isEqualTo(1));
        assertThat(first).as("shuffled").isNotEqualTo(given);
        assertThat(GraphExperiment.epochOrder(given, 7L, 0)).as("the same seed and epoch: the same order").containsExactlyElementsOf(first);
        assertThat(GraphExperiment.epochOrder(given, 7L, 1)).as("the next epoch: another order").isNotEqualTo(first);
        assertThat(given.get(0).getFeatures().getInt(0)).as("the caller's list is not reordered").isZero();
    }

    private static INDArray trained(ImageSet set, Long shuffleSeed) {
        int pixels = 64;
        int sensory = pixels + 10;
        GraphConfig config = GraphConfig.builder(sensory + 16, sensory).labels(10).inferenceRate(0.2).trainSteps(5)
                .updater(new Adam(1e-3)).weightDecay(0).seed(4).build();
        PcGraph graph = new PcGraph(config, GraphMask.feedForward(pixels, 16, 10));
        new GraphExperiment(set, 200, 10, 50, new PrintWriter(new StringWriter())).train(graph, 2, false, 0, 1, 0, shuffleSeed);
        return graph.weights();
    }

    @Test
    void trainingWithTheSameShuffleSeedIsReproducibleAndShufflingChangesTheUpdates() {
        ImageSet set = (ImageSet) DataSources.load("digits", null, 1);
        INDArray a = trained(set, 11L);
        assertBitIdentical("the same seed, the same weights", trained(set, 11L), a);
        INDArray unshuffled = trained(set, null);
        assertThat(a.sub(unshuffled).amaxNumber().doubleValue()).as("the batches differ, so do the weights").isGreaterThan(1e-6);
        assertThat(trained(set, 12L).sub(a).amaxNumber().doubleValue()).as("another seed, another order").isGreaterThan(1e-6);
    }
}
