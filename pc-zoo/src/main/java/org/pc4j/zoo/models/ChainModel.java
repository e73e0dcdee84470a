package org.pc4j.zoo.models;

import java.nio.file.Path;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** A zoo model that is a {@code MultiLayerNetwork}: the network-making part of {@link PcZooModel}, once. */
abstract class ChainModel implements PcZooModel<MultiLayerConfiguration, MultiLayerNetwork> {

    @Override
    public final MultiLayerNetwork init() {
        MultiLayerConfiguration conf = conf();
        ParameterCount.requireFits(conf, "this " + name());
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    @Override
    public final MultiLayerNetwork loadPretrained(Path checkpoint) {
        return Checkpoints.load(checkpoint, conf(), name());
    }
}
