package org.pc4j.it.custom;

import java.util.Set;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.pc4j.trainers.spi.LayerAdapter;

/**
 * The adapter that lets pc4j train {@link SplitActivationDense}: its forward pass and backprop are DL4J's own (the
 * interface's defaults), so naming the configuration class is all it takes. Registered in this module's
 * {@code META-INF/services/org.pc4j.trainers.spi.LayerAdapter}.
 */
public final class SplitActivationDenseAdapter implements LayerAdapter {

    @Override
    public Set<Class<? extends Layer>> configTypes() {
        return Set.of(SplitActivationDense.class);
    }
}
