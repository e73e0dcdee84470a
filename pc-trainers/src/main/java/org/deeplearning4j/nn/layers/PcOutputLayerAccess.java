package org.deeplearning4j.nn.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * Reads what an output layer's backprop uses internally but does not return: its error at the pre-activation,
 * {@code delta = dLoss/dz} as {@code [rows, nOut]} (one row per example, or per example and time step for
 * recurrent outputs). pc4j's Fa-Z-IL detector gates each output neuron by whether this error is exactly zero, and
 * computes the weight gradient of a subset of neurons ({@link #gatedBackprop}) with the layer's own backprop.
 *
 * <p>It lives in DL4J's package because these members are protected; it calls the very methods the layer's
 * {@code backpropGradient} calls, so the error is bit-identical to the one behind the layer's weight gradient.
 * Used only by pc4j; not part of DL4J.
 */
public final class PcOutputLayerAccess {

    private PcOutputLayerAccess() {
    }

    /**
     * @param layer an output layer whose input and labels are set
     * @return {@code dLoss/dz}, the error its backprop multiplies into the weight gradient, for DL4J's
     *         {@link BaseOutputLayer} (but a centre-loss output) and {@link LossLayer}; for the other output layers
     *         (CNN, 3-D CNN and RNN loss layers, centre loss, one-class, YOLO, SameDiff) one per example, {@code [mb, 1]}: Fa-Z-IL observes
     *         an output's error only at step 0, where phi fires exactly where the error is non-zero, so the gated
     *         update equals the full one whatever array marks the error, and these layers are read in full
     */
    public static INDArray outputError(Layer layer, LayerWorkspaceMgr mgr) {
        if (layer instanceof org.deeplearning4j.nn.layers.training.CenterLossOutputLayer
                || layer instanceof org.deeplearning4j.nn.layers.ocnn.OCNNOutputLayer) {
            return onePerExample(layer, mgr);
        }
        if (layer instanceof BaseOutputLayer<?> out) {
            INDArray preOut = out.preOutput2d(true, mgr);
            INDArray labels2d = out.getLabels2d(mgr, ArrayType.BP_WORKING_MEM);
            return out.layerConf().getLossFn().computeGradient(labels2d, preOut, out.layerConf().getActivationFn(), out.maskArray);
        }
        if (layer instanceof LossLayer loss) {
            return loss.layerConf().getLossFn().computeGradient(loss.getLabels2d(), loss.input, loss.layerConf().getActivationFn(), loss.maskArray);
        }
        return onePerExample(layer, mgr);
    }

    private static INDArray onePerExample(Layer layer, LayerWorkspaceMgr mgr) {
        INDArray in = ((AbstractLayer<?>) layer).input;
        return mgr.create(ArrayType.BP_WORKING_MEM, in.dataType(), in.size(0), 1).assign(1);
    }

    /**
     * Runs the layer's own backprop with its error gated per neuron: {@code delta' = delta * gate}, so that the
     * layer's gradient view receives {@code dW = in^T delta'} and {@code db = sum delta'}. The gate cannot go through
     * the labels mask, because DL4J refuses a per-output mask for softmax with cross-entropy or negative
     * log-likelihood; it is applied to the loss function's gradient instead, by wrapping the layer's loss for the
     * duration of the call (the configuration is restored before returning, also on failure).
     *
     * @param layer an output layer whose input and labels are set
     * @param gate  0/1 per neuron, shaped like {@link #outputError}
     * @return the message to the layer's input (computed from the gated error; callers that need the ungated
     *         message must use the layer's plain backprop)
     */
    public static INDArray gatedBackprop(Layer layer, INDArray gate, LayerWorkspaceMgr mgr) {
        org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
        if (!(conf instanceof org.deeplearning4j.nn.conf.layers.BaseOutputLayer out)) {
            throw new IllegalArgumentException("Only an output layer with parameters has a gated weight gradient: "
                    + conf.getClass().getSimpleName());
        }
        ILossFunction loss = out.getLossFn();
        out.setLossFn(new GatedLoss(loss, gate));
        try {
            return layer.backpropGradient(null, mgr).getSecond();
        } finally {
            out.setLossFn(loss);
        }
    }

    /** A loss whose gradient is another loss's gradient times a fixed 0/1 gate; used for one backprop call only. */
    private static final class GatedLoss implements ILossFunction {
        private final ILossFunction loss;
        private final INDArray gate;

        GatedLoss(ILossFunction loss, INDArray gate) {
            this.loss = loss;
            this.gate = gate;
        }

        @Override
        public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
            return loss.computeGradient(labels, preOutput, activationFn, mask).muli(gate.castTo(preOutput.dataType()));
        }

        @Override
        public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask, boolean average) {
            return loss.computeScore(labels, preOutput, activationFn, mask, average);
        }

        @Override
        public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
            return loss.computeScoreArray(labels, preOutput, activationFn, mask);
        }

        @Override
        public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                              INDArray mask, boolean average) {
            return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
                    computeGradient(labels, preOutput, activationFn, mask));
        }

        @Override
        public String name() {
            return "gated " + loss.name();
        }
    }
}
