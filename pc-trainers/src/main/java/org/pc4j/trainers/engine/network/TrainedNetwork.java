package org.pc4j.trainers.engine.network;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.pc4j.trainers.UnsupportedNetworkException;

/**
 * What the engine needs from a DL4J network besides its vertices, for {@code MultiLayerNetwork} and
 * {@code ComputationGraph} alike: parameters and gradient view, the network's own updater, counters, listeners,
 * masks. Each implementation calls the same DL4J methods the network's own {@code fit} calls.
 */
public sealed interface TrainedNetwork permits ChainNetwork, GraphNetwork {

    /**
     * @return the network behind the engine's one view
     * @throws UnsupportedNetworkException if it is neither a {@code MultiLayerNetwork} nor a {@code ComputationGraph},
     *                                     is not initialised, or uses truncated BPTT
     */
    static TrainedNetwork of(NeuralNetwork net) {
        TrainedNetwork n;
        if (net instanceof MultiLayerNetwork m) {
            n = new ChainNetwork(m);
        } else if (net instanceof ComputationGraph g) {
            n = new GraphNetwork(g);
        } else {
            throw new UnsupportedNetworkException("pc4j trains a MultiLayerNetwork or a ComputationGraph, got "
                    + (net == null ? "null" : net.getClass().getName()));
        }
        if (n.layers() == null || n.layers().length == 0 || net.params() == null) {
            throw new UnsupportedNetworkException("The network is not initialised: call init() before training it with pc4j");
        }
        if (n.backpropType() == BackpropType.TruncatedBPTT) {
            throw new UnsupportedNetworkException("Truncated BPTT is not supported: pc4j infers over whole sequences. "
                    + "Configure the network with backpropType(BackpropType.Standard)");
        }
        return n;
    }

    /** @return the wiring of the network's vertices. */
    Topology topology();

    /** @return the network's backprop type. */
    BackpropType backpropType();

    /** @return the DL4J model (what listeners receive). */
    Model model();

    /** @return the network's layers. */
    Layer[] layers();

    /** @return the flattened parameters. */
    INDArray params();

    /** @return the flattened gradient view every layer's gradient lives in. */
    INDArray flattenedGradients();

    int iteration();

    int epoch();

    void incrementEpoch();

    Collection<TrainingListener> listeners();

    /** Runs the network's own updater on {@code gradient}, as its optimiser does inside {@code fit}. */
    void update(Gradient gradient, int iteration, int epoch, int miniBatch, LayerWorkspaceMgr mgr);

    double regularizationScore();

    void setScore(double score);

    void applyConstraints(int iteration, int epoch);

    /** Sets the batch's masks (and, for a graph, its inputs and labels, which some vertices read) on the network. */
    void startBatch(MultiDataSet batch);

    /** Clears what {@link #startBatch} set. */
    void endBatch();
}
