package org.pc4j.trainers.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A validated {@code MultiLayerNetwork} seen as a chain of predictors: layer {@code k} predicts value node
 * {@code k} from value node {@code k - 1} (node {@code -1} is the clamped input), and the output layer predicts
 * the clamped labels. Layer {@code k} has level {@code depth - 1 - k}.
 */
public final class LayerChain {

    private final MultiLayerNetwork net;
    private final List<LayerPredictor> hidden;
    private final OutputPredictor output;
    private final Gradient gradient;

    private LayerChain(MultiLayerNetwork net) {
        this.net = net;
        Layer[] layers = net.getLayers();
        int n = layers.length;
        List<LayerPredictor> list = new ArrayList<>();
        for (int k = 0; k < n - 1; k++) {
            list.add(new LayerPredictor(k, n - 1 - k, layers[k], net.getLayerWiseConfigurations().getInputPreProcess(k)));
        }
        this.hidden = List.copyOf(list);
        this.output = new OutputPredictor(n - 1, layers[n - 1], net.getLayerWiseConfigurations().getInputPreProcess(n - 1));
        if (net.getFlattenedGradients() == null) {
            net.initGradientsView();
        }
        this.gradient = fullGradient(net);
    }

    /**
     * @throws org.pc4j.trainers.UnsupportedNetworkException if the network has a layer or setting pc4j cannot train
     */
    public static LayerChain of(MultiLayerNetwork net) {
        LayerSupport.validate(net);
        return new LayerChain(net);
    }

    /**
     * The network's flattened gradient view with every parameter's key ({@code "<layer>_<param>"}), as DL4J's
     * updater needs them to apply per-layer gradient normalisation. The arrays are views, so what the layers'
     * backprop writes is what the updater reads.
     */
    private static Gradient fullGradient(MultiLayerNetwork net) {
        Gradient g = new DefaultGradient(net.getFlattenedGradients());
        Layer[] layers = net.getLayers();
        for (int k = 0; k < layers.length; k++) {
            INDArray view = layers[k].getGradientsViewArray();
            if (view == null || view.isEmpty()) {
                continue;
            }
            Map<String, INDArray> byParam = new LinkedHashMap<>(
                    layers[k].conf().getLayer().initializer().getGradientsFromFlattened(layers[k].conf(), view));
            for (Map.Entry<String, INDArray> e : byParam.entrySet()) {
                g.setGradientFor(k + "_" + e.getKey(), e.getValue());
            }
        }
        return g;
    }

    /** @return the number of layers (levels). */
    public int depth() {
        return hidden.size() + 1;
    }

    /** @return the predictor of layer {@code k}, hidden or output. */
    public LayerPredictor layer(int k) {
        return k == hidden.size() ? output : hidden.get(k);
    }

    /** @return the output layer's predictor. */
    public OutputPredictor output() {
        return output;
    }

    /** @return the network. */
    public MultiLayerNetwork network() {
        return net;
    }

    /** @return the network's whole gradient, keyed per parameter, backed by the flattened gradient view. */
    public Gradient gradient() {
        return gradient;
    }

    /** @return a description of every layer, indexed like the network's layers. */
    public List<String> descriptions() {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < depth(); k++) {
            out.add(layer(k).toString());
        }
        return out;
    }
}
