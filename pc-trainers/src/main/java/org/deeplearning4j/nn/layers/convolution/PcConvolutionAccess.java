package org.deeplearning4j.nn.layers.convolution;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.nd4j.linalg.convolution.Convolution;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The members of DL4J's {@link ConvolutionLayer} that pc4j's message-only backprop needs and that are protected in
 * this package ({@code org.deeplearning4j.nn.layers.PcLayerAccess} uses them; see there). For a convolution of
 * {@code [mb, inDepth, inH, inW]} into {@code [mb, outDepth, outH, outW]} with kernel {@code kH x kW}, DL4J's
 * {@code backpropGradient} recomputes the pre-activation (im2col and a matrix product), takes the weight gradient
 * {@code im2col^T delta} and the message {@code col2im(W2d delta2d)}; the message alone is the last of the three,
 * and with the pre-activation kept from the forward pass, neither im2col nor the forward product is repeated.
 *
 * <p>Only DL4J's built-in path is reproduced: a layer with a cuDNN or oneDNN helper, in NHWC format, or of a
 * subclass (1-D, depthwise, separable, deconvolution) is not served. Used only by pc4j; not part of DL4J.
 */
public final class PcConvolutionAccess {

    private PcConvolutionAccess() {
    }

    /**
     * @return true for exactly DL4J's 2-D {@link ConvolutionLayer} (not a subclass), NCHW, on its built-in im2col path
     *         (no cuDNN or oneDNN helper)
     */
    public static boolean builtIn(Layer layer) {
        return layer.getClass() == ConvolutionLayer.class && ((ConvolutionLayer) layer).helper == null
                && ((ConvolutionLayer) layer).layerConf().getCnn2dDataFormat() == CNN2DFormat.NCHW;
    }

    /**
     * The layer's pre-activation {@code z = conv(input, W) + b}, {@code [mb, outDepth, outH, outW]}, from the input it
     * holds (after its dropout): DL4J's {@code preOutput} on its built-in path, with the same im2col matrix (its
     * layout {@code [mb, outH, outW | inDepth, kH, kW]}, row-major), the same matrix product into the same memory and
     * the same bias addition, so the result is bit-identical to DL4J's; only the im2col is filled differently, by
     * {@code kH kW} strided copies of the zero-padded input instead of libnd4j's element-wise im2col (several times
     * faster on CPU). Dilated kernels, weight noise and layers DL4J caches for take DL4J's own {@code preOutput4d}.
     */
    public static INDArray preOutput(Layer layer, LayerWorkspaceMgr mgr) {
        return preOutputAndColumns(layer, mgr)[0];
    }

    /**
     * As {@link #preOutput(Layer, LayerWorkspaceMgr)}, also returning the im2col matrix {@code [mb outH outW, inDepth kH kW]}
     * that the weight gradient reads (as DL4J's {@code preOutput(training, forBackprop = true, mgr)} does).
     *
     * @return {z, im2col}
     */
    public static INDArray[] preOutputAndColumns(Layer layer, LayerWorkspaceMgr mgr) {
        ConvolutionLayer conv = (ConvolutionLayer) layer;
        int[] dilation = conv.layerConf().getDilation();
        if (dilation[0] != 1 || dilation[1] != 1 || (conv.getCacheMode() != null && conv.getCacheMode() != org.deeplearning4j.nn.conf.CacheMode.NONE)
                || conv.layerConf().getWeightNoise() != null) {
            return dl4j(conv, mgr);
        }
        // without weight noise DL4J's getParamWithNoise returns the parameters themselves
        INDArray bias = conv.getParam(ConvolutionParamInitializer.BIAS_KEY);
        INDArray weights = conv.getParam(ConvolutionParamInitializer.WEIGHT_KEY);
        INDArray input = conv.input().castTo(conv.getDataType());
        if (input.rank() != 4) {
            return dl4j(conv, mgr); // DL4J's own checks and message
        }
        long miniBatch = input.size(0);
        long outDepth = weights.size(0);
        long inDepth = weights.size(1);
        if (input.size(1) != inDepth) {
            return dl4j(conv, mgr); // DL4J's own checks and message
        }
        int kH = (int) weights.size(2);
        int kW = (int) weights.size(3);
        int[] strides = conv.layerConf().getStride();
        Geometry g = geometry(conv, input);
        INDArray col = Nd4j.createUninitialized(weights.dataType(), new long[] {miniBatch, g.outH, g.outW, inDepth, kH, kW}, 'c');
        im2col(input, col.permute(0, 3, 4, 5, 1, 2), kH, kW, strides, g);
        INDArray im2col2d = Shape.newShapeNoCopy(col, new long[] {miniBatch * g.outH * g.outW, inDepth * kH * kW}, false);
        INDArray reshapedW = weights.permute(3, 2, 1, 0).reshape('f', (long) kW * kH * inDepth, outDepth);
        INDArray z = mgr.createUninitialized(ArrayType.ACTIVATIONS, weights.dataType(), new long[] {im2col2d.size(0), reshapedW.size(1)}, 'f');
        im2col2d.mmuli(reshapedW, z);
        if (conv.layerConf().hasBias()) {
            z.addiRowVector(bias);
        }
        z = Shape.newShapeNoCopy(z, new long[] {g.outW, g.outH, miniBatch, outDepth}, true);
        return new INDArray[] {z.permute(2, 3, 1, 0), im2col2d};
    }

