package org.pc4j.trainers.engine.network;

import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.layers.PcOutputLayerAccess;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An output layer as the predictor of a clamped output node. The node's value is the label; its energy is the
 * layer's own loss summed over the minibatch ({@code computeScore * mb}, DL4J's scale: the parameter gradient DL4J's
 * backprop returns is the gradient of this sum). For MSE that is DL4J's mean over outputs, for softmax with
 * cross-entropy it is {@code -log softmax(z)_label}, the categorical energy of a one-hot node (docs/algorithms.md §1).
 */
public final class OutputPredictor extends LayerPredictor {

    OutputPredictor(int index, BoundLayer bound, InputPreProcessor preProcessor, String description) {
        super(index, 0, bound, preProcessor, description);
    }

    /** Sets the layer's input (the value feeding it) and the labels; computes nothing yet. */
    public void clamp(INDArray input, INDArray labels, int miniBatch, LayerWorkspaceMgr mgr) {
        countForward();
        try (MemoryWorkspace ignored = mgr.notifyScopeEntered(ArrayType.FF_WORKING_MEM)) {
            layer().setInput(preProcess(input, miniBatch, mgr), mgr);
        }
        ((IOutputLayer) layer()).setLabels(labels);
    }

    /**
     * @return the output node's energy: the loss summed over the examples the layer reads (DL4J's score is their mean;
     *         a space-to-batch layer below multiplies the network's minibatch), without regularisation
     */
    public double energy(int miniBatch, LayerWorkspaceMgr mgr) {
        try (MemoryWorkspace ignored = mgr.notifyScopeEntered(ArrayType.FF_WORKING_MEM)) {
            return ((IOutputLayer) layer()).computeScore(0.0, true, mgr) * layer().getInputMiniBatchSize();
        }
    }

    /**
     * Writes into the layer's gradient view the weight gradient of its error gated per neuron,
     * {@code dLoss/dz * gate} (Fa-Z-IL's partial gate); the layer's input and labels must be set.
     *
     * @param gate 0/1 per neuron, shaped like {@link #error}
     */
    public void gatedBackprop(INDArray gate, LayerWorkspaceMgr mgr) {
        countBackward();
        try (MemoryWorkspace ignored = mgr.notifyScopeEntered(ArrayType.BP_WORKING_MEM)) {
            PcOutputLayerAccess.gatedBackprop(layer(), gate, mgr);
        }
    }

    /** @return {@code dLoss/dz} at the layer's pre-activation, {@code [rows, nOut]}. */
    public INDArray error(LayerWorkspaceMgr mgr) {
        try (MemoryWorkspace ignored = mgr.notifyScopeEntered(ArrayType.BP_WORKING_MEM)) {
            return mgr.leverageTo(ArrayType.ACTIVATION_GRAD, PcOutputLayerAccess.outputError(layer(), mgr));
        }
    }
}
