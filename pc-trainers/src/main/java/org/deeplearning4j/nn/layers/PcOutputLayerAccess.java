package org.deeplearning4j.nn.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reads what an output layer's backprop uses internally but does not return: its error at the pre-activation,
 * {@code delta = dLoss/dz} as {@code [rows, nOut]} (one row per example, or per example and time step for
 * recurrent outputs), and its 2-d mask. pc4j's Fa-Z-IL detector (spec §1.6) gates each output neuron by whether
 * this error is exactly zero, and gates a subset of neurons through the mask, exactly as the layer itself applies
 * its labels mask.
 *
 * <p>It lives in DL4J's package because these members are protected; it calls the very methods the layer's
 * {@code backpropGradient} calls, so the error is bit-identical to the one behind the layer's weight gradient.
 * Used only by pc4j; not part of DL4J.
 */
public final class PcOutputLayerAccess {

    private PcOutputLayerAccess() {
    }

    /**
     * @param layer an output layer ({@link BaseOutputLayer} or {@link LossLayer}) whose input and labels are set
     * @return {@code dLoss/dz}, the error its backprop multiplies into the weight gradient
     */
    public static INDArray outputError(Layer layer, LayerWorkspaceMgr mgr) {
        if (layer instanceof BaseOutputLayer<?> out) {
            INDArray preOut = out.preOutput2d(true, mgr);
            INDArray labels2d = out.getLabels2d(mgr, ArrayType.BP_WORKING_MEM);
            return out.layerConf().getLossFn().computeGradient(labels2d, preOut, out.layerConf().getActivationFn(), out.maskArray);
        }
        if (layer instanceof LossLayer loss) {
            return loss.layerConf().getLossFn().computeGradient(loss.getLabels2d(), loss.input, loss.layerConf().getActivationFn(), loss.maskArray);
        }
        throw new IllegalArgumentException("Not a supported output layer: " + layer.getClass().getName());
    }

    /** @return the layer's mask as its backprop uses it (2-d, possibly a column vector), or null. */
    public static INDArray mask2d(Layer layer) {
        return ((AbstractLayer<?>) layer).maskArray;
    }

    /** Sets the mask the layer's backprop uses, already in its 2-d form (same shape as {@link #outputError}). */
    public static void setMask2d(Layer layer, INDArray mask) {
        ((AbstractLayer<?>) layer).maskArray = mask;
    }
}
