package org.pc4j.trainers.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The edges of a PC graph: a binary {@code n x n} matrix {@code M} with {@code M[i][j] = 1} iff neuron {@code j}
 * predicts neuron {@code i} (the edge {@code j -> i}; Salvatori et al., "Learning on arbitrary graph topologies via
 * predictive coding", NeurIPS 2022, arXiv:2201.13180, with the thesis' index order made consistent: {@code W_ij} is
 * the weight of {@code j -> i}). Immutable; every topology of the thesis (Fig. 5.5) is a factory here.
 *
 * <p>Layered topologies number their neurons layer after layer in the order the sizes are given, so the first
 * layer's neurons are neurons {@code 0 .. sizes[0] - 1}; put the sensory layer first (pc4j's graphs clamp their first
 * {@code d} neurons).
 */
public final class GraphMask {

    private final int neurons;
    private final boolean[][] edges;
    private final String description;

    private GraphMask(boolean[][] edges, String description) {
        this.neurons = edges.length;
        this.edges = edges;
        this.description = description;
    }

    /** @return the number of neurons */
    public int neurons() {
        return neurons;
    }

    /** @return whether {@code from} predicts {@code to} */
    public boolean has(int to, int from) {
        return edges[to][from];
    }

    /** @return the number of edges */
    public long edgeCount() {
        long c = 0;
        for (boolean[] row : edges) {
            for (boolean e : row) {
                c += e ? 1 : 0;
            }
        }
        return c;
    }

    /** @return whether some neuron predicts itself */
    public boolean hasSelfLoops() {
        for (int i = 0; i < neurons; i++) {
            if (edges[i][i]) {
                return true;
            }
        }
        return false;
    }

    /** @return what the mask is ("fully connected, 10 neurons") */
    public String description() {
        return description;
    }

    /** @return {@code M} as a fresh {@code [n, n]} array of 0 and 1 */
    public INDArray toArray(DataType type) {
        double[][] m = new double[neurons][neurons];
        for (int i = 0; i < neurons; i++) {
            for (int j = 0; j < neurons; j++) {
                m[i][j] = edges[i][j] ? 1 : 0;
            }
        }
        return Nd4j.createFromArray(m).castTo(type);
    }

    /** @return the edges as {@code {to, from}} pairs, row by row */
    public List<int[]> edgeList() {
        List<int[]> list = new ArrayList<>();
        for (int i = 0; i < neurons; i++) {
            for (int j = 0; j < neurons; j++) {
                if (edges[i][j]) {
                    list.add(new int[] {i, j});
                }
            }
        }
        return list;
    }

    /**
     * @param subset neurons (true = in it)
     * @return the length of the longest path (in edges) inside {@code subset}, or -1 if the subset holds a cycle
     *         (Kahn's topological order: a neuron is done once every predecessor in the subset is)
     */
    public int longestPathWithin(boolean[] subset) {
        int[] pending = new int[neurons];
        int[] depth = new int[neurons];
        java.util.ArrayDeque<Integer> ready = new java.util.ArrayDeque<>();
        int members = 0;
        for (int i = 0; i < neurons; i++) {
            if (!subset[i]) {
                continue;
            }
            members++;
            for (int j = 0; j < neurons; j++) {
                pending[i] += edges[i][j] && subset[j] ? 1 : 0;
            }
            if (pending[i] == 0) {
                ready.add(i);
            }
        }
        int done = 0;
        int longest = 0;
        while (!ready.isEmpty()) {
            int j = ready.poll();
            done++;
            longest = Math.max(longest, depth[j]);
            for (int i = 0; i < neurons; i++) {
                if (subset[i] && edges[i][j]) {
                    depth[i] = Math.max(depth[i], depth[j] + 1);
                    if (--pending[i] == 0) {
                        ready.add(i);
                    }
                }
            }
        }
        return done == members ? longest : -1;
    }

