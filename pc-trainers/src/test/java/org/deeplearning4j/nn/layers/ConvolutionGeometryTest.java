package org.deeplearning4j.nn.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * pc4j's im2col convolution against DL4J's on every geometry of a small grid (input sizes, square and oblong kernels,
 * strides, paddings, truncate and same modes) where DL4J's own forward pass runs: the same activation, message and
 * weight gradient, element by element. (DL4J's zoo InceptionResNetV1 at 75 x 75 reaches a 3 x 3 map with a kernel and
 * stride that the first im2col read past.)
 */
class ConvolutionGeometryTest {

    /** @return the initialised 2 -> 3 channel tanh convolution of a double-precision network, with its gradient view */
    private static Layer convolution(int[] k, int[] s, int[] p, ConvolutionMode mode, int dilation, boolean bias, long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.DOUBLE)
                .updater(new Sgd(0.1)).list()
                .layer(new ConvolutionLayer.Builder(k[0], k[1]).stride(s[0], s[1]).padding(p[0], p[1]).dilation(dilation, dilation)
                        .hasBias(bias).nIn(2).nOut(3).activation(Activation.TANH).convolutionMode(mode).build())
                .layer(new OutputLayer.Builder().nIn(1).nOut(2).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.initGradientsView();
        return net.getLayer(0);
    }

    @Test
    void pc4jsConvolutionEqualsDl4jsOnEveryGeometryDl4jRuns() {
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        List<String> checked = new ArrayList<>();
        int[][] kernels = {{1, 1}, {2, 2}, {3, 3}, {1, 3}, {3, 1}, {2, 3}};
        int[][] strides = {{1, 1}, {2, 2}, {1, 2}, {3, 2}};
        int[][] paddings = {{0, 0}, {1, 1}, {0, 1}};
        for (int size : new int[] {3, 4, 5}) {
            for (int[] k : kernels) {
                for (int[] s : strides) {
                    for (int[] p : paddings) {
                        for (ConvolutionMode mode : new ConvolutionMode[] {ConvolutionMode.Truncate, ConvolutionMode.Same}) {
                            if (mode == ConvolutionMode.Same && (p[0] != 0 || p[1] != 0)) {
                                continue;
                            }
                            String what = "input " + size + "x" + (size + 1) + ", kernel " + k[0] + "x" + k[1] + ", stride " + s[0] + "x"
                                    + s[1] + ", padding " + p[0] + "," + p[1] + ", " + mode;
                            Layer layer = convolution(k, s, p, mode, 1, true, 3);
                            INDArray x = Nd4j.rand(Nd4j.getRandomFactory().getNewRandomInstance(size), 2, 2, size, size + 1).castTo(DataType.DOUBLE);
                            INDArray expected;
                            try {
                                expected = layer.activate(x.dup(), true, mgr).dup();
                            } catch (RuntimeException dl4jRefuses) {
                                continue; // a geometry DL4J does not run
                            }
                            INDArray eps = Nd4j.rand(Nd4j.getRandomFactory().getNewRandomInstance(7), expected.shape()).castTo(DataType.DOUBLE);
                            INDArray expectedMessage = layer.backpropGradient(eps.dup(), mgr).getSecond().dup();
                            INDArray expectedGradient = layer.getGradientsViewArray().dup();
                            assertThat(PcLayerAccess.activate(layer, x.dup(), mgr).equalsWithEps(expected, 0)).as("activation, " + what).isTrue();
                            assertThat(PcLayerAccess.backprop(layer, eps.dup(), mgr).equalsWithEps(expectedMessage, 0)).as("message, " + what)
                                    .isTrue();
                            assertThat(layer.getGradientsViewArray().equalsWithEps(expectedGradient, 0)).as("gradient, " + what).isTrue();
                            checked.add(what);
                        }
                    }
                }
            }
        }
        assertThat(checked).hasSizeGreaterThan(200);
    }

    /** @return the largest difference of {@code a} and {@code b}, relative to the largest magnitude in {@code b} */
    private static double relative(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue() / Math.max(b.amaxNumber().doubleValue(), Double.MIN_NORMAL);
    }

