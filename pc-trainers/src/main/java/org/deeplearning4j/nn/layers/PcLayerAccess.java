package org.deeplearning4j.nn.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.layers.convolution.PcConvolutionAccess;
import org.deeplearning4j.nn.layers.convolution.PcConvolutionOps;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The message half of a layer's backprop: {@code dE/dx_in} without the parameter gradient, for the inference steps
 * whose weight gradient no one reads (PC's first T - 1 steps, Fa-Z-IL's silent layers). For a dense layer, DL4J's
 * {@code backpropGradient} is three matrix products (the pre-activation recomputed, the weight gradient
 * {@code x_in^T delta}, the message {@code delta W^T}); this is two, and for an output layer one instead of two. For a
 * 2-D convolution DL4J's backprop is im2col, three matrix products and col2im; the message from the kept
 * pre-activation is one product and col2im.
 *
 * <p>DL4J's 2-D convolution also gets pc4j's forward pass and full backprop ({@link #activate}, {@link #backprop}):
 * the same operations as DL4J's built-in path but for the im2col, which is filled by strided copies
 * ({@link PcConvolutionAccess}), several times faster on CPU than libnd4j's; the results are the same, bit for bit.
 *
 * <p>It lives in DL4J's package because the members it calls are protected; it calls exactly what the layer's own
 * {@code backpropGradient} calls, in the same order and on the same memory types, leaving out only the gradient
 * writes, so the message is bit-identical to the one DL4J's backprop returns (tested element by element). Only the
 * layer classes whose {@code backpropGradient} is the one reproduced here are served ({@link #servesMessages},
 * {@link #servesBackprop}); every other layer takes DL4J's own. Used only by pc4j; not part of DL4J.
 */
public final class PcLayerAccess {

    private PcLayerAccess() {
    }

    /**
     * @return true if {@link #message} reproduces this layer's backprop message: DL4J's dense layer without layer
     *         normalisation, DL4J's output layer, and DL4J's 2-D convolution on its built-in path without weight noise
     *         (the exact classes, not subclasses)
     */
    public static boolean servesMessages(Layer layer) {
        if (!PcDl4jVersion.copiesEnabled()) {
            return false;
        }
        if (layer.getClass() == org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer.class) {
            return !((BaseLayer<?>) layer).hasLayerNorm();
        }
        if (PcConvolutionAccess.builtIn(layer)) {
            return ((BaseLayer<?>) layer).layerConf().getWeightNoise() == null;
        }
        return layer.getClass() == OutputLayer.class;
    }

    /**
     * @return true if {@link #forward} serves the layer: DL4J's dense layer without layer normalisation or weight noise,
     *         DL4J's 2-D convolution on its built-in path without weight noise or a cache mode
     */
    public static boolean keepsPreActivation(Layer layer) {
        if (!PcDl4jVersion.copiesEnabled()) {
            return false;
        }
        if (PcConvolutionAccess.builtIn(layer)) {
            BaseLayer<?> conv = (BaseLayer<?>) layer;
            return conv.layerConf().getWeightNoise() == null && (conv.cacheMode == null || conv.cacheMode == CacheMode.NONE);
        }
        return layer.getClass() == org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer.class
                && !((BaseLayer<?>) layer).hasLayerNorm() && ((BaseLayer<?>) layer).layerConf().getWeightNoise() == null;
    }

    /**
     * The dense layer's or convolution's {@code activate(input, true, mgr)}, which also returns its pre-activation {@code z}: the same
     * calls as DL4J's (the input set, {@code z = input W + b} with its dropout and mask, the activation applied in
     * place), plus one copy of {@code z} in the activations' memory, so that a later {@link #message} need not
     * recompute it (one matrix product and the bias broadcast fewer per inference step).
     *
     * @return {activation, z}
     * @throws IllegalArgumentException if {@link #keepsPreActivation} is false
     */
    public static INDArray[] forward(Layer layer, INDArray input, LayerWorkspaceMgr mgr) {
        return forward(layer, input, mgr, false);
    }

    /**
     * As {@link #forward(Layer, INDArray, LayerWorkspaceMgr)}; with {@code operations}, a convolution's {@code z} comes
     * from libnd4j's {@code conv2d} ({@link PcConvolutionOps}; equal to DL4J's to rounding, not bit for bit).
     *
     * @throws IllegalArgumentException if {@link #keepsPreActivation} is false, or {@code operations} is asked of a
     *                                  layer {@link #servesOperations} does not serve
     */
    public static INDArray[] forward(Layer layer, INDArray input, LayerWorkspaceMgr mgr, boolean operations) {
        requireOperations(layer, operations);
        if (!keepsPreActivation(layer)) {
            throw new IllegalArgumentException("no pre-activation-keeping forward pass for " + layer.getClass().getName());
        }
        if (PcConvolutionAccess.builtIn(layer)) {
            // DL4J's ConvolutionLayer.activate(true, mgr) on its built-in path (no helper, no cache), z copied on the way
            BaseLayer<?> conv = (BaseLayer<?>) layer;
            conv.setInput(input, mgr);
            conv.applyDropOutIfNecessary(true, mgr);
            INDArray z = operations ? PcConvolutionOps.preOutput(layer, mgr) : PcConvolutionAccess.preOutput(layer, mgr);
            INDArray kept = mgr.dup(ArrayType.ACTIVATIONS, z);
            return new INDArray[] {conv.layerConf().getActivationFn().getActivation(z, true), kept};
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
        return message(layer, epsilon, preActivation, mgr, false);
    }

    /**
     * As {@link #message(Layer, INDArray, INDArray, LayerWorkspaceMgr)}; with {@code operations}, a convolution's
     * pre-activation (where none is kept) and message come from libnd4j's {@code conv2d} and {@code conv2d_bp}
     * ({@link PcConvolutionOps}; equal to DL4J's to rounding, not bit for bit).
     *
     * @throws IllegalArgumentException if {@link #servesMessages} is false, or {@code operations} is asked of a layer
     *                                  {@link #servesOperations} does not serve
     */
    public static INDArray message(Layer layer, INDArray epsilon, INDArray preActivation, LayerWorkspaceMgr mgr, boolean operations) {
        return message(layer, epsilon, preActivation, mgr, operations, null);
    }

    /**
     * As {@link #message(Layer, INDArray, INDArray, LayerWorkspaceMgr, boolean)}, with a convolution's weights already
     * laid out for the operations' message ({@link PcConvolutionOps#transposedWeights}) by a caller that keeps them
     * while the weights do not change; null: made for this call.
     */
    public static INDArray message(Layer layer, INDArray epsilon, INDArray preActivation, LayerWorkspaceMgr mgr, boolean operations,
                                   INDArray transposedWeights) {
        requireOperations(layer, operations);
        if (!servesMessages(layer)) {
            throw new IllegalArgumentException("no message-only backprop for " + layer.getClass().getName());
        }
        if (PcConvolutionAccess.builtIn(layer)) {
            return convolutionMessage((BaseLayer<?>) layer, epsilon, preActivation, mgr, operations, transposedWeights);
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

    /**
     * @return true if {@link #backprop} and {@link #activate} reproduce the layer's own: DL4J's 2-D convolution on its
     *         built-in im2col path without weight noise
     */
    public static boolean servesBackprop(Layer layer) {
        if (!PcDl4jVersion.copiesEnabled()) {
            return false;
        }
        return PcConvolutionAccess.builtIn(layer) && ((BaseLayer<?>) layer).layerConf().getWeightNoise() == null;
    }

    /**
     * The convolution's {@code activate(input, true, mgr)}, bit-identical to DL4J's, with pc4j's faster im2col
     * ({@link PcConvolutionAccess#preOutput}).
     *
     * @throws IllegalArgumentException if {@link #servesBackprop} is false
     */
    public static INDArray activate(Layer layer, INDArray input, LayerWorkspaceMgr mgr) {
        return activate(layer, input, mgr, false);
    }

    /**
     * As {@link #activate(Layer, INDArray, LayerWorkspaceMgr)}; with {@code operations}, {@code z} comes from libnd4j's
     * {@code conv2d} ({@link PcConvolutionOps}; equal to DL4J's to rounding, not bit for bit).
     *
     * @throws IllegalArgumentException if {@link #servesBackprop} is false, or {@code operations} is asked of a layer
     *                                  {@link #servesOperations} does not serve
     */
    public static INDArray activate(Layer layer, INDArray input, LayerWorkspaceMgr mgr, boolean operations) {
        requireOperations(layer, operations);
        if (!servesBackprop(layer)) {
            throw new IllegalArgumentException("no pc4j forward pass for " + layer.getClass().getName());
        }
        BaseLayer<?> conv = (BaseLayer<?>) layer;
        conv.setInput(input, mgr);
        conv.applyDropOutIfNecessary(true, mgr);
        INDArray z = operations ? PcConvolutionOps.preOutput(layer, mgr) : PcConvolutionAccess.preOutput(layer, mgr);
        return conv.layerConf().getActivationFn().getActivation(z, true);
    }

    /**
     * @return true if {@link #forward}, {@link #activate}, {@link #message} and {@link #backprop} can compute the
     *         layer through libnd4j's convolution operations: a layer {@link #servesBackprop} serves and
     *         {@link #keepsPreActivation} keeps, which {@link PcConvolutionOps#serves} serves
     */
    public static boolean servesOperations(Layer layer) {
        return servesBackprop(layer) && keepsPreActivation(layer) && PcConvolutionOps.serves(layer);
    }

    private static void requireOperations(Layer layer, boolean operations) {
        if (operations && !servesOperations(layer)) {
            throw new IllegalArgumentException("no computation through libnd4j's convolution operations for " + layer.getClass().getName());
        }
    }

    /**
     * The convolution's {@code backpropGradient(epsilon, mgr)}: the same gradient in the layer's gradient view and the
     * same message, bit for bit, computed as DL4J's built-in path computes them (pre-activation and im2col, activation
     * derivative, {@code dW = im2col^T delta}, the message by col2im, {@code db} the sum of delta), with pc4j's faster
     * im2col and one copy fewer.
     *
     * @return {@code dE/dinput}
     * @throws IllegalArgumentException if {@link #servesBackprop} is false
     */
    public static INDArray backprop(Layer layer, INDArray epsilon, LayerWorkspaceMgr mgr) {
        return backprop(layer, epsilon, null, mgr, false);
    }

    /**
     * As {@link #backprop(Layer, INDArray, LayerWorkspaceMgr)}; with {@code operations}, the pre-activation (where none
     * is kept), the message and the weight and bias gradients come from libnd4j's {@code conv2d} and
     * {@code conv2d_bp} ({@link PcConvolutionOps}; equal to DL4J's to rounding, not bit for bit).
     *
     * @param preActivation the pre-activation {@link #forward} kept for the layer's current input, or null (recomputed);
     *                      read only with {@code operations}, and not overwritten
     * @throws IllegalArgumentException if {@link #servesBackprop} is false, or {@code operations} is asked of a layer
     *                                  {@link #servesOperations} does not serve
     */
    public static INDArray backprop(Layer layer, INDArray epsilon, INDArray preActivation, LayerWorkspaceMgr mgr, boolean operations) {
        requireOperations(layer, operations);
        if (!servesBackprop(layer)) {
            throw new IllegalArgumentException("no pc4j backprop for " + layer.getClass().getName());
        }
        if (operations) {
            return operationsBackprop((BaseLayer<?>) layer, epsilon, preActivation, mgr);
        }
        BaseLayer<?> conv = (BaseLayer<?>) layer;
        conv.assertInputSet(true);
        INDArray weights = conv.getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, true, mgr);
        conv.getParamWithNoise(ConvolutionParamInitializer.BIAS_KEY, true, mgr); // as DL4J's backprop (no noise: no effect)
        if (epsilon.dataType() != conv.dataType) {
            epsilon = epsilon.castTo(conv.dataType);
        }
        INDArray biasGradView = conv.gradientViews.get(ConvolutionParamInitializer.BIAS_KEY);
        INDArray weightGradView = conv.gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
        INDArray[] zAndColumns = PcConvolutionAccess.preOutputAndColumnsForBackprop(layer, mgr);
        INDArray delta = conv.layerConf().getActivationFn().backprop(zAndColumns[0], epsilon).getFirst();
        long outDepth = weights.size(0);
        INDArray delta2d = delta.permute(1, 0, 2, 3).reshape('c', new long[] {outDepth, delta.length() / outDepth});
        PcConvolutionAccess.weightGradient(layer, zAndColumns[1], delta2d, weightGradView);
        INDArray next = PcConvolutionAccess.messageFromDelta(layer, delta, weights, mgr);
        if (((org.deeplearning4j.nn.conf.layers.ConvolutionLayer) conv.layerConf()).hasBias()) {
            delta2d.sum(biasGradView, 1);
        }
        conv.weightNoiseParams.clear();
        return conv.backpropDropOutIfPresent(next);
    }

    /** {@link #backprop} through libnd4j's operations: the steps of DL4J's backprop, each gradient from {@code conv2d_bp}. */
    private static INDArray operationsBackprop(BaseLayer<?> conv, INDArray epsilon, INDArray preActivation, LayerWorkspaceMgr mgr) {
        conv.assertInputSet(true);
        INDArray weights = conv.getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, true, mgr);
        if (epsilon.dataType() != conv.dataType) {
            epsilon = epsilon.castTo(conv.dataType);
        }
        INDArray z = preActivation != null ? preActivation.dup() : PcConvolutionOps.preOutput(conv, mgr);
        INDArray delta = conv.layerConf().getActivationFn().backprop(z, epsilon).getFirst();
        boolean bias = ((org.deeplearning4j.nn.conf.layers.ConvolutionLayer) conv.layerConf()).hasBias();
        INDArray next = PcConvolutionOps.backprop(conv, delta, weights, conv.gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY),
                bias ? conv.gradientViews.get(ConvolutionParamInitializer.BIAS_KEY) : null, mgr);
        conv.weightNoiseParams.clear();
        return conv.backpropDropOutIfPresent(next);
    }

    /** DL4J's {@code ConvolutionLayer.backpropGradient} on its built-in path without the weight and bias gradients. */
    private static INDArray convolutionMessage(BaseLayer<?> conv, INDArray epsilon, INDArray preActivation, LayerWorkspaceMgr mgr,
                                               boolean operations, INDArray transposedWeights) {
        conv.assertInputSet(true);
        INDArray weights = conv.getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, true, mgr);
        conv.getParamWithNoise(ConvolutionParamInitializer.BIAS_KEY, true, mgr); // as DL4J's backprop (no noise: no effect)
        if (epsilon.dataType() != conv.dataType) {
            epsilon = epsilon.castTo(conv.dataType);
        }
        INDArray z = preActivation != null ? preActivation.dup()
                : operations ? PcConvolutionOps.preOutput(conv, mgr) : PcConvolutionAccess.preOutputForBackprop(conv, mgr);
        INDArray delta = conv.layerConf().getActivationFn().backprop(z, epsilon).getFirst();
        INDArray next = operations ? PcConvolutionOps.message(conv, delta, weights, transposedWeights, mgr)
                : PcConvolutionAccess.messageFromDelta(conv, delta, weights, mgr);
        conv.weightNoiseParams.clear();
        return conv.backpropDropOutIfPresent(next);
    }
}