    /** @return {@code n} neurons without edges, to compose with {@link #withEdges} and {@link #withLateral} */
    public static GraphMask empty(int n) {
        requirePositive(n, "neurons");
        return new GraphMask(new boolean[n][n], n + " neurons");
    }

    /**
     * @return this mask plus every edge from neurons {@code fromStart .. fromStart + fromCount - 1} to neurons
     *         {@code toStart .. toStart + toCount - 1}, described as {@code description}
     * @throws IllegalArgumentException if a range leaves the neurons
     */
    public GraphMask withEdges(int fromStart, int fromCount, int toStart, int toCount, String description) {
        requireRange(fromStart, fromCount);
        requireRange(toStart, toCount);
        boolean[][] e = copy();
        connect(e, fromStart, fromCount, toStart, toCount);
        return new GraphMask(e, description);
    }

    /**
     * @return this mask plus each edge from {@code fromStart ..} to {@code toStart ..} drawn with probability {@code p}
     *         (self-loops never), in the order: target by target, source by source
     */
    public GraphMask withRandomEdges(int fromStart, int fromCount, int toStart, int toCount, double p, Random random,
                                     String description) {
        requireRange(fromStart, fromCount);
        requireRange(toStart, toCount);
        requireProbability(p, "an edge probability");
        boolean[][] e = copy();
        for (int i = toStart; i < toStart + toCount; i++) {
            for (int j = fromStart; j < fromStart + fromCount; j++) {
                if (random.nextDouble() < p && i != j) {
                    e[i][j] = true;
                }
            }
        }
        return new GraphMask(e, description);
    }

    /** @return this mask plus every edge between two different neurons of {@code start .. start + count - 1} */
    public GraphMask withLateral(int start, int count, String description) {
        requireRange(start, count);
        boolean[][] e = copy();
        for (int i = start; i < start + count; i++) {
            for (int j = start; j < start + count; j++) {
                e[i][j] |= i != j;
            }
        }
        return new GraphMask(e, description);
    }

    /** @return this mask plus each edge of {@code other} (same size) */
    public GraphMask union(GraphMask other, String description) {
        if (other.neurons != neurons) {
            throw new IllegalArgumentException("masks of " + neurons + " and " + other.neurons + " neurons cannot be joined");
        }
        boolean[][] e = copy();
        for (int i = 0; i < neurons; i++) {
            for (int j = 0; j < neurons; j++) {
                e[i][j] |= other.edges[i][j];
            }
        }
        return new GraphMask(e, description);
    }

    /**
     * @param order {@code order[k]} is the neuron that becomes neuron {@code k}
     * @return the same graph with its neurons renumbered
     * @throws IllegalArgumentException if {@code order} is not a permutation of 0..n-1
     */
    public GraphMask renumbered(int[] order, String description) {
        if (order.length != neurons) {
            throw new IllegalArgumentException("a renumbering names all " + neurons + " neurons, got " + order.length);
        }
        boolean[] seen = new boolean[neurons];
        for (int o : order) {
            if (o < 0 || o >= neurons || seen[o]) {
                throw new IllegalArgumentException("a renumbering is a permutation of 0.." + (neurons - 1) + ", got " + Arrays.toString(order));
            }
            seen[o] = true;
        }
        boolean[][] e = new boolean[neurons][neurons];
        for (int i = 0; i < neurons; i++) {
            for (int j = 0; j < neurons; j++) {
                e[i][j] = edges[order[i]][order[j]];
            }
        }
        return new GraphMask(e, description);
    }

    private void requireRange(int start, int count) {
        if (start < 0 || count < 1 || start + count > neurons) {
            throw new IllegalArgumentException("neurons " + start + " .. " + (start + count - 1) + " are not within 0.." + (neurons - 1));
        }
    }