    /**
     * libnd4j's conv2d and conv2d_bp ({@code operations}) against DL4J's own forward pass and backprop on the same grid,
     * with dilations 1 and 2 and with and without bias, in double: the activation, the kept pre-activation, the
     * message alone, and backprop's message, weight and bias gradients, each within 1e-12 of DL4J's (the sums run in
     * another order, so not bit for bit).
     */
    @Test
    void libnd4jsConvolutionOperationsEqualDl4jsConvolutionToRoundingOnEveryGeometryDl4jRuns() {
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        List<String> checked = new ArrayList<>();
        int[][] kernels = {{1, 1}, {2, 2}, {3, 3}, {1, 3}, {2, 3}};
        int[][] strides = {{1, 1}, {2, 2}, {3, 2}};
        int[][] paddings = {{0, 0}, {1, 1}, {0, 1}};
        for (int size : new int[] {4, 7}) {
            for (int[] k : kernels) {
                for (int[] s : strides) {
                    for (int[] p : paddings) {
                        for (ConvolutionMode mode : new ConvolutionMode[] {ConvolutionMode.Truncate, ConvolutionMode.Same}) {
                            for (int dilation : new int[] {1, 2}) {
                                if (mode == ConvolutionMode.Same && (p[0] != 0 || p[1] != 0)) {
                                    continue;
                                }
                                boolean bias = (k[0] + s[0] + p[1] + dilation) % 2 == 0;
                                String what = "input " + size + "x" + (size + 1) + ", kernel " + k[0] + "x" + k[1] + ", stride " + s[0]
                                        + "x" + s[1] + ", padding " + p[0] + "," + p[1] + ", dilation " + dilation + ", " + mode
                                        + (bias ? "" : ", no bias");
                                Layer layer = convolution(k, s, p, mode, dilation, bias, 5);
                                INDArray x = Nd4j.rand(Nd4j.getRandomFactory().getNewRandomInstance(size), 3, 2, size, size + 1)
                                        .castTo(DataType.DOUBLE).subi(0.5);
                                INDArray expected;
                                try {
                                    expected = layer.activate(x.dup(), true, mgr).dup();
                                } catch (RuntimeException dl4jRefuses) {
                                    continue; // a geometry DL4J does not run
                                }
                                if (bias) {
                                    layer.getParam("b").assign(Nd4j.linspace(-0.3, 0.4, 3, DataType.DOUBLE).reshape(1, 3));
                                    expected = layer.activate(x.dup(), true, mgr).dup();
                                }
                                INDArray eps = Nd4j.rand(Nd4j.getRandomFactory().getNewRandomInstance(7), expected.shape())
                                        .castTo(DataType.DOUBLE).subi(0.5);
                                INDArray expectedMessage = layer.backpropGradient(eps.dup(), mgr).getSecond().dup();
                                INDArray expectedGradient = layer.getGradientsViewArray().dup();
                                assertThat(PcLayerAccess.servesOperations(layer)).as(what).isTrue();
                                assertThat(relative(PcLayerAccess.activate(layer, x.dup(), mgr, true), expected)).as("activation, " + what)
                                        .isLessThan(1e-12);
                                INDArray[] kept = PcLayerAccess.forward(layer, x.dup(), mgr, true);
                                assertThat(relative(kept[0], expected)).as("forward's activation, " + what).isLessThan(1e-12);
                                assertThat(relative(Activation.TANH.getActivationFunction().getActivation(kept[1].dup(), true), expected))
                                        .as("kept pre-activation, " + what).isLessThan(1e-12);
                                INDArray keptZ = kept[1].dup();
                                layer.getGradientsViewArray().assign(Double.NaN);
                                assertThat(relative(PcLayerAccess.message(layer, eps.dup(), kept[1], mgr, true), expectedMessage))
                                        .as("message from the kept z, " + what).isLessThan(1e-12);
                                assertThat(kept[1].equalsWithEps(keptZ, 0)).as("the kept z is not overwritten, " + what).isTrue();
                                assertThat(relative(PcLayerAccess.message(layer, eps.dup(), null, mgr, true), expectedMessage))
                                        .as("message, " + what).isLessThan(1e-12);
                                assertThat(relative(PcLayerAccess.backprop(layer, eps.dup(), null, mgr, true), expectedMessage))
                                        .as("backprop's message, " + what).isLessThan(1e-12);
                                assertThat(relative(layer.getGradientsViewArray(), expectedGradient)).as("gradient, " + what)
                                        .isLessThan(1e-12);
                                layer.getGradientsViewArray().assign(Double.NaN);
                                PcLayerAccess.backprop(layer, eps.dup(), kept[1], mgr, true);
                                assertThat(relative(layer.getGradientsViewArray(), expectedGradient)).as("gradient from the kept z, " + what)
                                        .isLessThan(1e-12);
                                checked.add(what);
                            }
                        }
                    }
                }
            }
        }
        assertThat(checked).hasSizeGreaterThan(120);
    }
}
