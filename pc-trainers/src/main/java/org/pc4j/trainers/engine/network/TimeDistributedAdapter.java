package org.pc4j.trainers.engine.network;

import java.util.Set;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.recurrent.TimeDistributed;
import org.pc4j.trainers.spi.LayerAdapter;
import org.pc4j.trainers.spi.LayerSite;

/** {@code TimeDistributed} around a {@code DenseLayer}, whose weight noise and dropout the engine cannot hold. */
final class TimeDistributedAdapter implements LayerAdapter {

    @Override
    public Set<Class<? extends Layer>> configTypes() {
        return Set.of(TimeDistributed.class);
    }

    @Override
    public void check(LayerSite site) {
        Layer inner = ((TimeDistributed) site.conf()).getUnderlying();
        if (inner.getClass() != DenseLayer.class) {
            throw site.refuse("TimeDistributed is supported around a DenseLayer only, got " + inner.getClass().getSimpleName());
        }
        if (inner.getIDropout() != null) {
            throw site.refuse("dropout inside TimeDistributed is not supported (its mask could not be held for "
                    + "the batch); use a DropoutLayer before or after it");
        }
        if (((DenseLayer) inner).getWeightNoise() != null) {
            throw site.refuse("weight noise (" + ((DenseLayer) inner).getWeightNoise().getClass().getSimpleName()
                    + ") is not supported: PC needs one fixed function per batch. Remove weightNoise(...)");
        }
    }
}
