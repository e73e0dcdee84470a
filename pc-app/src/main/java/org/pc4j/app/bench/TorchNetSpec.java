package org.pc4j.app.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * The description of a DL4J chain network that {@code benchmarks/torch_pc.py} rebuilds in PyTorch: one entry per
 * layer, {@code {"type": "dense" | "output" | "conv" | "pool", ...}}, with each convolution's and pooling's padding
 * computed here as DL4J computes it ({@code [left, right, top, bottom]}; "same" mode pads the extra row and column at
 * the bottom and right), so that the Python side need not know DL4J's conventions. Only what the bench's models use is
 * described (dense, convolution without dilation, max pooling; tanh, ReLU, sigmoid, identity; a softmax
 * cross-entropy output); anything else is refused.
 */
final class TorchNetSpec {

    private TorchNetSpec() {
    }

    /**
     * @param example one input row {@code [1, features]}, run through the network to read each layer's input size
     * @return one map per layer, in order
     * @throws IllegalArgumentException for a layer, activation or option the Python side does not rebuild
     */
    static List<Map<String, Object>> layers(MultiLayerNetwork net, INDArray example) {
        // layer k's input as the layer sees it (after its preprocessor), and its output
        List<INDArray> inputs = new ArrayList<>();
        List<INDArray> outputs = new ArrayList<>();
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        INDArray h = example.dup();
        for (int k = 0; k < net.getnLayers(); k++) {
            InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(k);
            if (pre != null) {
                h = pre.preProcess(h, 1, mgr);
            }
            inputs.add(h.dup());
            h = net.getLayer(k).activate(h, false, mgr);
            outputs.add(h.dup());
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (int k = 0; k < net.getnLayers(); k++) {
            Layer conf = net.getLayer(k).conf().getLayer();
            Map<String, Object> layer = new LinkedHashMap<>();
            if (conf instanceof OutputLayer o) {
                if (!(o.getActivationFn() instanceof ActivationSoftmax) || !(o.getLossFn() instanceof LossMCXENT) || k != net.getnLayers() - 1) {
                    throw new IllegalArgumentException("the PyTorch side rebuilds a softmax cross-entropy output layer only");
                }
                layer.put("type", "output");
            } else if (conf instanceof DenseLayer d) {
                layer.put("type", "dense");
                layer.put("act", activation(d.getActivationFn()));
            } else if (conf instanceof ConvolutionLayer c && conf.getClass() == ConvolutionLayer.class) {
                requireNoDilation(c.getDilation(), k);
                layer.put("type", "conv");
                layer.put("kernel", c.getKernelSize());
                layer.put("stride", c.getStride());
                layer.put("pad", padding(c.getConvolutionMode(), c.getKernelSize(), c.getStride(), c.getPadding(), inputs.get(k),
                        outputs.get(k)));
                layer.put("act", activation(c.getActivationFn()));
                layer.put("bias", c.hasBias());
            } else if (conf instanceof SubsamplingLayer p && conf.getClass() == SubsamplingLayer.class
                    && p.getPoolingType() == org.deeplearning4j.nn.conf.layers.PoolingType.MAX) {
                requireNoDilation(p.getDilation(), k);
                layer.put("type", "pool");
                layer.put("kernel", p.getKernelSize());
                layer.put("stride", p.getStride());
                layer.put("pad", padding(p.getConvolutionMode(), p.getKernelSize(), p.getStride(), p.getPadding(), inputs.get(k),
                        outputs.get(k)));
            } else {
                throw new IllegalArgumentException("the PyTorch side does not rebuild layer " + k + " (" + conf.getClass().getSimpleName() + ")");
            }
            out.add(layer);
        }
        return out;
    }

    /** @return {@code [c, h, w]} if the network reshapes its flat input into images, else null */
    static int[] inputShape(MultiLayerNetwork net) {
        InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(0);
        if (pre instanceof FeedForwardToCnnPreProcessor f) {
            return new int[] {(int) f.getNumChannels(), (int) f.getInputHeight(), (int) f.getInputWidth()};
        }
        return null;
    }

    private static int[] padding(ConvolutionMode mode, int[] kernel, int[] stride, int[] pad, INDArray input, INDArray output) {
        if (mode != ConvolutionMode.Same) {
            return new int[] {pad[1], pad[1], pad[0], pad[0]};
        }
        int[] in = {(int) input.size(2), (int) input.size(3)};
        int[] outSize = {(int) output.size(2), (int) output.size(3)};
        int[] one = {1, 1};
        int[] topLeft = ConvolutionUtils.getSameModeTopLeftPadding(outSize, in, kernel, stride, one);
        int[] bottomRight = ConvolutionUtils.getSameModeBottomRightPadding(outSize, in, kernel, stride, one);
        return new int[] {topLeft[1], bottomRight[1], topLeft[0], bottomRight[0]};
    }

    private static void requireNoDilation(int[] dilation, int k) {
        if (dilation != null && (dilation[0] != 1 || dilation[1] != 1)) {
            throw new IllegalArgumentException("the PyTorch side does not rebuild the dilated layer " + k);
        }
    }

    private static String activation(IActivation a) {
        if (a instanceof ActivationTanH) {
            return "tanh";
        }
        if (a instanceof ActivationReLU r && r.toString().toLowerCase(Locale.ROOT).equals("relu")) {
            return "relu";
        }
        if (a instanceof ActivationSigmoid) {
            return "sigmoid";
        }
        if (a instanceof ActivationIdentity) {
            return "identity";
        }
        throw new IllegalArgumentException("the PyTorch side does not rebuild the activation " + a);
    }
}
