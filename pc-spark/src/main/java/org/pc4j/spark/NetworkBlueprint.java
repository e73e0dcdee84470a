package org.pc4j.spark;

import java.io.Serializable;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network's architecture as it travels to the workers: DL4J's own JSON of its configuration, and whether it is a
 * {@code MultiLayerNetwork} or a {@code ComputationGraph}. With the parameters it rebuilds the same network.
 *
 * @param graph true for a {@code ComputationGraph}
 * @param json  the configuration's {@code toJson()}
 */
record NetworkBlueprint(boolean graph, String json) implements Serializable {

    /** @throws IllegalArgumentException for a network that is neither a MultiLayerNetwork nor a ComputationGraph */
    static NetworkBlueprint of(NeuralNetwork net) {
        if (net instanceof MultiLayerNetwork m) {
            return new NetworkBlueprint(false, m.getLayerWiseConfigurations().toJson());
        }
        if (net instanceof ComputationGraph g) {
            return new NetworkBlueprint(true, g.getConfiguration().toJson());
        }
        throw new IllegalArgumentException("pc4j on Spark trains a MultiLayerNetwork or a ComputationGraph, got "
                + (net == null ? "null" : net.getClass().getName()));
    }

    /** @return a new network of this architecture holding a copy of {@code params} ({@code [1, numParams]}) */
    NeuralNetwork build(INDArray params) {
        if (graph) {
            ComputationGraph g = new ComputationGraph(ComputationGraphConfiguration.fromJson(json));
            g.init(params, true);
            return g;
        }
        MultiLayerNetwork m = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(json));
        m.init(params, true);
        return m;
    }
}
