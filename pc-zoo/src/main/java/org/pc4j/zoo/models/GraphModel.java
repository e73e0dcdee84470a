package org.pc4j.zoo.models;

import java.nio.file.Path;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;

/** A zoo model that is a {@code ComputationGraph}: the network-making part of {@link PcZooModel}, once. */
abstract class GraphModel implements PcZooModel<ComputationGraphConfiguration, ComputationGraph> {

    @Override
    public final ComputationGraph init() {
        ComputationGraphConfiguration conf = conf();
        ParameterCount.requireFits(conf, "this " + name());
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    @Override
    public final ComputationGraph loadPretrained(Path checkpoint) {
        return Checkpoints.load(checkpoint, conf(), name());
    }
}
