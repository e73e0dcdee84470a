package org.deeplearning4j.nn.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
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
 * {@code backpropGradient(...).getSecond()} bit for bit (float and double), and the layer's gradient view is left
 * exactly as it was.
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
                assertThat(message).as("%s, %s, layer %d", type, loss, k).isEqualTo(expected);
                assertThat(layer.getGradientsViewArray()).as("gradient view untouched, layer %d", k).isEqualTo(before);
                if (k < 2) {
                    // the forward pass that keeps z: DL4J's activation, and with the kept z the same message, twice
                    Nd4j.getRandom().setSeed(70 + k);
                    INDArray activation = layer.activate(inputs[k].dup(), true, mgr).dup();
                    Nd4j.getRandom().setSeed(70 + k);
                    INDArray[] out = PcLayerAccess.forward(layer, inputs[k].dup(), mgr);
                    assertThat(out[0]).as("activation, layer %d", k).isEqualTo(activation);
                    INDArray z = out[1].dup();
                    for (int again = 0; again < (k == 0 ? 2 : 1); again++) { // plain Dropout clears its mask in backprop
                        assertThat(PcLayerAccess.message(layer, eps.dup(), out[1], mgr)).as("message from kept z, layer %d", k)
                                .isEqualTo(expected);
                    }
                    assertThat(out[1]).as("the kept z is not overwritten").isEqualTo(z);
                    assertThat(layer.getGradientsViewArray()).isEqualTo(before);
                }
            }
        }
    }

    @Test
    void layerNormalisedDenseLayersAndOtherLayersAreNotServedAndRefused() {
        MultiLayerNetwork net = net(DataType.DOUBLE, true, LossFunctions.LossFunction.MSE, Activation.IDENTITY);
        assertThat(PcLayerAccess.servesMessages(net.getLayer(0))).isFalse();
        assertThat(PcLayerAccess.servesMessages(net.getLayer(1))).isTrue();
        MultiLayerNetwork cnn = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new ConvolutionLayer.Builder(2, 2).nOut(2).build())
                .layer(new OutputLayer.Builder().nOut(2).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(4, 4, 1)).build());
        cnn.init();
        assertThat(PcLayerAccess.servesMessages(cnn.getLayer(0))).isFalse();
        assertThatThrownBy(() -> PcLayerAccess.message(cnn.getLayer(0), null, LayerWorkspaceMgr.noWorkspaces()))
                .hasMessageContaining("no message-only backprop");
    }
}