    private static INDArray[] dl4j(ConvolutionLayer conv, LayerWorkspaceMgr mgr) {
        var p = conv.preOutput4d(true, true, mgr);
        return new INDArray[] {p.getFirst(), p.getSecond()};
    }

    /**
     * As DL4J's backprop reads it: the layer's cached pre-activation where DL4J keeps one, else recomputed
     * ({@link #preOutput(Layer, LayerWorkspaceMgr)}).
     */
    public static INDArray preOutputForBackprop(Layer layer, LayerWorkspaceMgr mgr) {
        return preOutputAndColumnsForBackprop(layer, mgr)[0];
    }

    /**
     * As {@link #preOutputAndColumns}, but DL4J's cached pre-activation and im2col where DL4J keeps them.
     *
     * @return {z, im2col}; im2col may be null where DL4J's cache holds none (then DL4J's backprop recomputes it)
     */
    public static INDArray[] preOutputAndColumnsForBackprop(Layer layer, LayerWorkspaceMgr mgr) {
        ConvolutionLayer conv = (ConvolutionLayer) layer;
        if (conv.getPreOutput() != null && conv.i2d != null) {
            return dl4j(conv, mgr);
        }
        return preOutputAndColumns(layer, mgr);
    }

    /**
     * The weight gradient {@code dE/dW = im2col^T delta}, written into the layer's gradient view exactly as DL4J's
     * backprop writes it (the same gemm on the same views).
     *
     * @param im2col2d the im2col matrix of the layer's input ({@link #preOutputAndColumns}); null: recomputed
     * @param delta2d  {@code dE/dz} as {@code [outDepth, mb outH outW]}
     * @param weightGradView the layer's weight gradient view {@code [outDepth, inDepth, kH, kW]}
     */
    public static void weightGradient(Layer layer, INDArray im2col2d, INDArray delta2d, INDArray weightGradView) {
        ConvolutionLayer conv = (ConvolutionLayer) layer;
        long outDepth = weightGradView.size(0);
        long inDepth = weightGradView.size(1);
        int kH = (int) weightGradView.size(2);
        int kW = (int) weightGradView.size(3);
        if (im2col2d == null) {
            INDArray input = conv.input().castTo(conv.getDataType());
            Geometry g = geometry(conv, input);
            long miniBatch = input.size(0);
            INDArray col = Nd4j.createUninitialized(conv.getDataType(), new long[] {miniBatch, g.outH, g.outW, inDepth, kH, kW}, 'c');
            int[] dilation = conv.layerConf().getDilation();
            Convolution.im2col(input, kH, kW, conv.layerConf().getStride()[0], conv.layerConf().getStride()[1], g.padTop, g.padLeft,
                    dilation[0], dilation[1], conv.getConvolutionMode() == ConvolutionMode.Same, col.permute(0, 3, 4, 5, 1, 2));
            im2col2d = col.reshape('c', miniBatch * g.outH * g.outW, inDepth * kH * kW);
        }
        INDArray weightGradView2df = Shape.newShapeNoCopy(weightGradView, new long[] {outDepth, inDepth * kH * kW}, false).transpose();
        Nd4j.gemm(im2col2d, delta2d, weightGradView2df, true, true, 1.0, 0.0);
    }

    /** Output size and top-left padding, as DL4J computes them for the layer's mode. */
    private record Geometry(int outH, int outW, int padTop, int padLeft) {
    }

    private static Geometry geometry(ConvolutionLayer conv, INDArray input) {
        int[] dilation = conv.layerConf().getDilation();
        int[] kernel = conv.layerConf().getKernelSize();
        int[] strides = conv.layerConf().getStride();
        int[] pad;
        int[] outSize;
        if (conv.getConvolutionMode() == ConvolutionMode.Same) {
            outSize = ConvolutionUtils.getOutputSize(input, kernel, strides, null, conv.getConvolutionMode(), dilation, CNN2DFormat.NCHW);
            pad = ConvolutionUtils.getSameModeTopLeftPadding(outSize, new int[] {(int) input.size(2), (int) input.size(3)}, kernel,
                    strides, dilation);
        } else {
            pad = conv.layerConf().getPadding();
            outSize = ConvolutionUtils.getOutputSize(input, kernel, strides, pad, conv.getConvolutionMode(), dilation, CNN2DFormat.NCHW);
        }
        return new Geometry(outSize[0], outSize[1], pad[0], pad[1]);
    }

