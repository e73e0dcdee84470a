package org.pc4j.spark;

import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** A network's iteration and epoch counters (DL4J keeps them in its configuration; updaters such as Adam read them). */
final class Counters {

    private Counters() {
    }

    /** @return the weight updates made so far */
    static int iteration(NeuralNetwork net) {
        return net instanceof MultiLayerNetwork m ? m.getIterationCount() : ((ComputationGraph) net).getIterationCount();
    }

    /** @return the epochs finished so far */
    static int epoch(NeuralNetwork net) {
        return net instanceof MultiLayerNetwork m ? m.getEpochCount() : ((ComputationGraph) net).getEpochCount();
    }

    /** Sets both counters. */
    static void set(NeuralNetwork net, int iteration, int epoch) {
        if (net instanceof MultiLayerNetwork m) {
            m.getLayerWiseConfigurations().setIterationCount(iteration);
            m.getLayerWiseConfigurations().setEpochCount(epoch);
        } else {
            ComputationGraph g = (ComputationGraph) net;
            g.getConfiguration().setIterationCount(iteration);
            g.getConfiguration().setEpochCount(epoch);
        }
    }
}
