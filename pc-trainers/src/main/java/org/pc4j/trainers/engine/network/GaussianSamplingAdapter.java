package org.pc4j.trainers.engine.network;

import java.util.Set;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.pc4j.layers.conf.GaussianSampling;
import org.pc4j.layers.noise.BatchNoise;
import org.pc4j.trainers.NodeEnergies;
import org.pc4j.trainers.spi.LayerAdapter;
import org.pc4j.trainers.spi.LayerSite;
import org.pc4j.trainers.spi.LayerState;

/**
 * A VAE's reparameterisation layer: the node it reads is a (mean, log-variance) bottleneck, and its noise is drawn
 * once per batch and held for all of the batch's inference steps (docs/algorithms.md §5).
 */
final class GaussianSamplingAdapter implements LayerAdapter {

    @Override
    public Set<Class<? extends Layer>> configTypes() {
        return Set.of(GaussianSampling.class);
    }

    @Override
    public NodeEnergies.Kind inputEnergyKind(LayerSite site) {
        return NodeEnergies.Kind.VARIANCE_BOTTLENECK;
    }

    @Override
    public LayerState state(LayerSite site) {
        BatchNoise noise = (BatchNoise) site.layer();
        return new LayerState() {
            @Override
            public void startBatch() {
                noise.holdNoise();
            }

            @Override
            public void endBatch() {
                noise.releaseNoise();
            }
        };
    }
}
