package org.pc4j.spark;

import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The network's updater state as one flat view (Adam's moments, ...), as DL4J keeps it (null without state), and its score. */
final class UpdaterState {

    private UpdaterState() {
    }

    static INDArray of(NeuralNetwork net) {
        if (net instanceof MultiLayerNetwork m) {
            return m.getUpdater(true).getStateViewArray();
        }
        return ((ComputationGraph) net).getUpdater(true).getStateViewArray();
    }

    /** @return the network's score after its last fit (its loss per example, with regularisation) */
    static double score(NeuralNetwork net) {
        return net instanceof MultiLayerNetwork m ? m.score() : ((ComputationGraph) net).score();
    }
}
