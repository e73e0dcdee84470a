package org.pc4j.trainers.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The "top-k" firing rule of assemblies of neurons (Papadimitriou, Vempala, Mitropolsky, Collins and Maass, "Brain
 * computation by assemblies of neurons", PNAS 117(25), 2020; used on PC graphs in Salvatori's thesis §5.5: "at each
 * time step, only the k neurons of every cluster with the highest neural activity fire").
 *
 * <p>For a batch of signals {@code s} ({@code [B, n]}: the activities {@code f(x)}, or the values {@code x} where the
 * activation sits after the sum) the rule is the 0/1 matrix {@code K(s)}, {@code [B, n]}:
 * <pre>
 *   K_bi = 1  if neuron i is in no cluster, or s_bi >= the k_C-th largest s_bj over the neurons j of i's cluster C,
 *   K_bi = 0  otherwise;                      k_C = ceil(fraction |C|)
 * </pre>
 * and a neuron sends {@code s_bi K_bi} along its edges. {@code K} is piecewise constant in {@code s}, so the energy's
 * gradients hold {@code K} fixed (exact wherever no two activities of a cluster are equal at the threshold; at a tie
 * every tied neuron fires). Each example chooses its own firing neurons.
 *
 * @param clusters the clusters, disjoint; neurons outside every cluster always fire
 * @param fraction k as a fraction of each cluster, in (0, 1] (the thesis: 0.2)
 */
public record TopKActivity(List<Cluster> clusters, double fraction) {

    /** A cluster: the neurons {@code start .. start + size - 1}. */
    public record Cluster(int start, int size) {
        public Cluster {
            if (start < 0 || size < 1) {
                throw new IllegalArgumentException("a cluster is a start >= 0 and a size >= 1, got start " + start + ", size " + size);
            }
        }

        /** @return one past its last neuron */
        public int end() {
            return start + size;
        }
    }

    public TopKActivity {
        if (clusters == null || clusters.isEmpty()) {
            throw new IllegalArgumentException("top-k activity needs at least one cluster");
        }
        if (!(fraction > 0) || fraction > 1) {
            throw new IllegalArgumentException("the top-k fraction must be in (0, 1], got " + fraction);
        }
        clusters = List.copyOf(clusters);
        List<Cluster> sorted = new ArrayList<>(clusters);
        sorted.sort((a, b) -> Integer.compare(a.start(), b.start()));
        for (int c = 1; c < sorted.size(); c++) {
            if (sorted.get(c).start() < sorted.get(c - 1).end()) {
                throw new IllegalArgumentException("top-k clusters must be disjoint: " + sorted.get(c - 1) + " and " + sorted.get(c) + " overlap");
            }
        }
    }

    /** @return {@code clusters} equal clusters of {@code size} neurons from neuron {@code start} on */
    public static TopKActivity consecutive(int start, int clusters, int size, double fraction) {
        if (clusters < 1) {
            throw new IllegalArgumentException("top-k activity needs at least one cluster, got " + clusters);
        }
        List<Cluster> list = new ArrayList<>();
        for (int c = 0; c < clusters; c++) {
            list.add(new Cluster(start + c * size, size));
        }
        return new TopKActivity(list, fraction);
    }

    /** @return k of a cluster: how many of its neurons fire */
    public int firing(Cluster cluster) {
        return (int) Math.min(cluster.size(), Math.ceil(fraction * cluster.size() - 1e-9));
    }

    /**
     * @throws IllegalArgumentException if a cluster reaches past neuron {@code neurons - 1}
     */
    void requireWithin(int neurons) {
        for (Cluster c : clusters) {
            if (c.end() > neurons) {
                throw new IllegalArgumentException("top-k cluster " + c + " reaches past the graph's " + neurons + " neurons");
            }
        }
    }

    /**
     * @param signal {@code [B, n]}
     * @return {@code K(signal)}, {@code [B, n]}, of the signal's data type
     */
    INDArray mask(INDArray signal) {
        INDArray k = Nd4j.ones(signal.dataType(), signal.shape());
        for (Cluster c : clusters) {
            INDArray block = signal.get(NDArrayIndex.all(), NDArrayIndex.interval(c.start(), c.end()));
            INDArray descending = Nd4j.sort(block.dup(), 1, false);
            INDArray threshold = descending.getColumn(firing(c) - 1, true);
            INDArray fires = block.subColumnVector(threshold).gte(0).castTo(signal.dataType());
            k.get(NDArrayIndex.all(), NDArrayIndex.interval(c.start(), c.end())).assign(fires);
        }
        return k;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "top-k firing: %s of each of %d clusters", fraction, clusters.size());
    }
}
