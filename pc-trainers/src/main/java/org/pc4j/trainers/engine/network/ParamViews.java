package org.pc4j.trainers.engine.network;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.deeplearning4j.nn.params.BidirectionalParamInitializer;

/**
 * A layer's gradient view split into its parameters' views, keyed as DL4J keys them ({@code W}, {@code b}; a
 * bidirectional layer's {@code fW}, {@code bW}, ...). DL4J 1.0.0-M2.1's own {@code getGradientsFromFlattened} fails on a
 * {@code Bidirectional} layer (it hands the wrapper's configuration to the wrapped layer's initializer, a
 * {@code ClassCastException}), also inside a frozen layer; here every wrapper is unwrapped on a copy of the
 * configuration, which is never changed.
 */
final class ParamViews {

    private ParamViews() {
    }

    /** @return the views of {@code view}, one per parameter, in DL4J's order */
    static Map<String, INDArray> gradients(NeuralNetConfiguration conf, INDArray view) {
        Layer layer = conf.getLayer();
        if (layer instanceof Bidirectional bi) {
            long n = view.length() / 2;
            INDArray flat = view.reshape(view.length());
            Map<String, INDArray> out = new LinkedHashMap<>();
            NeuralNetConfiguration inner = with(conf, bi.getFwd());
            gradients(inner, flat.get(NDArrayIndex.interval(0, n))).forEach((k, v) -> out.put(BidirectionalParamInitializer.FORWARD_PREFIX + k, v));
            gradients(inner, flat.get(NDArrayIndex.interval(n, 2 * n))).forEach((k, v) -> out.put(BidirectionalParamInitializer.BACKWARD_PREFIX + k, v));
            return out;
        }
        Layer inner = layer instanceof FrozenLayer f ? f.getLayer() : layer instanceof FrozenLayerWithBackprop f ? f.getUnderlying()
                : layer instanceof BaseWrapperLayer w ? w.getUnderlying() : null;
        return inner != null ? gradients(with(conf, inner), view) : layer.initializer().getGradientsFromFlattened(conf, view);
    }

    private static NeuralNetConfiguration with(NeuralNetConfiguration conf, Layer layer) {
        NeuralNetConfiguration copy = conf.clone();
        copy.setLayer(layer);
        return copy;
    }
}
