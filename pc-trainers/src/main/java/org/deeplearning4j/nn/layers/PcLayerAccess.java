package org.deeplearning4j.nn.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The message half of a layer's backprop: {@code dE/dx_in} without the parameter gradient, for the inference steps
 * whose weight gradient no one reads (PC's first T - 1 steps, Fa-Z-IL's silent layers). For a dense layer, DL4J's
 * {@code backpropGradient} is three matrix products (the pre-activation recomputed, the weight gradient
 * {@code x_in^T delta}, the message {@code delta W^T}); this is two, and for an output layer one instead of two.
 *
 * <p>It lives in DL4J's package because the members it calls are protected; it calls exactly what the layer's own
 * {@code backpropGradient} calls, in the same order and on the same memory types, leaving out only the gradient
 * writes, so the message is bit-identical to the one DL4J's backprop returns (tested). Only the layer classes whose
 * {@code backpropGradient} is the one reproduced here are served ({@link #servesMessages}); every other layer takes
 * its full backprop. Used only by pc4j; not part of DL4J.
 */
public final class PcLayerAccess {

    private PcLayerAccess() {
    }

    /**
     * @return true if {@link #message} reproduces this layer's backprop message: DL4J's dense layer without layer
     *         normalisation, and DL4J's output layer (the exact classes, not subclasses)
     */
    public static boolean servesMessages(Layer layer) {
        if (layer.getClass() == org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer.class) {
            return !((BaseLayer<?>) layer).hasLayerNorm();
        }
        return layer.getClass() == OutputLayer.class;
    }

    /**
     * @return true if {@link #forward} serves the layer: DL4J's dense layer without layer normalisation or weight noise
     */
    public static boolean keepsPreActivation(Layer layer) {
        return layer.getClass() == org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer.class
                && !((BaseLayer<?>) layer).hasLayerNorm() && ((BaseLayer<?>) layer).layerConf().getWeightNoise() == null;
    }

    /**
     * The dense layer's {@code activate(input, true, mgr)}, which also returns its pre-activation {@code z}: the same
     * calls as DL4J's (the input set, {@code z = input W + b} with its dropout and mask, the activation applied in
     * place), plus one copy of {@code z} in the activations' memory, so that a later {@link #message} need not
     * recompute it (one matrix product and the bias broadcast fewer per inference step).
     *
     * @return {activation, z}
     * @throws IllegalArgumentException if {@link #keepsPreActivation} is false
     */
    public static INDArray[] forward(Layer layer, INDArray input, LayerWorkspaceMgr mgr) {
        if (!keepsPreActivation(layer)) {
            throw new IllegalArgumentException("no pre-activation-keeping forward pass for " + layer.getClass().getName());
        }
        BaseLayer<?> dense = (BaseLayer<?>) layer;
        dense.setInput(input, mgr);
        INDArray z = dense.preOutput(true, mgr);
        INDArray kept = mgr.dup(ArrayType.ACTIVATIONS, z);
        INDArray out = dense.layerConf().getActivationFn().getActivation(z, true);
        if (dense.maskArray != null) {
            dense.applyMask(out);
        }
        return new INDArray[] {out, kept};
    }

    /** @return the input the layer holds now (after its dropout, if it has one), or null */
    public static INDArray input(Layer layer) {
        return ((AbstractLayer<?>) layer).input;
    }

    /**
     * @param epsilon {@code dE/d(output)} for a dense layer (it may be overwritten, as by the layer's backprop); ignored
     *                for an output layer, whose error comes from its labels
     * @return {@code dE/dx_in}, bit-identical to {@code layer.backpropGradient(epsilon, mgr).getSecond()}; the layer's
     *         gradient view is not touched
     * @throws IllegalArgumentException if {@link #servesMessages} is false for the layer
     */
    public static INDArray message(Layer layer, INDArray epsilon, LayerWorkspaceMgr mgr) {
        return message(layer, epsilon, null, mgr);
    }

    /**
     * As {@link #message(Layer, INDArray, LayerWorkspaceMgr)}, with the pre-activation {@link #forward} kept for the
     * layer's current input (null: recomputed, as DL4J's backprop does); it is copied, not overwritten.
     */
    public static INDArray message(Layer layer, INDArray epsilon, INDArray preActivation, LayerWorkspaceMgr mgr) {
        if (!servesMessages(layer)) {
            throw new IllegalArgumentException("no message-only backprop for " + layer.getClass().getName());
        }
        INDArray delta;
        if (layer instanceof OutputLayer out) {
            out.assertInputSet(true);
            INDArray preOut = out.preOutput2d(true, mgr);
            INDArray labels2d = out.getLabels2d(mgr, ArrayType.BP_WORKING_MEM);
            delta = out.layerConf().getLossFn().computeGradient(labels2d, preOut, out.layerConf().getActivationFn(), out.maskArray);
            delta = mgr.leverageTo(ArrayType.ACTIVATION_GRAD, delta);
        } else {
            BaseLayer<?> dense = (BaseLayer<?>) layer;
            dense.assertInputSet(true);
            INDArray z = preActivation != null ? preActivation.dup() : dense.preOutputWithPreNorm(true, true, mgr).getFirst();
            delta = dense.layerConf().getActivationFn().backprop(z, epsilon).getFirst();
            if (dense.maskArray != null) {
                dense.applyMask(delta);
            }
        }
        BaseLayer<?> base = (BaseLayer<?>) layer;
        INDArray w = base.getParamWithNoise(DefaultParamInitializer.WEIGHT_KEY, true, mgr);
        INDArray next = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, delta.dataType(), new long[] {w.size(0), delta.size(0)}, 'f');
        next = w.mmuli(delta.transpose(), next).transpose();
        if (!(layer instanceof OutputLayer)) {
            base.weightNoiseParams.clear();
        }
        return base.backpropDropOutIfPresent(next);
    }
}
