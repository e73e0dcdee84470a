package org.pc4j.trainers.engine.network;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The wiring of a network's non-input vertices in topological order, whatever kind of network they come from: who
 * reads whom, which vertex is clamped to which labels, and the levels and distances the schedules address layers by.
 *
 * <p>{@code sources[k][s]} is the vertex feeding input {@code s} of vertex {@code k} ({@code >= 0}), or
 * {@code -(i + 1)} for network input {@code i}; {@code labelIndex[k]} is the labels array vertex {@code k} is clamped
 * to, or -1. The level of a vertex is the longest path from it to an output, its shortest distance the shortest.
 */
final class Topology {

    /**
     * One non-input vertex.
     *
     * @param name         the key of its parameters in the network's gradient ({@code "2"} in a chain, the vertex
     *                     name in a graph)
     * @param description  how messages name it
     * @param layer        its DL4J layer, or null for a parameter-free graph vertex
     * @param preProcessor the layer's input preprocessor, or null
     * @param vertex       the graph vertex, or null in a chain
     * @param declared     the layer's configuration as the network declares it (a wrapper's own, where DL4J's runtime
     *                     wrapper layer answers {@code conf()} with the wrapped layer's), or null for a vertex
     */
    record Vertex(String name, String description, Layer layer, InputPreProcessor preProcessor, GraphVertex vertex,
                  org.deeplearning4j.nn.conf.layers.Layer declared) {
    }

    private final List<Vertex> vertices;
    private final int[][] sources;
    private final int[] labelIndex;
    private final List<String> inputs;
    private final List<String> outputs;
    private final int[][] consumers;
    private final int[][] consumerSlots;
    private final int[] level;
    private final int[] shortest;
    private final int depth;

    Topology(List<Vertex> vertices, int[][] sources, int[] labelIndex, List<String> inputs, List<String> outputs) {
        this.vertices = List.copyOf(vertices);
        this.sources = sources;
        this.labelIndex = labelIndex;
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        int n = vertices.size();
        List<List<int[]>> uses = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            uses.add(new ArrayList<>());
        }
        for (int c = 0; c < n; c++) {
            for (int s = 0; s < sources[c].length; s++) {
                if (sources[c][s] >= 0) {
                    uses.get(sources[c][s]).add(new int[] {c, s});
                }
            }
        }
        this.consumers = new int[n][];
        this.consumerSlots = new int[n][];
        this.level = new int[n];
        this.shortest = new int[n];
        int maxLevel = 0;
        for (int k = n - 1; k >= 0; k--) { // consumers come later in topological order
            consumers[k] = uses.get(k).stream().mapToInt(u -> u[0]).toArray();
            consumerSlots[k] = uses.get(k).stream().mapToInt(u -> u[1]).toArray();
            shortest[k] = labelIndex[k] >= 0 ? 0 : Integer.MAX_VALUE;
            for (int c : consumers[k]) {
                level[k] = Math.max(level[k], level[c] + 1);
                shortest[k] = Math.min(shortest[k], shortest[c] + 1);
            }
            maxLevel = Math.max(maxLevel, level[k]);
        }
        this.depth = maxLevel + 1;
    }

    /** @return a chain's wiring: layer {@code k} reads node {@code k - 1} (layer 0 the input), the last is the output. */
    static Topology of(MultiLayerNetwork net) {
        Layer[] layers = net.getLayers();
        int n = layers.length;
        List<Vertex> vertices = new ArrayList<>(n);
        int[][] sources = new int[n][];
        int[] labels = new int[n];
        for (int k = 0; k < n; k++) {
            org.deeplearning4j.nn.conf.layers.Layer declared = net.getLayerWiseConfigurations().getConf(k).getLayer();
            vertices.add(new Vertex(String.valueOf(k), LayerRules.describe(k, declared), layers[k],
                    net.getLayerWiseConfigurations().getInputPreProcess(k), null, declared));
            sources[k] = new int[] {k - 1};
            labels[k] = k == n - 1 ? 0 : -1;
        }
        return new Topology(vertices, sources, labels, List.of("input"), List.of(vertices.get(n - 1).description()));
    }

    /** @return a graph's wiring, in DL4J's topological order without the input vertices. */
    static Topology of(ComputationGraph graph) {
        GraphVertex[] all = graph.getVertices();
        List<String> inputs = graph.getConfiguration().getNetworkInputs();
        List<String> outputs = graph.getConfiguration().getNetworkOutputs();
        int[] order = java.util.Arrays.stream(graph.topologicalSortOrder()).filter(v -> !all[v].isInputVertex()).toArray();
        int n = order.length;
        int[] position = new int[all.length];
        for (int k = 0; k < n; k++) {
            position[order[k]] = k;
        }
        List<Vertex> vertices = new ArrayList<>(n);
        int[][] sources = new int[n][];
        int[] labels = new int[n];
        for (int k = 0; k < n; k++) {
            GraphVertex v = all[order[k]];
            VertexIndices[] in = v.getInputVertices();
            sources[k] = new int[in.length];
            for (int s = 0; s < in.length; s++) {
                GraphVertex src = all[in[s].getVertexIndex()];
                sources[k][s] = src.isInputVertex() ? -(inputs.indexOf(src.getVertexName()) + 1) : position[src.getVertexIndex()];
            }
            labels[k] = outputs.indexOf(v.getVertexName());
            boolean layer = v instanceof LayerVertex && v.getClass() == LayerVertex.class;
            org.deeplearning4j.nn.conf.layers.Layer declared = layer ? ((org.deeplearning4j.nn.conf.graph.LayerVertex)
                    graph.getConfiguration().getVertices().get(v.getVertexName())).getLayerConf().getLayer() : null;
            vertices.add(new Vertex(v.getVertexName(), VertexSupport.describe(v, declared), layer ? v.getLayer() : null,
                    layer ? ((LayerVertex) v).getLayerPreProcessor() : null, v, declared));
        }
        return new Topology(vertices, sources, labels, inputs, outputs);
    }

    int size() {
        return vertices.size();
    }

    Vertex vertex(int k) {
        return vertices.get(k);
    }

    String vertexName(int k) {
        return vertices.get(k).name();
    }

    int[] sources(int k) {
        return sources[k];
    }

    int[] consumers(int k) {
        return consumers[k];
    }

    int[] consumerSlots(int k) {
        return consumerSlots[k];
    }

    boolean isOutput(int k) {
        return labelIndex[k] >= 0;
    }

    int labelIndex(int k) {
        return labelIndex[k];
    }

    /** @return true if every input of vertex {@code k} is a network input. */
    boolean readsOnlyInputs(int k) {
        for (int s : sources[k]) {
            if (s >= 0) {
                return false;
            }
        }
        return true;
    }

    int level(int k) {
        return level[k];
    }

    int shortestDistance(int k) {
        return shortest[k];
    }

    int depth() {
        return depth;
    }

    List<String> inputs() {
        return inputs;
    }

    List<String> outputs() {
        return outputs;
    }
}