    /**
     * @return the indices {@code start, start + stride, ..., start + (count - 1) stride}; a single index as a unit
     *         interval (ND4J's strided interval of one element reaches {@code start + stride} and is refused at the edge of
     *         the array)
     */
    private static INDArrayIndex window(long start, int stride, int count) {
        return count == 1 ? NDArrayIndex.interval(start, start + 1)
                : NDArrayIndex.interval(start, stride, start + (long) (count - 1) * stride + 1);
    }

    /**
     * Fills {@code col2} ({@code [mb, inDepth, kH, kW, outH, outW]}) with {@code col2[n, c, i, j, y, x] =
     * xPadded[n, c, y sH + i, x sW + j]}, where {@code xPadded} is the input with {@code padTop} zero rows above and
     * {@code padLeft} zero columns to the left, and zeros wherever the window leaves the input: one strided copy per
     * kernel position.
     */
    private static void im2col(INDArray input, INDArray col2, int kH, int kW, int[] strides, Geometry g) {
        long inH = input.size(2);
        long inW = input.size(3);
        long extentH = (long) (g.outH - 1) * strides[0] + kH; // the padded rows the windows read
        long extentW = (long) (g.outW - 1) * strides[1] + kW;
        INDArray padded = input;
        if (g.padTop != 0 || g.padLeft != 0 || extentH > inH || extentW > inW) {
            padded = Nd4j.create(input.dataType(), input.size(0), input.size(1), Math.max(extentH, inH + g.padTop),
                    Math.max(extentW, inW + g.padLeft));
            padded.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(g.padTop, g.padTop + inH),
                    NDArrayIndex.interval(g.padLeft, g.padLeft + inW)).assign(input);
        }
        for (int i = 0; i < kH; i++) {
            for (int j = 0; j < kW; j++) {
                INDArray source = padded.get(NDArrayIndex.all(), NDArrayIndex.all(), window(i, strides[0], g.outH),
                        window(j, strides[1], g.outW));
                col2.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(i), NDArrayIndex.point(j), NDArrayIndex.all(),
                        NDArrayIndex.all()).assign(source);
            }
        }
    }

    /**
     * The message from {@code delta = dE/dz}: exactly the im2col-path operations of DL4J's {@code backpropGradient}
     * after its weight gradient (the weights reshaped to {@code [inDepth kH kW, outDepth]}, one matrix product with
     * {@code delta} as {@code [outDepth, mb outH outW]}, col2im), so the result is bit-identical to its message before
     * dropout's backprop (the product is written in column-major order, as DL4J's gemm writes it before copying it).
     *
     * @param delta   {@code dE/dz}, {@code [mb, outDepth, outH, outW]}
     * @param weights the layer's weights as its backprop reads them, {@code [outDepth, inDepth, kH, kW]}
     * @return {@code dE/dinput}, {@code [mb, inDepth, inH, inW]}, in the activation-gradient memory
     */
    public static INDArray messageFromDelta(Layer layer, INDArray delta, INDArray weights, LayerWorkspaceMgr mgr) {
        ConvolutionLayer conv = (ConvolutionLayer) layer;
        INDArray input = conv.input(); // only its shape is read
        long miniBatch = input.size(0);
        int inH = (int) input.size(2);
        int inW = (int) input.size(3);
        long outDepth = weights.size(0);
        long inDepth = weights.size(1);
        int kH = (int) weights.size(2);
        int kW = (int) weights.size(3);
        int[] dilation = conv.layerConf().getDilation();
        int[] strides = conv.layerConf().getStride();
        Geometry g = geometry(conv, input);
        int[] pad = {g.padTop, g.padLeft};
        int outH = g.outH;
        int outW = g.outW;
        INDArray delta2d = delta.permute(1, 0, 2, 3).reshape('c', new long[] {outDepth, miniBatch * outH * outW});
        INDArray w2d = weights.permute(3, 2, 1, 0).reshape('f', inDepth * kH * kW, outDepth);
        // DL4J's w2d.mmul(delta2d) multiplies into an 'f' temporary and copies it into a 'c' result; the product goes
        // straight into the 'f' array here (the same gemm, one copy fewer), which the 6-d view below reads alike
        INDArray epsNext2d = Nd4j.createUninitialized(delta2d.dataType(), new long[] {w2d.size(0), delta2d.size(1)}, 'f');
        w2d.mmuli(delta2d, epsNext2d);
        INDArray eps6d = Shape.newShapeNoCopy(epsNext2d, new long[] {kW, kH, inDepth, outW, outH, miniBatch}, true);
        eps6d = eps6d.permute(5, 2, 1, 0, 4, 3);
        INDArray epsNextOrig = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, eps6d.dataType(), new long[] {inDepth, miniBatch, inH, inW}, 'c');
        INDArray epsNext = epsNextOrig.permute(1, 0, 2, 3);
        Convolution.col2im(eps6d, epsNext, strides[0], strides[1], pad[0], pad[1], inH, inW, dilation[0], dilation[1]);
        return epsNext;
    }
}
