package org.pc4j.app.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.PcConvolutionAccess;
import org.deeplearning4j.nn.layers.convolution.PcConvolutionOps;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.pc4j.zoo.models.AlexNet;

/**
 * What the convolutions of a CNN cost on each of two implementations, layer by layer: pc4j's general path (its own
 * im2col and one OpenBLAS product for the pre-activation, {@code PcConvolutionAccess.preOutput}; the product and col2im
 * for the message, {@code messageFromDelta}; the product for the weight gradient, {@code weightGradient}: bit-identical
 * to DL4J's backprop) and libnd4j's own {@code conv2d}, {@code deconv2d_tf} (the message alone) and {@code conv2d_bp} operations, as
 * {@code PcConvolutionOps} calls them for PC and iPC on {@code ConvolutionPath}'s operations, which the ND4J build's helpers
 * (oneDNN in the {@code -onednn} builds of {@code nd4j-native}) run where they apply. The network is the zoo's AlexNet
 * (width {@code width}, 28 x 28 grey images, batch {@code batch}), its five convolutions fed the activations its own
 * forward pass gives a random batch. {@link #agreement} checks that the two compute the same thing (the operations'
 * arguments are the layer's geometry), which {@code ConvOpBenchTest} runs in double precision.
 *
 * <p>Timing: each layer's forward and backward on both implementations, alternating, {@code reps} times after a
 * warm-up of 3; the medians are reported. Float32.
 */
public final class ConvOpBench {

    private ConvOpBench() {
    }

    /**
     * One convolution layer's medians, ms.
     *
     * @param shape    e.g. "5x5 8->24 on 14x14"
     * @param gflop    {@code 2 B H W Cout Cin k^2 / 1e9}, the pre-activation's products
     * @param pc4jForward pc4j's pre-activation (im2col and product, bias)
     * @param opForward   libnd4j's {@code conv2d} (bias included)
     * @param pc4jMessage pc4j's message alone (one product and col2im), as a PC step's silent layers compute it
     * @param opMessage   the message alone by libnd4j's {@code deconv2d_tf}, as {@code PcConvolutionOps.message} computes it
     * @param pc4jBackward pc4j's message and weight gradient (two products, col2im; the im2col from the forward pass)
     * @param opBackward   libnd4j's {@code conv2d_bp} (input, weight and bias gradients)
     */
    public record Row(String shape, double gflop, double pc4jForward, double opForward, double pc4jMessage, double opMessage,
                      double pc4jBackward, double opBackward) {
    }

    /** The layers' inputs, deltas and the layers themselves, from one forward pass of a random batch. */
    private record Setup(List<ConvolutionLayer> layers, List<INDArray> inputs, List<INDArray> deltas) {
    }

    private static Setup setup(int width, int batch, DataType type, long seed) {
        MultiLayerNetwork net = AlexNet.builder().inputShape(1, 28, 28).classes(10).width(width).seed(seed).dataType(type).build().init();
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(type, batch, 784);
        List<INDArray> activations = net.feedForward(x, false);
        List<ConvolutionLayer> layers = new ArrayList<>();
        List<INDArray> inputs = new ArrayList<>();
        List<INDArray> deltas = new ArrayList<>();
        for (int l = 0; l < net.getnLayers(); l++) {
            Layer layer = net.getLayer(l);
            if (layer instanceof ConvolutionLayer conv) {
                if (conv.getConvolutionMode() != ConvolutionMode.Same) {
                    throw new IllegalStateException("the bench's operations are set up for ConvolutionMode.Same");
                }
                INDArray in = activations.get(l);
                if (in.rank() == 2) {
                    in = in.reshape('c', batch, 1, 28, 28);
                }
                in = in.castTo(type).dup('c');
                conv.setInput(in, LayerWorkspaceMgr.noWorkspaces());
                INDArray z = PcConvolutionAccess.preOutput(conv, LayerWorkspaceMgr.noWorkspaces()).dup('c');
                layers.add(conv);
                inputs.add(in);
                deltas.add(Nd4j.rand(type, z.shape()).subi(0.5));
            }
        }
        return new Setup(layers, inputs, deltas);
    }

