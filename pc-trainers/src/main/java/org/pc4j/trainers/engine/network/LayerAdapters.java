package org.pc4j.trainers.engine.network;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.pc4j.trainers.spi.LayerAdapter;
import org.pc4j.trainers.spi.LayerSite;

/**
 * The one registry of layer adapters, keyed by the exact layer configuration class: pc4j's built-ins first, then every
 * {@link ServiceLoader} provider of {@link LayerAdapter} on the class path. A configuration class with two adapters is
 * an error naming both (no silent precedence). Built lazily on first use, once, and immutable afterwards; discovery
 * only instantiates the providers.
 */
final class LayerAdapters {

    private static volatile Map<Class<?>, LayerAdapter> registry;
    private static final LayerAdapter SAME_DIFF = new SameDiffLayerAdapter();
    private static final LayerAdapter OUTPUT = new OutputLayerAdapter();

    private LayerAdapters() {
    }

    /** @return pc4j's own adapters, which cover every layer its Z-IL &equiv; backprop tests cover. */
    static List<LayerAdapter> builtIns() {
        return List.of(new PlainLayerAdapter(), new OutputLayerAdapter(), new BatchNormAdapter(), new EmbeddingAdapter(),
                new WrapperLayerAdapter(), new SameDiffLayerAdapter(), new GaussianSamplingAdapter());
    }

    /**
     * @return the adapters by configuration class
     * @throws IllegalStateException if two adapters claim one class, or a provider cannot be loaded
     */
    static Map<Class<?>, LayerAdapter> of(List<LayerAdapter> builtIns, Iterable<LayerAdapter> providers) {
        Map<Class<?>, LayerAdapter> map = new LinkedHashMap<>();
        try {
            for (LayerAdapter a : builtIns) {
                add(map, a);
            }
            for (LayerAdapter a : providers) {
                add(map, a);
            }
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("A LayerAdapter provider (META-INF/services/" + LayerAdapter.class.getName()
                    + ") could not be loaded: " + e.getMessage(), e);
        }
        return Map.copyOf(map);
    }

    private static void add(Map<Class<?>, LayerAdapter> map, LayerAdapter adapter) {
        for (Class<?> type : adapter.configTypes()) {
            LayerAdapter before = map.putIfAbsent(type, adapter);
            if (before != null) {
                throw new IllegalStateException("Two layer adapters claim " + type.getName() + ": "
                        + before.getClass().getName() + " and " + adapter.getClass().getName() + "; remove one of them");
            }
        }
    }

    private static Map<Class<?>, LayerAdapter> registry() {
        Map<Class<?>, LayerAdapter> r = registry;
        if (r == null) {
            synchronized (LayerAdapters.class) {
                r = registry;
                if (r == null) {
                    r = of(builtIns(), ServiceLoader.load(LayerAdapter.class));
                    registry = r;
                }
            }
        }
        return r;
    }

    /**
     * Finds the layer's adapter and runs every check: the rules all layers follow, then the adapter's own.
     *
     * @throws org.pc4j.trainers.UnsupportedNetworkException naming the layer and what to change
     */
    static BoundLayer bind(String description, Layer layer, org.deeplearning4j.nn.conf.layers.Layer declared, boolean isOutput,
                           boolean readsInput) {
        LayerSite site = new LayerSite(description, layer, isOutput, readsInput, declared);
        LayerAdapter adapter = registry().get(site.conf().getClass());
        String refusal = LayerRules.refusal(site.conf());
        if (adapter == null && refusal != null) {
            throw site.refuse(refusal);
        }
        if (adapter == null && site.conf() instanceof SameDiffLayer) {
            adapter = SAME_DIFF; // a user's SameDiff layer: DL4J's forward pass and backprop, its error halved
        }
        if (adapter == null && site.conf() instanceof org.deeplearning4j.nn.conf.layers.samediff.SameDiffOutputLayer) {
            adapter = OUTPUT; // a user's SameDiff output layer: its loss is the energy, its backprop DL4J's
        }
        if (adapter == null) {
            throw LayerRules.noAdapter(site);
        }
        LayerRules.check(site, adapter, adapter instanceof OutputLayerAdapter);
        adapter.check(site);
        return new BoundLayer(adapter, site);
    }

    /** @return the supported layer types (built in and registered), sorted, comma separated. */
    static String supportedList() {
        return registry().keySet().stream().map(Class::getSimpleName).sorted().collect(Collectors.joining(", "));
    }

    /** @return the output layer types, comma separated. */
    static String outputList() {
        return OutputLayerAdapter.TYPES.stream().map(Class::getSimpleName).sorted().collect(Collectors.joining(", "));
    }
}
