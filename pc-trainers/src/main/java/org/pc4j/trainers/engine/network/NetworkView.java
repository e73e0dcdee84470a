package org.pc4j.trainers.engine.network;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A validated network seen as predictors over value nodes, in topological order; the one view of a
 * {@code MultiLayerNetwork} and a {@code ComputationGraph} alike (a chain is a graph whose vertex {@code k} reads
 * vertex {@code k - 1}, as in DL4J's own {@code NetworkUtils.toComputationGraph}, but over the network's own layers:
 * nothing is copied). Predictor {@code k} owns value node {@code k} (an output layer's node is clamped to the labels)
 * and reads, for each of its inputs, another predictor's value node ({@code source >= 0}) or network input {@code i}
 * ({@code source = -(i + 1)}).
 *
 * <p>The <b>level</b> of a predictor is the length of the longest path from it to a network output (outputs have
 * level 0); the depth is the largest level plus one. On a chain of {@code n} layers layer {@code k} has level
 * {@code n - 1 - k}.
 */
public final class NetworkView {

    private final TrainedNetwork network;
    private final Topology topology;
    private final List<Predictor> predictors;
    private final Gradient gradient;

    private NetworkView(TrainedNetwork network, Topology topology, List<Predictor> predictors) {
        this.network = network;
        this.topology = topology;
        this.predictors = List.copyOf(predictors);
        this.gradient = new DefaultGradient(network.flattenedGradients());
        for (int k = 0; k < predictors.size(); k++) {
            if (predictors.get(k).layer() != null) {
                addGradients(gradient, topology.vertexName(k), predictors.get(k).layer());
            } else if (predictors.get(k) instanceof VertexPredictor v) {
                String key = topology.vertexName(k);
                v.gradientViews().forEach((param, view) -> gradient.setGradientFor(key + "_" + param, view));
            }
        }
    }

    /**
     * @param net a {@code MultiLayerNetwork} or {@code ComputationGraph}, initialised
     * @throws org.pc4j.trainers.UnsupportedNetworkException if the network has a layer, vertex or setting pc4j cannot
     *                                                      train, or is neither kind of network
     */
    public static NetworkView of(NeuralNetwork net) {
        TrainedNetwork network = TrainedNetwork.of(net);
        Topology t = network.topology();
        int n = t.size();
        List<Predictor> list = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            Topology.Vertex v = t.vertex(k);
            if (v.layer() == null) {
                VertexSupport.check(v, t.isOutput(k), t.consumers(k).length);
                list.add(new VertexPredictor(k, t.level(k), v.vertex(), v.description()));
                continue;
            }
            BoundLayer binding = LayerAdapters.bind(v.description(), v.layer(), v.declared(), t.isOutput(k), t.readsOnlyInputs(k));
            if (network.truncatedBptt()) {
                TbpttRules.check(v.description(), v.layer());
            }
            VertexSupport.checkPlacement(v, t.isOutput(k), t.consumers(k).length);
            list.add(t.isOutput(k) ? new OutputPredictor(k, binding, v.preProcessor(), v.description())
                    : new LayerPredictor(k, t.level(k), binding, v.preProcessor(), v.description(),
                    network.truncatedBptt() ? network.tbpttBackwardLength() : 0));
        }
        return new NetworkView(network, t, list);
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
                ParamViews.gradients(layer.conf(), view));
        for (Map.Entry<String, INDArray> e : byParam.entrySet()) {
            g.setGradientFor(layerKey + "_" + e.getKey(), e.getValue());
        }
    }

    /**
     * @return the length of the shortest path from predictor {@code k} to a network output: the step at which the
     *         output error first reaches it when no message is delayed
     */
    public int shortestDistance(int k) {
        return topology.shortestDistance(k);
    }

    /** @return the number of predictors. */
    public int size() {
        return predictors.size();
    }

    /** @return the largest level plus one: the steps the output error needs to reach every predictor. */
    public int depth() {
        return topology.depth();
    }

    /** @return predictor {@code k}, in topological order. */
    public Predictor predictor(int k) {
        return predictors.get(k);
    }

    /** @return true if predictor {@code k} is an output layer whose node is clamped to labels. */
    public boolean isOutput(int k) {
        return topology.isOutput(k);
    }

    /** @return predictor {@code k} as an output layer. */
    public OutputPredictor output(int k) {
        return (OutputPredictor) predictors.get(k);
    }

    /** @return which labels array output predictor {@code k} is clamped to. */
    public int labelIndex(int k) {
        return topology.labelIndex(k);
    }

    /** @return for each input of predictor {@code k}: a predictor index, or {@code -(i + 1)} for network input i. */
    public int[] sources(int k) {
        return topology.sources(k);
    }

    /** @return the predictors that read node {@code k} (one entry per use). */
    public int[] consumers(int k) {
        return topology.consumers(k);
    }

    /** @return for each entry of {@link #consumers(int)}, which input of that consumer node {@code k} feeds. */
    public int[] consumerSlots(int k) {
        return topology.consumerSlots(k);
    }

    /** @return the network's inputs' and outputs' names, as a batch must match them. */
    public List<String> inputNames() {
        return topology.inputs();
    }

    /** @return the network's outputs' names. */
    public List<String> outputNames() {
        return topology.outputs();
    }

    /** @return the predictor clamped to labels array {@code o}. */
    public int outputPredictor(int o) {
        for (int k = 0; k < size(); k++) {
            if (topology.labelIndex(k) == o) {
                return k;
            }
        }
        throw new IllegalArgumentException("no output " + o);
    }

    /**
     * @return what node {@code k} is, for the choice of its energy: what a layer reading it says (a sampling layer reads
     *         a bottleneck), else what its own layer says
     */
    public org.pc4j.trainers.NodeEnergies.Kind nodeKind(int k) {
        for (int c : consumers(k)) {
            if (predictors.get(c) instanceof LayerPredictor lp && lp.inputEnergyKind() != null) {
                return lp.inputEnergyKind();
            }
        }
        return predictors.get(k) instanceof LayerPredictor lp ? lp.energyKind() : org.pc4j.trainers.NodeEnergies.Kind.PLAIN;
    }

    /** @return how many examples each input example becomes through the network's space-to-batch layers (1 if none). */
    public long examplesPerExample() {
        long n = 1;
        for (Predictor p : predictors) {
            if (p.layer() != null && p.layer().conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.SpaceToBatchLayer s) {
                for (int b : s.getBlocks()) {
                    n *= b;
                }
            }
        }
        return n;
    }

    /** Starts a truncated-BPTT segment on every layer (its first forward pass stores the state the next segment reads). */
    public void startSegment() {
        for (Predictor p : predictors) {
            if (p instanceof LayerPredictor lp) {
                lp.startSegment();
            }
        }
    }

    /** @return true if a layer turns each example into several (DL4J's space-to-batch), so labels count their own. */
    public boolean changesBatchSize() {
        for (Predictor p : predictors) {
            if (p.layer() != null && p.layer().conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.SpaceToBatchLayer) {
                return true;
            }
        }
        return false;
    }

    /** @return the network's bridge to its updater, counters and listeners. */
    public TrainedNetwork network() {
        return network;
    }

    /** @return the network's whole gradient, keyed per parameter, backed by the flattened gradient view. */
    public Gradient gradient() {
        return gradient;
    }

    /** @return a description of every predictor, in order. */
    public List<String> descriptions() {
        return predictors.stream().map(Predictor::toString).toList();
    }

    @Override
    public String toString() {
        return "NetworkView" + Arrays.toString(descriptions().toArray());
    }
}