    /** libnd4j's integer arguments for a stride-1, Same-mode, NCHW convolution with weights {@code [oC, iC, kH, kW]}. */
    private static int[] args(ConvolutionLayer conv) {
        int[] k = conv.layerConf().getKernelSize();
        int[] s = conv.layerConf().getStride();
        int[] d = conv.layerConf().getDilation();
        return new int[] {k[0], k[1], s[0], s[1], 0, 0, d[0], d[1], 1, 0, 1};
    }

    /** @return {z} from libnd4j's {@code conv2d}, {@code [B, oC, H, W]} */
    static INDArray opForward(ConvolutionLayer conv, INDArray input) {
        INDArray w = conv.getParam("W");
        INDArray b = conv.getParam("b");
        long[] outShape = {input.size(0), w.size(0), input.size(2), input.size(3)};
        INDArray z = Nd4j.createUninitialized(input.dataType(), outShape);
        Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(input, w, b).addOutputs(z).addIntegerArguments(args(conv)).build());
        return z;
    }

    /** @return {input gradient, weight gradient, bias gradient} from libnd4j's {@code conv2d_bp} */
    static INDArray[] opBackward(ConvolutionLayer conv, INDArray input, INDArray delta) {
        INDArray w = conv.getParam("W");
        INDArray b = conv.getParam("b");
        INDArray gi = Nd4j.createUninitialized(input.dataType(), input.shape());
        INDArray gw = Nd4j.createUninitialized(input.dataType(), w.shape());
        INDArray gb = Nd4j.createUninitialized(input.dataType(), b.shape());
        Nd4j.exec(DynamicCustomOp.builder("conv2d_bp").addInputs(input, w, b, delta).addOutputs(gi, gw, gb)
                .addIntegerArguments(args(conv)).build());
        return new INDArray[] {gi, gw, gb};
    }

    /** @return the message alone from pc4j's general path ({@code PcConvolutionAccess.messageFromDelta}) */
    static INDArray pc4jMessage(ConvolutionLayer conv, INDArray input, INDArray delta) {
        conv.setInput(input, LayerWorkspaceMgr.noWorkspaces());
        return PcConvolutionAccess.messageFromDelta(conv, delta, conv.getParam("W"), LayerWorkspaceMgr.noWorkspaces());
    }

    /** @return the message alone from libnd4j's {@code deconv2d_tf} ({@code PcConvolutionOps.message}) */
    static INDArray opMessage(ConvolutionLayer conv, INDArray input, INDArray delta) {
        conv.setInput(input, LayerWorkspaceMgr.noWorkspaces());
        return PcConvolutionOps.message(conv, delta, conv.getParam("W"), LayerWorkspaceMgr.noWorkspaces());
    }

    /** @return {z} from pc4j's general path */
    static INDArray pc4jForward(ConvolutionLayer conv, INDArray input) {
        conv.setInput(input, LayerWorkspaceMgr.noWorkspaces());
        return PcConvolutionAccess.preOutput(conv, LayerWorkspaceMgr.noWorkspaces());
    }

    /** @return the im2col matrix of {@code input} as pc4j's forward pass leaves it for the weight gradient */
    static INDArray columns(ConvolutionLayer conv, INDArray input) {
        conv.setInput(input, LayerWorkspaceMgr.noWorkspaces());
        return PcConvolutionAccess.preOutputAndColumns(conv, LayerWorkspaceMgr.noWorkspaces())[1];
    }

    /**
     * @param columns the im2col matrix the forward pass made ({@link #columns}): a PC step's weight gradient reads it
     *                from the forward pass, so it is not part of the backward time
     * @return {message, weight gradient} from pc4j's general path
     */
    static INDArray[] pc4jBackward(ConvolutionLayer conv, INDArray input, INDArray delta, INDArray columns) {
        conv.setInput(input, LayerWorkspaceMgr.noWorkspaces());
        INDArray w = conv.getParam("W");
        INDArray message = PcConvolutionAccess.messageFromDelta(conv, delta, w, LayerWorkspaceMgr.noWorkspaces());
        INDArray gw = Nd4j.createUninitialized(input.dataType(), w.shape());
        INDArray delta2d = delta.permute(1, 0, 2, 3).reshape('c', delta.size(1), delta.size(0) * delta.size(2) * delta.size(3));
        PcConvolutionAccess.weightGradient(conv, columns, delta2d, gw);
        return new INDArray[] {message, gw};
    }

    /**
     * The largest difference between the two implementations over the network's convolutions, relative to the largest
     * value compared: pre-activation, message (input gradient) and weight gradient, and the message alone
     * ({@code deconv2d_tf} against pc4j's).
     *
     * @return {forward, message, weight gradient, message alone}
     */
    public static double[] agreement(int width, int batch, DataType type, long seed) {
        Setup s = setup(width, batch, type, seed);
        double[] worst = new double[4];
        for (int l = 0; l < s.layers().size(); l++) {
            ConvolutionLayer conv = s.layers().get(l);
            INDArray in = s.inputs().get(l);
            INDArray d = s.deltas().get(l);
            INDArray[] backward = pc4jBackward(conv, in, d, columns(conv, in));
            INDArray[] ours = {pc4jForward(conv, in).dup('c'), backward[0].dup('c'), backward[1].dup('c')};
            INDArray[] op = opBackward(conv, in, d);
            INDArray[] theirs = {opForward(conv, in), op[0], op[1]};
            for (int k = 0; k < 3; k++) {
                double scale = theirs[k].amaxNumber().doubleValue();
                double diff = ours[k].sub(theirs[k]).amaxNumber().doubleValue();
                worst[k] = Math.max(worst[k], diff / scale);
            }
            INDArray alone = opMessage(conv, in, d);
            INDArray reference = pc4jMessage(conv, in, d).dup('c');
            worst[3] = Math.max(worst[3], alone.sub(reference).amaxNumber().doubleValue() / reference.amaxNumber().doubleValue());
        }
        return worst;
    }

    /** Times every convolution of AlexNet-{@code width} on both implementations; see the class comment. */
    public static List<Row> run(int width, int batch, int reps, long seed) {
        if (width < 1 || batch < 1 || reps < 1) {
            throw new IllegalArgumentException("width, batch and reps must be >= 1, got " + width + ", " + batch + ", " + reps);
        }
        Setup s = setup(width, batch, DataType.FLOAT, seed);
        List<Row> rows = new ArrayList<>();
        for (int l = 0; l < s.layers().size(); l++) {
            ConvolutionLayer conv = s.layers().get(l);
            INDArray in = s.inputs().get(l);
            INDArray d = s.deltas().get(l);
            INDArray columns = columns(conv, in);
            double[][] t = new double[6][reps];
            for (int r = -3; r < reps; r++) {
                long t0 = System.nanoTime();
                pc4jForward(conv, in);
                long t1 = System.nanoTime();
                opForward(conv, in);
                long t2 = System.nanoTime();
                pc4jMessage(conv, in, d);
                long t3 = System.nanoTime();
                opMessage(conv, in, d);
                long t4 = System.nanoTime();
                pc4jBackward(conv, in, d, columns);
                long t5 = System.nanoTime();
                opBackward(conv, in, d);
                long t6 = System.nanoTime();
                if (r >= 0) {
                    long[] at = {t0, t1, t2, t3, t4, t5, t6};
                    for (int k = 0; k < 6; k++) {
                        t[k][r] = (at[k + 1] - at[k]) / 1e6;
                    }
                }
            }
            long[] w = conv.getParam("W").shape();
            String shape = w[2] + "x" + w[3] + " " + w[1] + "->" + w[0] + " on " + in.size(2) + "x" + in.size(3);
            double gflop = 2.0 * in.size(0) * in.size(2) * in.size(3) * w[0] * w[1] * w[2] * w[3] / 1e9;
            rows.add(new Row(shape, gflop, median(t[0]), median(t[1]), median(t[2]), median(t[3]), median(t[4]), median(t[5])));
        }
        return rows;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** @return whether the loaded ND4J build has oneDNN (its build information names {@code HAVE_ONEDNN}) */
    public static boolean oneDnn() {
        return PcConvolutionOps.oneDnn();
    }
}
