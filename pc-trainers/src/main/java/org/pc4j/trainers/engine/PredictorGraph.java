package org.pc4j.trainers.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A validated network seen as predictors over value nodes, in topological order. Predictor {@code k} owns value
 * node {@code k} (an output layer's node is clamped to the labels) and reads, for each of its inputs, either
 * another predictor's value node ({@code source >= 0}) or network input {@code i} ({@code source = -(i + 1)}).
 *
 * <p>The <b>level</b> of a predictor is the length of the longest path from it to a network output (outputs have
 * level 0); the graph's depth is the largest level plus one. A {@code MultiLayerNetwork} is a chain: layer
 * {@code k} reads node {@code k - 1} and has level {@code depth - 1 - k}.
 */
public final class PredictorGraph {

    private final TrainedNetwork network;
    private final List<Predictor> predictors;
    private final int[][] sources;
    private final int[][] consumers;
    private final int[][] consumerSlots;
    private final int[] labelIndex;
    private final int depth;
    private final int[] shortest;
    private final Gradient gradient;

    private PredictorGraph(TrainedNetwork network, List<Predictor> predictors, int[][] sources, int[] labelIndex,
                           Gradient gradient) {
        this.network = network;
        this.predictors = List.copyOf(predictors);
        this.sources = sources;
        this.labelIndex = labelIndex;
        this.gradient = gradient;
        int n = predictors.size();
        List<List<int[]>> uses = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            uses.add(new ArrayList<>());
        }
        int maxLevel = 0;
        for (int c = 0; c < n; c++) {
            for (int s = 0; s < sources[c].length; s++) {
                if (sources[c][s] >= 0) {
                    uses.get(sources[c][s]).add(new int[] {c, s});
                }
            }
            maxLevel = Math.max(maxLevel, predictors.get(c).level());
        }
        this.consumers = new int[n][];
        this.consumerSlots = new int[n][];
        for (int k = 0; k < n; k++) {
            consumers[k] = uses.get(k).stream().mapToInt(u -> u[0]).toArray();
            consumerSlots[k] = uses.get(k).stream().mapToInt(u -> u[1]).toArray();
        }
        this.depth = maxLevel + 1;
        this.shortest = new int[n];
        for (int k = n - 1; k >= 0; k--) {  // consumers come later in topological order
            shortest[k] = labelIndex[k] >= 0 ? 0 : Integer.MAX_VALUE;
            for (int c : consumers[k]) {
                shortest[k] = Math.min(shortest[k], shortest[c] + 1);
            }
        }
    }

    /**
     * @throws org.pc4j.trainers.UnsupportedNetworkException if the network has a layer or setting pc4j cannot train
     */
    public static PredictorGraph of(MultiLayerNetwork net) {
        LayerSupport.validate(net);
        Layer[] layers = net.getLayers();
        int n = layers.length;
        List<Predictor> list = new ArrayList<>();
        int[][] sources = new int[n][];
        int[] labels = new int[n];
        Arrays.fill(labels, -1);
        for (int k = 0; k < n; k++) {
            String description = LayerSupport.describe(k, layers[k].conf().getLayer());
            var pre = net.getLayerWiseConfigurations().getInputPreProcess(k);
            list.add(k < n - 1 ? new LayerPredictor(k, n - 1 - k, layers[k], pre, description)
                    : new OutputPredictor(k, layers[k], pre, description));
            sources[k] = new int[] {k - 1};
        }
        labels[n - 1] = 0;
        TrainedNetwork network = new TrainedNetwork.Chain(net);
        Gradient g = new DefaultGradient(network.flattenedGradients());
        for (int k = 0; k < n; k++) {
            addGradients(g, String.valueOf(k), layers[k]);
        }
        return new PredictorGraph(network, list, sources, labels, g);
    }

    /**
     * @throws org.pc4j.trainers.UnsupportedNetworkException if the graph has a vertex, layer or setting pc4j cannot
     *                                                      train
     */
    public static PredictorGraph of(ComputationGraph graph) {
        GraphSupport.validate(graph);
        GraphVertex[] vertices = graph.getVertices();
        List<String> inputs = graph.getConfiguration().getNetworkInputs();
        List<String> outputs = graph.getConfiguration().getNetworkOutputs();
        int[] order = Arrays.stream(graph.topologicalSortOrder()).filter(v -> !vertices[v].isInputVertex()).toArray();
        int n = order.length;
        int[] predictorOf = new int[vertices.length];
        Arrays.fill(predictorOf, -1);
        for (int k = 0; k < n; k++) {
            predictorOf[order[k]] = k;
        }
        int[][] sources = new int[n][];
        for (int k = 0; k < n; k++) {
            VertexIndices[] in = vertices[order[k]].getInputVertices();
            sources[k] = new int[in.length];
            for (int s = 0; s < in.length; s++) {
                GraphVertex src = vertices[in[s].getVertexIndex()];
                sources[k][s] = src.isInputVertex() ? -(inputs.indexOf(src.getVertexName()) + 1) : predictorOf[src.getVertexIndex()];
            }
        }
        int[] levels = GraphSupport.levels(graph, order, predictorOf);
        int[] labels = new int[n];
        List<Predictor> list = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            GraphVertex v = vertices[order[k]];
            labels[k] = outputs.indexOf(v.getVertexName());
            String description = GraphSupport.describe(v);
            if (v instanceof LayerVertex lv) {
                list.add(labels[k] >= 0 ? new OutputPredictor(k, lv.getLayer(), lv.getLayerPreProcessor(), description)
                        : new LayerPredictor(k, levels[k], lv.getLayer(), lv.getLayerPreProcessor(), description));
            } else {
                list.add(new VertexPredictor(k, levels[k], v, description));
            }
        }
        TrainedNetwork network = new TrainedNetwork.Graph(graph);
        Gradient g = new DefaultGradient(network.flattenedGradients());
        for (int k = 0; k < n; k++) {
            if (list.get(k).layer() != null) {
                addGradients(g, vertices[order[k]].getVertexName(), list.get(k).layer());
            }
        }
        return new PredictorGraph(network, list, sources, labels, g);
    }

    /**
     * Adds a layer's gradient views with the keys ({@code "<layer>_<param>"}) DL4J's updater needs to apply per-layer
     * gradient normalisation. The arrays are views, so what the layers' backprop writes is what the updater reads.
     */
    private static void addGradients(Gradient g, String layerKey, Layer layer) {
        INDArray view = layer.getGradientsViewArray();
        if (view == null || view.isEmpty()) {
            return;
        }
        Map<String, INDArray> byParam = new LinkedHashMap<>(
                layer.conf().getLayer().initializer().getGradientsFromFlattened(layer.conf(), view));
        for (Map.Entry<String, INDArray> e : byParam.entrySet()) {
            g.setGradientFor(layerKey + "_" + e.getKey(), e.getValue());
        }
    }

    /**
     * @return the length of the shortest path from predictor {@code k} to a network output: the step at which the
     *         output error first reaches it when no message is delayed
     */
    public int shortestDistance(int k) {
        return shortest[k];
    }

    /** @return the number of predictors. */
    public int size() {
        return predictors.size();
    }

    /** @return the largest level plus one: the steps the output error needs to reach every predictor. */
    public int depth() {
        return depth;
    }

    /** @return predictor {@code k}, in topological order. */
    public Predictor predictor(int k) {
        return predictors.get(k);
    }

    /** @return true if predictor {@code k} is an output layer whose node is clamped to labels. */
    public boolean isOutput(int k) {
        return labelIndex[k] >= 0;
    }

    /** @return predictor {@code k} as an output layer. */
    OutputPredictor output(int k) {
        return (OutputPredictor) predictors.get(k);
    }

    /** @return which labels array output predictor {@code k} is clamped to. */
    int labelIndex(int k) {
        return labelIndex[k];
    }

    /** @return for each input of predictor {@code k}: a predictor index, or {@code -(i + 1)} for network input i. */
    int[] sources(int k) {
        return sources[k];
    }

    /** @return the predictors that read node {@code k} (one entry per use). */
    int[] consumers(int k) {
        return consumers[k];
    }

    /** @return for each entry of {@link #consumers(int)}, which input of that consumer node {@code k} feeds. */
    int[] consumerSlots(int k) {
        return consumerSlots[k];
    }

    /** @return the network's bridge to its updater, counters and listeners. */
    TrainedNetwork network() {
        return network;
    }

    /** @return the network's whole gradient, keyed per parameter, backed by the flattened gradient view. */
    public Gradient gradient() {
        return gradient;
    }

    /** @return a description of every predictor, in order. */
    public List<String> descriptions() {
        List<String> out = new ArrayList<>();
        for (Predictor p : predictors) {
            out.add(p.toString());
        }
        return out;
    }
}
