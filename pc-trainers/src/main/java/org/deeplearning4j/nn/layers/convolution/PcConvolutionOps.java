package org.deeplearning4j.nn.layers.convolution;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's 2-D convolution ({@link ConvolutionLayer}, NCHW, on its built-in path) computed by libnd4j's own
 * {@code conv2d} and {@code conv2d_bp} operations instead of DL4J's im2col and matrix product. The operations compute
 * the same functions: for an input {@code x [mb, inDepth, inH, inW]}, weights {@code W [outDepth, inDepth, kH, kW]}
 * and bias {@code b [outDepth]},
 * <pre>
 *   z[n, o, y, x']   = b[o] + sum_{c, i, j} W[o, c, i, j] xPadded[n, c, y sH + i dH, x' sW + j dW]     (conv2d)
 *   dE/dx            = the transposed convolution of delta = dE/dz with W                              (conv2d_bp)
 *   dE/dW[o, c, i, j] = sum_{n, y, x'} delta[n, o, y, x'] xPadded[n, c, y sH + i dH, x' sW + j dW]       (conv2d_bp)
 *   dE/db[o]          = sum_{n, y, x'} delta[n, o, y, x']                                              (conv2d_bp)
 * </pre>
 * with DL4J's padding (the layer's own in Truncate and Strict mode; in Same mode the top-left padding
 * {@code ((out - 1) s + (k - 1) d + 1 - in) / 2} both compute), so the results equal DL4J's to rounding (the sums run
 * in another order). On an ND4J build with oneDNN ({@code nd4j-native} classifier {@code -onednn} or
 * {@code -onednn-avx2}) libnd4j runs these operations through oneDNN, several times faster than im2col on the CPU; on
 * the default build they are slower than pc4j's im2col ({@code ./pc4j bench --conv-ops}), so pc4j uses them only where
 * {@link #faster()} or the configuration asks. The message comes from {@code conv2d_bp} (its weight and bias gradients
 * are discarded) or, where the geometry allows, from {@code deconv2d_tf} (TensorFlow's input gradient alone);
 * libnd4j's {@code deconv2d} measured ten times slower than {@code conv2d_bp} on the oneDNN build of 1.0.0-M2.1.
 *
 * <p>Used only by pc4j, for schedules that need not equal {@code net.fit} bit for bit (PC, iPC); Z-IL and Fa-Z-IL keep
 * DL4J's im2col arithmetic ({@link PcConvolutionAccess}). Not part of DL4J.
 */
public final class PcConvolutionOps {

    private PcConvolutionOps() {
    }

    /**
     * @return true if this ND4J build has oneDNN and lets libnd4j's operations use it (ND4J's
     *         {@code helpersAllowed}), where {@code conv2d} and {@code conv2d_bp} are faster than im2col
     */
    public static boolean faster() {
        return oneDnn() && Nd4j.getEnvironment().helpersAllowed();
    }

    /** @return true if the loaded libnd4j was built with oneDNN ({@code HAVE_ONEDNN} in its build information) */
    public static boolean oneDnn() {
        return OneDnn.PRESENT;
    }

    /** Whether the loaded libnd4j was built with oneDNN: a fact of the native library, read once. */
    private static final class OneDnn {
        static final boolean PRESENT = detect();

        private static boolean detect() {
            Nd4j.getExecutioner(); // loads the backend, which names the native library NativeOpsHolder reads
            String info = org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo();
            return info != null && info.contains("HAVE_ONEDNN");
        }
    }

    /**
     * @return true if the operations serve the layer: DL4J's 2-D convolution itself (not a subclass), NCHW, on its
     *         built-in path, in Truncate, Strict or Same mode
     */
    public static boolean serves(Layer layer) {
        if (!PcConvolutionAccess.builtIn(layer)) {
            return false;
        }
        ConvolutionLayer conv = (ConvolutionLayer) layer;
        ConvolutionMode mode = conv.getConvolutionMode();
        return mode == ConvolutionMode.Truncate || mode == ConvolutionMode.Strict || mode == ConvolutionMode.Same;
    }

    /**
     * libnd4j's integer arguments: kernel, strides, padding (0 in Same mode, where the operation computes DL4J's),
     * dilation, same mode, NCHW (0), weights as {@code [outDepth, inDepth, kH, kW]} (1).
     */
    static int[] arguments(ConvolutionLayer conv) {
        org.deeplearning4j.nn.conf.layers.ConvolutionLayer c = conv.layerConf();
        int[] k = c.getKernelSize();
        int[] s = c.getStride();
        int[] d = c.getDilation();
        boolean same = conv.getConvolutionMode() == ConvolutionMode.Same;
        int[] p = same ? new int[] {0, 0} : c.getPadding();
        return new int[] {k[0], k[1], s[0], s[1], p[0], p[1], d[0], d[1], same ? 1 : 0, 0, 1};
    }

    /** @return the layer's input as its backprop reads it: the input it holds (after dropout), in its data type */
    private static INDArray input(ConvolutionLayer conv) {
        return conv.input().castTo(conv.getDataType());
    }

    /**
     * The layer's pre-activation {@code z = conv(input, W) + b} from the input it holds, by {@code conv2d}.
     *
     * @return {@code z}, {@code [mb, outDepth, outH, outW]}, in the activations' memory
     */
    public static INDArray preOutput(Layer layer, LayerWorkspaceMgr mgr) {
        ConvolutionLayer conv = (ConvolutionLayer) layer;
        INDArray input = input(conv);
        INDArray weights = conv.getParam(ConvolutionParamInitializer.WEIGHT_KEY);
        org.deeplearning4j.nn.conf.layers.ConvolutionLayer c = conv.layerConf();
        int[] outSize = ConvolutionUtils.getOutputSize(input, c.getKernelSize(), c.getStride(),
                conv.getConvolutionMode() == ConvolutionMode.Same ? null : c.getPadding(), conv.getConvolutionMode(), c.getDilation(),
                CNN2DFormat.NCHW);
        INDArray z = mgr.createUninitialized(ArrayType.ACTIVATIONS, weights.dataType(),
                new long[] {input.size(0), weights.size(0), outSize[0], outSize[1]}, 'c');
        DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv2d").addIntegerArguments(arguments(conv));
        if (c.hasBias()) {
            op.addInputs(input, weights, bias(conv));
        } else {
            op.addInputs(input, weights);
        }
        Nd4j.exec(op.addOutputs(z).build());
        return z;
    }

    /** @return the bias as the operations read it, {@code [outDepth]} (a view of the layer's {@code [1, outDepth]}) */
    private static INDArray bias(ConvolutionLayer conv) {
        INDArray b = conv.getParam(ConvolutionParamInitializer.BIAS_KEY);
        return b.reshape(b.length());
    }

    /**
     * The message {@code dE/dinput} from {@code delta = dE/dz}: by {@code deconv2d_tf} (the input gradient alone, from
     * the weights as {@code [kH, kW, inDepth, outDepth]}) where {@link #transposedFits}, else by {@code conv2d_bp}, whose
     * weight and bias gradients go to working memory and are dropped. ({@code deconv2d_tf} is a third faster than
     * {@code conv2d_bp} on AlexNet-8's convolutions on the oneDNN build and gives the same input gradient.)
     *
     * @param delta   {@code [mb, outDepth, outH, outW]}
     * @param weights the layer's weights as its backprop reads them
     * @return {@code dE/dinput}, {@code [mb, inDepth, inH, inW]}, in the activation-gradient memory
     */
    public static INDArray message(Layer layer, INDArray delta, INDArray weights, LayerWorkspaceMgr mgr) {
        return message(layer, delta, weights, null, mgr);
    }

    /**
     * As {@link #message(Layer, INDArray, INDArray, LayerWorkspaceMgr)}, with the weights already laid out for
     * {@code deconv2d_tf} ({@link #transposedWeights}) where the caller keeps them across steps whose weights do not
     * change (a PC batch's inference steps).
     *
     * @param transposedWeights {@link #transposedWeights} of {@code weights}, or null (made here, in working memory)
     */
    public static INDArray message(Layer layer, INDArray delta, INDArray weights, INDArray transposedWeights, LayerWorkspaceMgr mgr) {
        ConvolutionLayer conv = (ConvolutionLayer) layer;
        long[] inputShape = conv.input().shape();
        if (transposedFits(conv, inputShape, delta.shape())) {
            INDArray inputGradient = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, delta.dataType(), inputShape, 'c');
            INDArray hwio = transposedWeights != null ? transposedWeights
                    : mgr.dup(ArrayType.BP_WORKING_MEM, weights.permute(2, 3, 1, 0), 'c');
            INDArray shape = Nd4j.createFromArray(inputShape);
            int[] a = arguments(conv);
            Nd4j.exec(DynamicCustomOp.builder("deconv2d_tf").addInputs(shape, hwio, delta).addOutputs(inputGradient)
                    .addIntegerArguments(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], 0).build());
            return inputGradient;
        }
        INDArray weightGradient = mgr.createUninitialized(ArrayType.BP_WORKING_MEM, weights.dataType(), weights.shape(), 'c');
        INDArray biasGradient = conv.layerConf().hasBias()
                ? mgr.createUninitialized(ArrayType.BP_WORKING_MEM, weights.dataType(), new long[] {weights.size(0)}, 'c') : null;
        return backprop(conv, delta, weights, weightGradient, biasGradient, mgr);
    }

    /**
     * @return the weights {@code [outDepth, inDepth, kH, kW]} laid out as {@code deconv2d_tf} reads them,
     *         {@code [kH, kW, inDepth, outDepth]} in row-major order: a copy, outside any workspace
     */
    public static INDArray transposedWeights(INDArray weights) {
        try (org.nd4j.linalg.api.memory.MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return weights.permute(2, 3, 1, 0).dup('c');
        }
    }

    /**
     * @return true if libnd4j's {@code deconv2d_tf} (the input gradient alone) gives the message: where the transposed
     *         convolution of {@code delta}'s size reproduces the input's size exactly (stride 1, or a stride that tiles
     *         the padded input), which its shape check requires
     */
    static boolean transposedFits(ConvolutionLayer conv, long[] inputShape, long[] deltaShape) {
        int[] a = arguments(conv);
        for (int d = 0; d < 2; d++) {
            long k = a[d];
            long s = a[2 + d];
            long p = a[4 + d];
            long dilation = a[6 + d];
            long out = deltaShape[2 + d];
            long size = a[8] == 1 ? out * s : s * (out - 1) + (k - 1) * dilation + 1 - 2 * p;
            if (size != inputShape[2 + d]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The three gradients of the convolution by one {@code conv2d_bp}: the weight and bias gradients written into the
     * given arrays (the layer's gradient views), the message returned.
     *
     * @param delta          {@code dE/dz}, {@code [mb, outDepth, outH, outW]}
     * @param weights        the layer's weights as its backprop reads them
     * @param weightGradient {@code [outDepth, inDepth, kH, kW]}, overwritten
     * @param biasGradient   {@code [outDepth]} or {@code [1, outDepth]}, overwritten; null for a layer without bias
     * @return {@code dE/dinput}, {@code [mb, inDepth, inH, inW]}, in the activation-gradient memory
     */
    public static INDArray backprop(Layer layer, INDArray delta, INDArray weights, INDArray weightGradient, INDArray biasGradient,
                                    LayerWorkspaceMgr mgr) {
        ConvolutionLayer conv = (ConvolutionLayer) layer;
        INDArray input = input(conv);
        INDArray inputGradient = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, delta.dataType(), input.shape(), 'c');
        DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv2d_bp").addIntegerArguments(arguments(conv));
        if (conv.layerConf().hasBias()) {
            op.addInputs(input, weights, bias(conv), delta).addOutputs(inputGradient, weightGradient,
                    biasGradient.reshape(biasGradient.length()));
        } else {
            op.addInputs(input, weights, delta).addOutputs(inputGradient, weightGradient);
        }
        Nd4j.exec(op.build());
        return inputGradient;
    }
}