    /** @return every neuron predicts every other, no self-loops ({@code n (n - 1)} edges) */
    public static GraphMask fullyConnected(int n) {
        requirePositive(n, "neurons");
        boolean[][] e = new boolean[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                e[i][j] = i != j;
            }
        }
        return new GraphMask(e, "fully connected, " + n + " neurons");
    }

    /**
     * A layered feed-forward (discriminative) graph: layer {@code k} predicts layer {@code k + 1}; with the pixels as
     * the first layer and the label as the last, it is the PC network of an MLP.
     */
    public static GraphMask feedForward(int... sizes) {
        boolean[][] e = layered(sizes, "feed-forward");
        int[] start = starts(sizes);
        for (int k = 0; k + 1 < sizes.length; k++) {
            connect(e, start[k], sizes[k], start[k + 1], sizes[k + 1]);
        }
        return new GraphMask(e, "feed-forward " + join(sizes));
    }

    /**
     * A hierarchical generative graph: layer {@code k + 1} predicts layer {@code k}, so the first (sensory) layer is
     * predicted by the layers above it, as in the thesis' generative networks (ch. 4).
     */
    public static GraphMask hierarchical(int... sizes) {
        boolean[][] e = layered(sizes, "hierarchical");
        int[] start = starts(sizes);
        for (int k = 0; k + 1 < sizes.length; k++) {
            connect(e, start[k + 1], sizes[k + 1], start[k], sizes[k]);
        }
        return new GraphMask(e, "hierarchical " + join(sizes));
    }

    /**
     * Feed-forward layers whose hidden layers (every layer but the first and the last) also predict themselves:
     * every neuron of such a layer predicts every other of it (lateral, recurrent connections; no self-loops).
     */
    public static GraphMask lateral(int... sizes) {
        GraphMask ff = feedForward(sizes);
        boolean[][] e = ff.copy();
        int[] start = starts(sizes);
        for (int k = 1; k + 1 < sizes.length; k++) {
            for (int i = start[k]; i < start[k] + sizes[k]; i++) {
                for (int j = start[k]; j < start[k] + sizes[k]; j++) {
                    e[i][j] = i != j;
                }
            }
        }
        return new GraphMask(e, "feed-forward with lateral connections " + join(sizes));
    }

    /**
     * The "assembly of neurons" (Papadimitriou et al. 2020, as the thesis uses it, Fig. 5.5d): {@code sensory}
     * neurons, then {@code clusters} clusters of {@code clusterSize} neurons; inside each cluster every ordered pair
     * (no self-loops) is an edge with probability {@code pInside}; the sensory layer and the clusters form a chain
     * (sensory, cluster 0, cluster 1, ...) in which each ordered pair of neurons of consecutive members is an edge
     * with probability {@code pBetween}, in the direction {@code forward} says (true: sensory predicts cluster 0,
     * as a discriminative graph; false: cluster 0 predicts the sensory neurons, as a generative one).
     */
    public static GraphMask assembly(int sensory, int clusters, int clusterSize, double pInside, double pBetween,
                                     boolean forward, long seed) {
        requirePositive(sensory, "sensory neurons");
        requirePositive(clusters, "clusters");
        requirePositive(clusterSize, "neurons per cluster");
        requireProbability(pInside, "pInside");
        requireProbability(pBetween, "pBetween");
        int n = sensory + clusters * clusterSize;
        Random random = new Random(seed);
        GraphMask m = empty(n);
        for (int c = 0; c < clusters; c++) {
            int s = sensory + c * clusterSize;
            m = m.withRandomEdges(s, clusterSize, s, clusterSize, pInside, random, "");
        }
        for (int c = 0; c < clusters; c++) {
            int lowStart = c == 0 ? 0 : sensory + (c - 1) * clusterSize;
            int lowSize = c == 0 ? sensory : clusterSize;
            int highStart = sensory + c * clusterSize;
            m = forward ? m.withRandomEdges(lowStart, lowSize, highStart, clusterSize, pBetween, random, "")
                    : m.withRandomEdges(highStart, clusterSize, lowStart, lowSize, pBetween, random, "");
        }
        return m.described(String.format(java.util.Locale.ROOT, "assembly: %d sensory, %d clusters of %d, p inside %s, "
                + "p between %s, %s, seed %d", sensory, clusters, clusterSize, pInside, pBetween, forward ? "forward" : "generative", seed));
    }

    /**
     * @param edges {@code {to, from}} pairs ({@code from} predicts {@code to})
     * @throws IllegalArgumentException if a pair is not two neuron indices in 0..n-1
     */
    public static GraphMask fromEdges(int n, List<int[]> edges) {
        requirePositive(n, "neurons");
        boolean[][] e = new boolean[n][n];
        for (int[] edge : edges) {
            if (edge.length != 2 || edge[0] < 0 || edge[0] >= n || edge[1] < 0 || edge[1] >= n) {
                throw new IllegalArgumentException("an edge is {to, from} with both in 0.." + (n - 1) + ", got " + Arrays.toString(edge));
            }
            e[edge[0]][edge[1]] = true;
        }
        return new GraphMask(e, "edge list, " + n + " neurons, " + edges.size() + " edges");
    }

    /**
     * @param mask {@code [n, n]}, every entry exactly 0 or 1
     * @throws IllegalArgumentException if it is not square or holds another value
     */
    public static GraphMask fromArray(INDArray mask) {
        if (mask.rank() != 2 || mask.size(0) != mask.size(1) || mask.size(0) < 1) {
            throw new IllegalArgumentException("a mask is a square [n, n] matrix, got shape " + Arrays.toString(mask.shape()));
        }
        int n = (int) mask.size(0);
        double[][] m = mask.castTo(DataType.DOUBLE).toDoubleMatrix();
        boolean[][] e = new boolean[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (m[i][j] != 0 && m[i][j] != 1) {
                    throw new IllegalArgumentException("a mask holds only 0 and 1; entry [" + i + ", " + j + "] is " + m[i][j]);
                }
                e[i][j] = m[i][j] == 1;
            }
        }
        return new GraphMask(e, "user mask, " + n + " neurons");
    }

    /** @return the same edges under another description */
    public GraphMask described(String description) {
        return new GraphMask(copy(), description);
    }

    /** @return this mask without its self-loops */
    public GraphMask withoutSelfLoops() {
        boolean[][] e = copy();
        for (int i = 0; i < neurons; i++) {
            e[i][i] = false;
        }
        return new GraphMask(e, description);
    }

    private boolean[][] copy() {
        boolean[][] e = new boolean[neurons][];
        for (int i = 0; i < neurons; i++) {
            e[i] = edges[i].clone();
        }
        return e;
    }

    private static boolean[][] layered(int[] sizes, String kind) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException("a " + kind + " graph needs at least 2 layers, got " + sizes.length);
        }
        int n = 0;
        for (int s : sizes) {
            requirePositive(s, "layer size");
            n += s;
        }
        return new boolean[n][n];
    }

    private static int[] starts(int[] sizes) {
        int[] start = new int[sizes.length];
        for (int k = 1; k < sizes.length; k++) {
            start[k] = start[k - 1] + sizes[k - 1];
        }
        return start;
    }

    private static void connect(boolean[][] e, int fromStart, int fromSize, int toStart, int toSize) {
        for (int i = toStart; i < toStart + toSize; i++) {
            for (int j = fromStart; j < fromStart + fromSize; j++) {
                e[i][j] = true;
            }
        }
    }

    private static String join(int[] sizes) {
        StringBuilder b = new StringBuilder();
        for (int s : sizes) {
            b.append(b.length() == 0 ? "" : "-").append(s);
        }
        return b.toString();
    }

    private static void requirePositive(int v, String what) {
        if (v < 1) {
            throw new IllegalArgumentException(what + " must be >= 1, got " + v);
        }
    }

    private static void requireProbability(double p, String what) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(what + " must be in [0, 1], got " + p);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GraphMask m && Arrays.deepEquals(edges, m.edges);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(edges);
    }

    @Override
    public String toString() {
        return description + " (" + edgeCount() + " edges)";
    }
}
