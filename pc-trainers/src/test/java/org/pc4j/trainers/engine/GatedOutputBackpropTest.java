package org.pc4j.trainers.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.pc4j.trainers.engine.network.NetworkView;
import org.pc4j.trainers.engine.network.OutputPredictor;

/**
 * Fa-Z-IL gates an output layer's weight gradient per neuron. DL4J refuses per-output label masks for softmax with
 * cross-entropy or negative log-likelihood, which is what the engine used to gate with (and crashed on an ordinary
 * classifier); the gate now multiplies the loss gradient. Oracle: {@code dW = in^T (delta * gate)},
 * {@code db = sum_rows(delta * gate)} with {@code delta = dLoss/dz} from the layer's own loss.
 */
class GatedOutputBackpropTest {

    enum Head {
        SOFTMAX_MCXENT(LossFunction.MCXENT, Activation.SOFTMAX),
        SOFTMAX_NLL(LossFunction.NEGATIVELOGLIKELIHOOD, Activation.SOFTMAX),
        SIGMOID_XENT(LossFunction.XENT, Activation.SIGMOID),
        IDENTITY_MSE(LossFunction.MSE, Activation.IDENTITY);

        final LossFunction loss;
        final Activation activation;

        Head(LossFunction loss, Activation activation) {
            this.loss = loss;
            this.activation = activation;
        }
    }

    @ParameterizedTest
    @EnumSource(Head.class)
    void gatedGradientIsTheLossGradientTimesTheGateBackpropagatedThroughTheLayer(Head head) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.DOUBLE).updater(new Sgd(0.1))
                .list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(6).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(head.loss).nIn(6).nOut(3).activation(head.activation).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        NetworkView graph = NetworkView.of(net);
        OutputPredictor out = graph.output(1);
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        int mb = 5;
        INDArray in = Nd4j.rand(DataType.DOUBLE, mb, 6).subi(0.5);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, mb, 3);
        for (int i = 0; i < mb; i++) {
            labels.putScalar(i, i % 3, 1.0);
        }
        out.clamp(in, labels, mb, mgr);
        INDArray delta = out.error(mgr).dup();
        INDArray gate = Nd4j.createFromArray(new double[][] {{1, 0, 1}, {0, 0, 1}, {1, 1, 1}, {0, 1, 0}, {1, 0, 0}});

        out.gatedBackprop(gate, mgr);

        INDArray gated = delta.mul(gate);
        INDArray dW = net.getLayer(1).getGradientsViewArray().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 18)).reshape('f', 6, 3);
        INDArray db = net.getLayer(1).getGradientsViewArray().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(18, 21));
        assertThat(dW.equalsWithEps(in.transpose().mmul(gated), 1e-12)).as("dW").isTrue();
        assertThat(db.reshape(3).equalsWithEps(gated.sum(0), 1e-12)).as("db").isTrue();
        // the configuration is back as it was: the loss is the layer's own again
        assertThat(((OutputLayer) net.getLayer(1).conf().getLayer()).getLossFn().getClass().getSimpleName())
                .doesNotContain("Gated");
    }
}
