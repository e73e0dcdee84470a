package org.pc4j.app.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.pc4j.trainers.graph.GraphMask;
import org.pc4j.trainers.graph.TopKActivity;

/**
 * The topologies of {@code pc4j graph} (the thesis' Fig. 5.5) on one neuron layout: neurons {@code 0 .. p - 1} are the
 * pixels, {@code p .. p + c - 1} the label one-hot (together the sensory neurons), the rest hidden, split into
 * {@code layers} equal groups (the last takes the remainder).
 */
public enum GraphTopology {
    /** Every neuron predicts every other (no self-loops). */
    FC,
    /** pixels -> hidden 1 -> ... -> hidden L -> label: the PC network of an MLP. */
    FEEDFORWARD,
    /** label -> hidden L -> ... -> hidden 1 -> pixels: a generative network with the label on top. */
    HIERARCHICAL,
    /** FEEDFORWARD plus every edge inside each hidden layer (lateral, recurrent connections). */
    LATERAL,
    /**
     * An assembly of neurons: the hidden groups are clusters, each an Erdős–Rényi graph of edge probability
     * {@code pInside}; pixels -> cluster 1 -> ... -> cluster L -> label, each of those pairs an edge with probability
     * {@code pBetween}. With {@link #topK} each cluster fires only its k most active neurons at every step
     * (Papadimitriou's assemblies; the thesis §5.5 uses k = 0.2).
     */
    ASSEMBLY;

    /** @return the topology of a command-line name (fc, feedforward, hierarchical, lateral, assembly) */
    public static GraphTopology parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown topology '" + name + "': use fc, feedforward, hierarchical, lateral or assembly");
        }
    }

    /**
     * @param pixels   p
     * @param labels   c
     * @param hidden   hidden neurons, >= layers
     * @param layers   hidden layers or clusters, >= 1 (unused by FC)
     * @param pInside  assembly: edge probability inside a cluster
     * @param pBetween assembly: edge probability between consecutive members of the chain
     * @return the mask
     * @throws IllegalArgumentException if there are fewer hidden neurons than layers
     */
    public GraphMask mask(int pixels, int labels, int hidden, int layers, double pInside, double pBetween, long seed) {
        int n = pixels + labels + hidden;
        if (this == FC) {
            return GraphMask.fullyConnected(n);
        }
        List<TopKActivity.Cluster> groups = groups(pixels, labels, hidden, layers);
        int[] start = groups.stream().mapToInt(TopKActivity.Cluster::start).toArray();
        int[] size = groups.stream().mapToInt(TopKActivity.Cluster::size).toArray();
        String shape = String.format(Locale.ROOT, "%d pixels, %d labels, %d hidden in %d %s", pixels, labels, hidden, layers,
                this == ASSEMBLY ? "clusters" : "layers");
        GraphMask m = GraphMask.empty(n);
        switch (this) {
            case FEEDFORWARD, LATERAL -> {
                m = m.withEdges(0, pixels, start[0], size[0], shape);
                for (int k = 0; k + 1 < layers; k++) {
                    m = m.withEdges(start[k], size[k], start[k + 1], size[k + 1], shape);
                }
                m = m.withEdges(start[layers - 1], size[layers - 1], pixels, labels, "feed-forward: " + shape);
                if (this == LATERAL) {
                    for (int k = 0; k < layers; k++) {
                        m = m.withLateral(start[k], size[k], "feed-forward with lateral connections: " + shape);
                    }
                }
            }
            case HIERARCHICAL -> {
                m = m.withEdges(pixels, labels, start[layers - 1], size[layers - 1], shape);
                for (int k = layers - 1; k > 0; k--) {
                    m = m.withEdges(start[k], size[k], start[k - 1], size[k - 1], shape);
                }
                m = m.withEdges(start[0], size[0], 0, pixels, "hierarchical (generative): " + shape);
            }
            case ASSEMBLY -> {
                Random random = new Random(seed);
                String described = String.format(Locale.ROOT, "assembly: %s, p inside %s, p between %s, seed %d", shape,
                        pInside, pBetween, seed);
                for (int k = 0; k < layers; k++) {
                    m = m.withRandomEdges(start[k], size[k], start[k], size[k], pInside, random, described);
                }
                m = m.withRandomEdges(0, pixels, start[0], size[0], pBetween, random, described);
                for (int k = 0; k + 1 < layers; k++) {
                    m = m.withRandomEdges(start[k], size[k], start[k + 1], size[k + 1], pBetween, random, described);
                }
                m = m.withRandomEdges(start[layers - 1], size[layers - 1], pixels, labels, pBetween, random, described);
            }
            default -> throw new IllegalStateException(name());
        }
        return m;
    }

    /**
     * @return the hidden layers (clusters): {@code layers} consecutive groups after the sensory neurons, equal but
     *         for the last, which takes the remainder
     * @throws IllegalArgumentException if there are fewer hidden neurons than layers
     */
    public List<TopKActivity.Cluster> groups(int pixels, int labels, int hidden, int layers) {
        if (layers < 1 || hidden < layers) {
            throw new IllegalArgumentException("the " + name().toLowerCase(Locale.ROOT) + " topology splits " + hidden
                    + " hidden neurons into " + layers + " layers: give at least one neuron per layer");
        }
        List<TopKActivity.Cluster> groups = new ArrayList<>();
        int per = hidden / layers;
        for (int k = 0; k < layers; k++) {
            groups.add(new TopKActivity.Cluster(pixels + labels + k * per, k == layers - 1 ? hidden - k * per : per));
        }
        return groups;
    }

    /**
     * @param fraction k of each cluster, in (0, 1]
     * @return the assembly's top-k firing rule on its clusters
     * @throws IllegalArgumentException on a topology other than ASSEMBLY
     */
    public TopKActivity topK(int pixels, int labels, int hidden, int layers, double fraction) {
        if (this != ASSEMBLY) {
            throw new IllegalArgumentException("top-k firing belongs to the assembly topology, not " + this);
        }
        return new TopKActivity(groups(pixels, labels, hidden, layers), fraction);
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
