package org.pc4j.trainers.engine.memory;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.dropout.IDropout;

/**
 * Holds every layer's dropout mask fixed for one batch ("one mask per batch"): installs a
 * {@link FrozenMaskDropout} on each layer that has dropout, and puts the layer's own dropout back on
 * {@link #close()}.
 */
public final class DropoutMasks implements AutoCloseable {

    private final List<org.deeplearning4j.nn.conf.layers.Layer> confs = new ArrayList<>();
    private final List<IDropout> originals = new ArrayList<>();

    public DropoutMasks(Layer[] layers, BufferPool pool) {
        for (int k = 0; k < layers.length; k++) {
            org.deeplearning4j.nn.conf.layers.Layer conf = layers[k].conf().getLayer();
            IDropout d = conf.getIDropout();
            if (d != null) {
                confs.add(conf);
                originals.add(d);
                conf.setIDropout(new FrozenMaskDropout(d, pool, "dropout/" + k));
            }
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < confs.size(); i++) {
            confs.get(i).setIDropout(originals.get(i));
        }
    }
}
