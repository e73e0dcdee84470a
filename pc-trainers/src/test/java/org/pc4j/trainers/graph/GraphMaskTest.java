package org.pc4j.trainers.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The topologies of the thesis' Fig. 5.5 as masks: their edges counted from their definitions. */
class GraphMaskTest {

    @Test
    void fullyConnectedHasEveryOrderedPairButSelfLoops() {
        GraphMask m = GraphMask.fullyConnected(5);
        assertThat(m.edgeCount()).isEqualTo(5 * 4);
        assertThat(m.hasSelfLoops()).isFalse();
        assertThat(m.has(0, 4)).isTrue();
        assertThat(m.has(4, 0)).isTrue();
    }

    @Test
    void feedForwardPointsFromEachLayerToTheNextAndHierarchicalIsItsTranspose() {
        GraphMask ff = GraphMask.feedForward(3, 4, 2);
        assertThat(ff.edgeCount()).isEqualTo(3 * 4 + 4 * 2);
        assertThat(ff.has(3, 0)).as("neuron 0 (layer 0) predicts neuron 3 (layer 1)").isTrue();
        assertThat(ff.has(0, 3)).isFalse();
        assertThat(ff.has(7, 3)).as("layer 1 predicts layer 2").isTrue();
        assertThat(ff.has(7, 0)).as("no skip connections").isFalse();
        GraphMask h = GraphMask.hierarchical(3, 4, 2);
        for (int i = 0; i < 9; i++) {
            for (int j = 0; j < 9; j++) {
                assertThat(h.has(i, j)).isEqualTo(ff.has(j, i));
            }
        }
        boolean[] all = new boolean[9];
        java.util.Arrays.fill(all, true);
        assertThat(ff.longestPathWithin(all)).isEqualTo(2);
    }

    @Test
    void lateralAddsEveryPairInsideHiddenLayersOnly() {
        GraphMask l = GraphMask.lateral(2, 3, 3, 2);
        long ff = 2 * 3 + 3 * 3 + 3 * 2;
        assertThat(l.edgeCount()).isEqualTo(ff + 2 * (3 * 2));
        assertThat(l.has(2, 3)).isTrue();
        assertThat(l.has(0, 1)).as("the sensory layer has no lateral edges").isFalse();
        assertThat(l.hasSelfLoops()).isFalse();
        boolean[] all = new boolean[10];
        java.util.Arrays.fill(all, true);
        assertThat(l.longestPathWithin(all)).as("lateral edges make cycles").isEqualTo(-1);
        boolean[] ends = new boolean[10];
        ends[0] = true;
        ends[1] = true;
        ends[8] = true;
        ends[9] = true;
        assertThat(l.longestPathWithin(ends)).as("the cycles lie outside the subset, which has no edge inside").isZero();
        boolean[] firstTwo = new boolean[10];
        java.util.Arrays.fill(firstTwo, 0, 5, true);
        assertThat(l.longestPathWithin(firstTwo)).as("one hidden layer's lateral edges are a cycle").isEqualTo(-1);
    }

    @Test
    void anAssemblyIsSeededWithDensitiesNearItsProbabilitiesAndChainsItsClusters() {
        GraphMask a = GraphMask.assembly(20, 3, 30, 0.3, 0.1, true, 5);
        assertThat(a).isEqualTo(GraphMask.assembly(20, 3, 30, 0.3, 0.1, true, 5));
        assertThat(a).isNotEqualTo(GraphMask.assembly(20, 3, 30, 0.3, 0.1, true, 6));
        long inside = 0;
        long between = 0;
        long other = 0;
        for (int[] e : a.edgeList()) {
            int to = cluster(e[0]);
            int from = cluster(e[1]);
            if (to == from && to >= 0) {
                inside++;
            } else if (to == from + 1) {
                between++;
            } else {
                other++;
            }
        }
        assertThat(other).as("only inside clusters and forward along the chain").isZero();
        double pairsInside = 3.0 * 30 * 29;
        double pairsBetween = 20.0 * 30 + 2 * 30.0 * 30;
        assertThat(inside / pairsInside).isBetween(0.25, 0.35);
        assertThat(between / pairsBetween).isBetween(0.07, 0.13);
        long backward = 0;
        for (int[] e : GraphMask.assembly(20, 3, 30, 0.3, 0.1, false, 5).edgeList()) {
            int to = cluster(e[0]);
            int from = cluster(e[1]);
            assertThat(to == from && to >= 0 || to == from - 1).as("generative: inside clusters or down the chain").isTrue();
            backward += to == from - 1 ? 1 : 0;
        }
        assertThat(backward / pairsBetween).isBetween(0.07, 0.13);
    }

    /** @return -1 for the 20 sensory neurons, else the cluster of 30 */
    private static int cluster(int neuron) {
        return neuron < 20 ? -1 : (neuron - 20) / 30;
    }

    @Test
    void composedMasksAddExactlyTheirBlocksAndRenumberingPermutesBothEnds() {
        GraphMask m = GraphMask.empty(6).withEdges(0, 2, 2, 3, "a").withLateral(2, 3, "b");
        assertThat(m.edgeCount()).isEqualTo(2 * 3 + 3 * 2);
        assertThat(m.has(4, 1)).isTrue();
        assertThat(m.has(1, 4)).isFalse();
        assertThat(m.has(3, 3)).isFalse();
        assertThat(m.union(GraphMask.fromEdges(6, List.of(new int[] {5, 0})), "c").edgeCount()).isEqualTo(13);
        GraphMask r = m.renumbered(new int[] {5, 4, 3, 2, 1, 0}, "reversed");
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                assertThat(r.has(i, j)).isEqualTo(m.has(5 - i, 5 - j));
            }
        }
        assertThatThrownBy(() -> m.renumbered(new int[] {0, 0, 1, 2, 3, 4}, "x")).hasMessageContaining("permutation");
        assertThatThrownBy(() -> m.withEdges(5, 2, 0, 1, "x")).hasMessageContaining("not within");
    }

    @Test
    void edgeListsAndBadShapesAreChecked() {
        GraphMask m = GraphMask.fromEdges(3, List.of(new int[] {1, 0}, new int[] {2, 1}));
        assertThat(m.edgeCount()).isEqualTo(2);
        assertThat(m.edgeList()).containsExactly(new int[] {1, 0}, new int[] {2, 1});
        assertThatThrownBy(() -> GraphMask.fromEdges(3, List.of(new int[] {3, 0}))).hasMessageContaining("0..2");
        assertThatThrownBy(() -> GraphMask.feedForward(4)).hasMessageContaining("at least 2 layers");
        assertThatThrownBy(() -> GraphMask.assembly(2, 1, 2, 1.5, 0, true, 1)).hasMessageContaining("pInside");
        assertThat(GraphMask.fromArray(m.toArray(org.nd4j.linalg.api.buffer.DataType.FLOAT))).isEqualTo(m);
    }
}
