package org.pc4j.trainers.engine.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.Set;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.junit.jupiter.api.Test;
import org.pc4j.trainers.spi.LayerAdapter;

/** The adapter registry: one adapter per configuration class, duplicates and broken providers named. */
class LayerAdaptersTest {

    /** A provider that claims DenseLayer, which a built-in adapter covers already. */
    static final class SecondDenseAdapter implements LayerAdapter {
        @Override
        public Set<Class<? extends Layer>> configTypes() {
            return Set.of(DenseLayer.class);
        }
    }

    @Test
    void everyBuiltInLayerTypeHasExactlyOneAdapter() {
        var registry = LayerAdapters.of(LayerAdapters.builtIns(), List.of());
        int claimed = LayerAdapters.builtIns().stream().mapToInt(a -> a.configTypes().size()).sum();
        assertThat(registry).hasSize(claimed).containsKey(DenseLayer.class);
    }

    @Test
    void aSecondAdapterForOneLayerTypeIsAnErrorNamingBoth() {
        assertThatThrownBy(() -> LayerAdapters.of(LayerAdapters.builtIns(), List.of(new SecondDenseAdapter())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(DenseLayer.class.getName())
                .hasMessageContaining(PlainLayerAdapter.class.getName())
                .hasMessageContaining(SecondDenseAdapter.class.getName());
    }

    @Test
    void aProviderThatCannotBeLoadedIsReportedAsSuch() {
        Iterable<LayerAdapter> broken = () -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public LayerAdapter next() {
                throw new ServiceConfigurationError("org.example.Missing not found");
            }
        };
        assertThatThrownBy(() -> LayerAdapters.of(LayerAdapters.builtIns(), broken))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("META-INF/services/org.pc4j.trainers.spi.LayerAdapter")
                .hasMessageContaining("org.example.Missing");
    }
}
