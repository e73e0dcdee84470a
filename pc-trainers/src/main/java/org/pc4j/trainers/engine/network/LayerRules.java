package org.pc4j.trainers.engine.network;

import java.util.Set;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.GaussianDropout;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.dropout.SpatialDropout;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LearnedSelfAttentionLayer;
import org.pc4j.trainers.UnsupportedNetworkException;
import org.pc4j.trainers.spi.LayerAdapter;
import org.pc4j.trainers.spi.LayerSite;

/**
 * The rules every layer follows whatever its kind, checked before its adapter's own
 * ({@link LayerAdapter#check}): one fixed function per batch (no weight noise; dropout only as a multiplicative mask
 * the engine can hold fixed), output layers only as network outputs and every network output an output layer,
 * indices read only from network inputs.
 */
final class LayerRules {

    /** Dropout types whose effect is a multiplicative mask, which the engine can hold fixed for a batch. */
    private static final Set<Class<? extends IDropout>> SUPPORTED_DROPOUT =
            Set.of(Dropout.class, GaussianDropout.class, SpatialDropout.class);

    private LayerRules() {
    }

    /**
     * @throws UnsupportedNetworkException naming the layer and what to change
     */
    static void check(LayerSite site, LayerAdapter adapter, boolean outputAdapter) {
        Layer inner = site.conf();
        if (site.isOutput() && !outputAdapter) {
            throw site.refuse("a network output must be an output layer (" + LayerAdapters.outputList()
                    + ") whose loss is the energy of the clamped output node");
        }
        if (!site.isOutput() && outputAdapter) {
            throw site.refuse("an output layer is only supported as a network output, fed to no other layer");
        }
        if (!site.readsInput() && adapter.readsIndices()) {
            throw site.refuse("embedding layers take indices, so they must read a network input directly");
        }
        if (inner instanceof BaseLayer base && base.getWeightNoise() != null) {
            throw site.refuse("weight noise (" + base.getWeightNoise().getClass().getSimpleName()
                    + ") is not supported: PC needs one fixed function per batch. Remove weightNoise(...)");
        }
        IDropout dropout = inner.getIDropout();
        if (dropout != null && !SUPPORTED_DROPOUT.contains(dropout.getClass())) {
            throw site.refuse("dropout type " + dropout.getClass().getSimpleName() + " is not supported; supported: "
                    + names(SUPPORTED_DROPOUT) + " (multiplicative masks, held fixed for each batch)");
        }
    }

    /**
     * @return why pc4j refuses a layer kind that {@code net.fit} cannot train either, or null: the kinds DL4J
     *         1.0.0-M2.1 has but cannot fit
     */
    static String refusal(Layer conf) {
        if (conf instanceof LearnedSelfAttentionLayer) {
            return "DL4J 1.0.0-M2.1 cannot run this layer: its forward pass fails inside the native scatter_update op, "
                    + "so net.fit cannot train it either. Use SelfAttentionLayer, RecurrentAttentionLayer or "
                    + "org.pc4j.layers.conf.MultiHeadSelfAttention";
        }
        return null;
    }

    /** @return why a layer without an adapter is refused. */
    static UnsupportedNetworkException noAdapter(LayerSite site) {
        Class<?> type = site.conf().getClass();
        return site.refuse("unsupported layer type " + type.getSimpleName() + ". Supported layers: "
                + LayerAdapters.supportedList() + " (a custom layer trains once a LayerAdapter for it is registered: see "
                + "org.pc4j.trainers.spi.LayerAdapter)");
    }

    /** @return the description used in messages: {@code layer 2 'dense' (DenseLayer)}. */
    static String describe(int index, Layer conf) {
        return "layer " + index + " '" + conf.getLayerName() + "' (" + conf.getClass().getSimpleName() + ")";
    }

    static UnsupportedNetworkException unsupported(String description, String why) {
        return new UnsupportedNetworkException("pc4j cannot train " + description + ": " + why);
    }

    static String names(Set<? extends Class<?>> types) {
        return types.stream().map(Class::getSimpleName).sorted().collect(Collectors.joining(", "));
    }
}
