package org.deeplearning4j.nn.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pc4j.testkit.NdAssertions.assertBitIdentical;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.weightnoise.DropConnect;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The message-only backprop against DL4J's own backprop: for each layer it serves, the message equals
 * {@code backpropGradient(...).getSecond()} exactly (float and double, element by element), as does the forward pass that
 * keeps z, and the layer's gradient view is left exactly as it was.
 */
class PcLayerAccessTest {

    private static MultiLayerNetwork net(DataType type, boolean layerNorm, LossFunctions.LossFunction loss, Activation out) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).dataType(type).updater(new Sgd(0.1)).list()
                .layer(new DenseLayer.Builder().nIn(7).nOut(6).activation(Activation.TANH).hasLayerNorm(layerNorm).build())
                .layer(new DenseLayer.Builder().nIn(6).nOut(5).activation(Activation.RELU).dropOut(new Dropout(0.7)).build())
                .layer(new OutputLayer.Builder(loss).nIn(5).nOut(4).activation(out).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.initGradientsView();
        return net;
    }

    /** Layer k's forward pass in training mode from its input (dropout reseeded, so it draws the same mask). */
    private static void forward(MultiLayerNetwork net, int k, INDArray input, INDArray labels, LayerWorkspaceMgr mgr) {
        Nd4j.getRandom().setSeed(70 + k);
        if (k == 2) {
            net.getLayer(2).setInput(input.dup(), mgr);
            ((org.deeplearning4j.nn.api.layers.IOutputLayer) net.getLayer(2)).setLabels(labels);
        } else {
            net.getLayer(k).activate(input.dup(), true, mgr);
        }
    }

    /**
     * Exact equality, element by element ({@code INDArray.equals}, which AssertJ's {@code isEqualTo} calls, allows a
     * difference of 1e-5).
     */
    private static void assertExactlyEqual(INDArray actual, INDArray expected, String what) {
        assertThat(actual.shape()).as(what + ": shape").isEqualTo(expected.shape());
        double[] a = actual.dup('c').data().asDouble();
        double[] e = expected.dup('c').data().asDouble();
        for (int i = 0; i < e.length; i++) {
            if (!(a[i] == e[i] || (Double.isNaN(a[i]) && Double.isNaN(e[i])))) {
                throw new AssertionError(what + ": element " + i + " is " + a[i] + ", expected exactly " + e[i]);
            }
        }
    }

    private static INDArray sentinel(Layer layer) {
        INDArray view = layer.getGradientsViewArray();
        view.assign(Nd4j.linspace(view.dataType(), 1, view.length(), 1).reshape(view.shape()));
        return view.dup();
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void denseAndOutputMessagesAreBitIdenticalToDl4jsBackpropAndLeaveTheGradientViewAlone(DataType type) {
        for (LossFunctions.LossFunction loss : new LossFunctions.LossFunction[] {LossFunctions.LossFunction.MCXENT, LossFunctions.LossFunction.MSE}) {
            MultiLayerNetwork net = net(type, false, loss, loss == LossFunctions.LossFunction.MCXENT ? Activation.SOFTMAX : Activation.IDENTITY);
            LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
            INDArray x = Nd4j.rand(Nd4j.getRandomFactory().getNewRandomInstance(1), 3, 7).castTo(type);
            INDArray labels = Nd4j.eye(4).getRows(0, 2, 3).castTo(type);
            INDArray g1 = Nd4j.rand(Nd4j.getRandomFactory().getNewRandomInstance(2), 3, 5).castTo(type);
            INDArray g0 = Nd4j.rand(Nd4j.getRandomFactory().getNewRandomInstance(3), 3, 6).castTo(type);
            INDArray[] inputs = new INDArray[3];
            inputs[0] = x;
            for (int k = 0; k < 2; k++) {
                Nd4j.getRandom().setSeed(70 + k);
                inputs[k + 1] = net.getLayer(k).activate(inputs[k].dup(), true, mgr).dup(); // dropout may drop its input in place
            }
            for (int k = 0; k < 3; k++) {
                Layer layer = net.getLayer(k);
                assertThat(PcLayerAccess.servesMessages(layer)).as("layer %d", k).isTrue();
                INDArray eps = k == 0 ? g0 : k == 1 ? g1 : null;
                forward(net, k, inputs[k], labels, mgr);
                INDArray expected = layer.backpropGradient(eps == null ? null : eps.dup(), mgr).getSecond().dup();
                INDArray before = sentinel(layer);
                // the same forward pass again (dropout draws the same mask), as the engine's steps do
                forward(net, k, inputs[k], labels, mgr);
                INDArray message = PcLayerAccess.message(layer, eps == null ? null : eps.dup(), mgr);
                assertExactlyEqual(message, expected, type + ", " + loss + ", layer " + k);
                assertExactlyEqual(layer.getGradientsViewArray(), before, "gradient view untouched, layer " + k);
                if (k < 2) {
                    // the forward pass that keeps z: DL4J's activation, and with the kept z the same message, twice
                    Nd4j.getRandom().setSeed(70 + k);
                    INDArray activation = layer.activate(inputs[k].dup(), true, mgr).dup();
                    Nd4j.getRandom().setSeed(70 + k);
                    INDArray[] out = PcLayerAccess.forward(layer, inputs[k].dup(), mgr);
                    assertExactlyEqual(out[0], activation, "activation, layer " + k);
                    INDArray z = out[1].dup();
                    for (int again = 0; again < (k == 0 ? 2 : 1); again++) { // plain Dropout clears its mask in backprop
                        assertExactlyEqual(PcLayerAccess.message(layer, eps.dup(), out[1], mgr), expected, "message from kept z, layer " + k);
                    }
                    assertExactlyEqual(out[1], z, "the kept z is not overwritten");
                    assertBitIdentical(layer.getGradientsViewArray(), before);
                }
            }
        }
    }

    @Test
    void layerNormalisedDenseLayersAndOtherLayersAreNotServedAndRefused() {
        MultiLayerNetwork net = net(DataType.DOUBLE, true, LossFunctions.LossFunction.MSE, Activation.IDENTITY);
        assertThat(PcLayerAccess.servesMessages(net.getLayer(0))).isFalse();
        assertThat(PcLayerAccess.servesMessages(net.getLayer(1))).isTrue();
        // a subclass of the convolution layer (depthwise), an NHWC convolution and one with weight noise take DL4J's backprop
        MultiLayerNetwork cnn = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new DepthwiseConvolution2D.Builder(2, 2).nOut(2).build())
                .layer(new ConvolutionLayer.Builder(2, 2).nOut(2).weightNoise(new DropConnect(0.9)).build())
                .layer(new ConvolutionLayer.Builder(2, 2).nOut(2).build())
                .layer(new OutputLayer.Builder().nOut(2).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(8, 8, 1)).build());
        cnn.init();
        MultiLayerNetwork nhwc = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new ConvolutionLayer.Builder(2, 2).nOut(2).build())
                .layer(new OutputLayer.Builder().nOut(2).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(8, 8, 1, CNN2DFormat.NHWC)).build());
        nhwc.init();
        for (Layer layer : new Layer[] {cnn.getLayer(0), cnn.getLayer(1), nhwc.getLayer(0)}) {
            assertThat(PcLayerAccess.servesMessages(layer)).as("%s", layer).isFalse();
            assertThat(PcLayerAccess.servesBackprop(layer)).as("%s", layer).isFalse();
            assertThat(PcLayerAccess.keepsPreActivation(layer)).as("%s", layer).isFalse();
            assertThatThrownBy(() -> PcLayerAccess.message(layer, null, LayerWorkspaceMgr.noWorkspaces()))
                    .hasMessageContaining("no message-only backprop");
        }
        assertThat(PcLayerAccess.servesMessages(cnn.getLayer(2))).isTrue();
        assertThat(PcLayerAccess.keepsPreActivation(cnn.getLayer(2))).isTrue();
    }

    /**
     * Convolutions on DL4J's built-in im2col path: "same" mode with stride 2 (asymmetric padding), truncate mode with
     * explicit padding and stride 2 (the window drops the input's last row), 1 x 1 without bias, a dilated kernel (which
     * pc4j leaves to DL4J's own im2col), ReLU / tanh / identity / sigmoid, dropout on the input.
     */
    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void convolutionMessagesAreBitIdenticalToDl4jsBackpropAndLeaveTheGradientViewAlone(DataType type) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(9).dataType(type).updater(new Sgd(0.1)).list()
                .layer(new ConvolutionLayer.Builder(3, 3).stride(2, 2).nOut(4).activation(Activation.RELU)
                        .convolutionMode(ConvolutionMode.Same).build())
                .layer(new ConvolutionLayer.Builder(2, 3).stride(2, 1).padding(1, 2).nOut(3).activation(Activation.TANH)
                        .convolutionMode(ConvolutionMode.Truncate).dropOut(new Dropout(0.8)).build())
                .layer(new ConvolutionLayer.Builder(1, 1).nOut(2).hasBias(false).activation(Activation.IDENTITY).build())
                .layer(new ConvolutionLayer.Builder(2, 2).dilation(2, 2).nOut(2).activation(Activation.SIGMOID)
                        .convolutionMode(ConvolutionMode.Truncate).build())
                .layer(new OutputLayer.Builder().nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(9, 7, 2)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.initGradientsView();
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        INDArray[] inputs = new INDArray[5];
        inputs[0] = Nd4j.rand(Nd4j.getRandomFactory().getNewRandomInstance(4), 3, 2, 9, 7).subi(0.5).castTo(type);
        for (int k = 0; k < 4; k++) {
            Nd4j.getRandom().setSeed(80 + k);
            inputs[k + 1] = net.getLayer(k).activate(inputs[k].dup(), true, mgr).dup();
        }
        assertThat(inputs[2].shape()).as("truncated: 5 rows, 2 x 3 kernel, stride 2").containsExactly(3, 3, 3, 6);
        for (int k = 0; k < 4; k++) {
            Layer layer = net.getLayer(k);
            assertThat(PcLayerAccess.servesMessages(layer)).as("layer %d", k).isTrue();
            assertThat(PcLayerAccess.keepsPreActivation(layer)).as("layer %d", k).isTrue();
            INDArray eps = Nd4j.rand(Nd4j.getRandomFactory().getNewRandomInstance(10 + k), inputs[k + 1].shape()).subi(0.5).castTo(type);
            Nd4j.getRandom().setSeed(80 + k);
            layer.activate(inputs[k].dup(), true, mgr);
            INDArray expected = layer.backpropGradient(eps.dup(), mgr).getSecond().dup();
            INDArray expectedGradient = layer.getGradientsViewArray().dup();
            assertThat(expected.shape()).isEqualTo(inputs[k].shape());
            // pc4j's full forward pass and backprop: DL4J's activation, message and gradient
            sentinel(layer);
            Nd4j.getRandom().setSeed(80 + k);
            assertExactlyEqual(PcLayerAccess.activate(layer, inputs[k].dup(), mgr), inputs[k + 1], "pc4j's forward pass, layer " + k);
            assertExactlyEqual(PcLayerAccess.backprop(layer, eps.dup(), mgr), expected, "pc4j's backprop message, layer " + k);
            assertExactlyEqual(layer.getGradientsViewArray(), expectedGradient, "pc4j's backprop gradient, layer " + k);
            INDArray before = sentinel(layer);
            Nd4j.getRandom().setSeed(80 + k);
            layer.activate(inputs[k].dup(), true, mgr);
            assertExactlyEqual(PcLayerAccess.message(layer, eps.dup(), mgr), expected, type + ", layer " + k);
            assertExactlyEqual(layer.getGradientsViewArray(), before, "gradient view untouched, layer " + k);
            Nd4j.getRandom().setSeed(80 + k);
            INDArray[] out = PcLayerAccess.forward(layer, inputs[k].dup(), mgr);
            assertExactlyEqual(out[0], inputs[k + 1], "activation, layer " + k);
            INDArray z = out[1].dup();
            for (int again = 0; again < (k == 1 ? 1 : 2); again++) { // plain Dropout clears its mask in backprop
                assertExactlyEqual(PcLayerAccess.message(layer, eps.dup(), out[1], mgr), expected, "message from kept z, layer " + k);
            }
            assertExactlyEqual(out[1], z, "the kept z is not overwritten");
            assertBitIdentical(layer.getGradientsViewArray(), before);
        }
    }
}
