package org.pc4j.trainers.engine.network;

import java.util.Set;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.pc4j.trainers.spi.LayerAdapter;
import org.pc4j.trainers.spi.LayerSite;
import org.pc4j.trainers.spi.LayerState;

/**
 * Batch normalisation: its backprop nulls its forward caches (so every backprop needs a fresh forward pass), and its
 * running statistics move once per batch ({@link BatchNormStatistics}).
 */
final class BatchNormAdapter implements LayerAdapter {

    @Override
    public Set<Class<? extends Layer>> configTypes() {
        return Set.of(BatchNormalization.class);
    }

    @Override
    public boolean consumesCache() {
        return true;
    }

    @Override
    public LayerState state(LayerSite site) {
        return new BatchNormStatistics(site.layer());
    }
}
