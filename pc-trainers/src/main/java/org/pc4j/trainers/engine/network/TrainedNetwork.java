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
     * @throws UnsupportedNetworkException if it is neither a {@code MultiLayerNetwork} nor a {@code ComputationGraph}, or
     *                                     is not initialised
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
        return n;
    }

    /** @return the wiring of the network's vertices. */
    Topology topology();

    /** @return the network's backprop type. */
    BackpropType backpropType();

    /** @return the steps of a truncated-BPTT segment (the configuration's forward length) */
    int tbpttForwardLength();

    /** @return the steps a truncated-BPTT backprop reaches back (the configuration's backward length) */
    int tbpttBackwardLength();

    /** @return true if the network trains with DL4J's truncated BPTT. */
    default boolean truncatedBptt() {
        return backpropType() == BackpropType.TruncatedBPTT;
    }

    /** Forgets every recurrent layer's stored state: the network's own {@code rnnClearPreviousState} (before and after a sequence). */
    void clearRnnState();

    /**
     * Carries every recurrent layer's state at the end of a truncated-BPTT segment into the next one, as the network's own
     * truncated BPTT does ({@code updateRnnStateWithTBPTTState}: the layers that are recurrent themselves).
     */
    default void carryRnnState() {
        for (Layer l : layers()) {
            if (l instanceof org.deeplearning4j.nn.api.layers.RecurrentLayer r) {
                r.rnnSetPreviousState(r.rnnGetTBPTTState());
            }
        }
    }

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
