package org.pc4j.layers.conf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pc4j.testkit.NdAssertions.assertBitIdentical;

import java.io.File;
import java.nio.file.Path;
import java.util.Random;
import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * pc4j's layers as DL4J layers: their backprop equals central finite differences of the network's score (DL4J's
 * {@code GradientCheckUtil}, double precision; the attention and embedding gradients are checked through the
 * parameters of the layers below and above them), they round-trip through DL4J's JSON configuration and
 * {@code ModelSerializer}, and causal attention is causal.
 */
class PcLayersTest {

    private static final int VOCAB = 7;
    private static final int WIDTH = 4;
    private static final int LENGTH = 5;

    @org.junit.jupiter.api.BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @org.junit.jupiter.api.AfterAll
    static void restorePrecision() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    private static NeuralNetConfiguration.Builder base() {
        return new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE).updater(new NoOp()).weightInit(WeightInit.XAVIER);
    }

    /** indices [mb, T] -> token+position embedding -> attention (2 heads) -> layer norm -> softmax over 3 classes per step */
    private static MultiLayerNetwork sequenceNet(boolean causal) {
        MultiLayerConfiguration conf = base().list()
                .layer(new TokenAndPositionEmbedding.Builder().nIn(VOCAB).nOut(WIDTH).maxLength(LENGTH + 2).build())
                .layer(new MultiHeadSelfAttention.Builder().nIn(WIDTH).heads(2).causal(causal).build())
                .layer(new LayerNormalization.Builder().nIn(WIDTH).build())
                .layer(new RnnOutputLayer.Builder(LossFunction.MCXENT).nIn(WIDTH).nOut(3).activation(Activation.SOFTMAX)
                        .dataFormat(org.deeplearning4j.nn.conf.RNNFormat.NCW).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static INDArray tokens(Random r, int mb) {
        double[][] idx = new double[mb][LENGTH];
        for (int b = 0; b < mb; b++) {
            for (int t = 0; t < LENGTH; t++) {
                idx[b][t] = r.nextInt(VOCAB);
            }
        }
        return Nd4j.createFromArray(idx);
    }

    private static INDArray sequenceLabels(Random r, int mb) {
        INDArray y = Nd4j.zeros(DataType.DOUBLE, mb, 3, LENGTH);
        for (int b = 0; b < mb; b++) {
            for (int t = 0; t < LENGTH; t++) {
                y.putScalar(b, r.nextInt(3), t, 1.0);
            }
        }
        return y;
    }

    @Test
    void sequenceLayersPassAFiniteDifferenceGradientCheckCausalAndBidirectional() {
        for (boolean causal : new boolean[] {true, false}) {
            Random r = new Random(causal ? 1 : 2);
            MultiLayerNetwork net = sequenceNet(causal);
            boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net)
                    .input(tokens(r, 3)).labels(sequenceLabels(r, 3)).epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9));
            assertThat(ok).as("gradient check, causal=%s", causal).isTrue();
        }
    }

    @Test
    void sequenceLayersPassAGradientCheckWithAPaddingMask() {
        Random r = new Random(4);
        INDArray mask = Nd4j.createFromArray(new double[][] {{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}, {1, 1, 0, 0, 0}});
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(sequenceNet(false))
                .input(tokens(r, 3)).labels(sequenceLabels(r, 3)).inputMask(mask).labelMask(mask)
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9));
        assertThat(ok).isTrue();
    }

    @Test
    void layerNormalisationOnFeedForwardInputPassesAGradientCheck() {
        MultiLayerNetwork net = new MultiLayerNetwork(base().list()
                .layer(new DenseLayer.Builder().nIn(5).nOut(6).activation(Activation.TANH).build())
                .layer(new LayerNormalization.Builder().nIn(6).build())
                .layer(new DenseLayer.Builder().nIn(6).nOut(4).activation(Activation.SIGMOID).build())
                .layer(new OutputLayer.Builder(LossFunction.MSE).nIn(4).nOut(2).activation(Activation.IDENTITY).build())
                .build());
        net.init();
        INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 5).subi(0.5);
        INDArray y = Nd4j.randn(DataType.DOUBLE, 4, 2);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x).labels(y)
                .epsilon(1e-6).maxRelError(1e-6).minAbsoluteError(1e-9));
        assertThat(ok).isTrue();
        // its output has zero mean and unit variance per example before gain and bias
        INDArray h = net.feedForwardToLayer(1, x, false).get(2);
        assertThat(h.mean(1).amaxNumber().doubleValue()).isLessThan(1e-12);
    }

    @Test
    void causalAttentionLetsAnOutputDependOnlyOnTheTokensUpToIt() {
        MultiLayerNetwork net = sequenceNet(true);
        Random r = new Random(6);
        INDArray x = tokens(r, 2);
        INDArray before = net.feedForwardToLayer(1, x, false).get(2);
        INDArray changed = x.dup();
        changed.putScalar(0, 3, (x.getDouble(0, 3) + 1) % VOCAB);
        INDArray after = net.feedForwardToLayer(1, changed, false).get(2);
        for (int t = 0; t < LENGTH; t++) {
            double diff = after.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.point(t)).distance2(before.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                    org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(t)));
            if (t < 3) {
                assertThat(diff).as("step %d", t).isEqualTo(0.0);
            } else {
                assertThat(diff).as("step %d", t).isGreaterThan(0.0);
            }
        }
        assertBitIdentical(after.slice(1), before.slice(1));
    }

    @Test
    void configurationsRoundTripThroughJsonAndModelsThroughModelSerializer(@TempDir Path dir) throws Exception {
        MultiLayerNetwork net = sequenceNet(true);
        MultiLayerConfiguration restoredConf = MultiLayerConfiguration.fromJson(net.getLayerWiseConfigurations().toJson());
        assertThat(restoredConf).isEqualTo(net.getLayerWiseConfigurations());
        assertThat(((MultiHeadSelfAttention) restoredConf.getConf(1).getLayer()).isCausal()).isTrue();
        assertThat(((MultiHeadSelfAttention) restoredConf.getConf(1).getLayer()).getHeads()).isEqualTo(2);
        assertThat(((TokenAndPositionEmbedding) restoredConf.getConf(0).getLayer()).getMaxLength()).isEqualTo(LENGTH + 2);
        File file = dir.resolve("net.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file);
        assertBitIdentical(restored.params(), net.params());
        INDArray x = tokens(new Random(7), 2);
        assertBitIdentical(restored.output(x), net.output(x));
    }

    @Test
    void badInputGetsAClearError() {
        MultiLayerNetwork net = sequenceNet(false);
        INDArray outOfVocabulary = tokens(new Random(8), 2).putScalar(1, 2, VOCAB);
        assertThatThrownBy(() -> net.output(outOfVocabulary)).isInstanceOf(DL4JInvalidInputException.class)
                .hasMessageContaining("Token index 7").hasMessageContaining("outside the vocabulary");
        INDArray tooLong = Nd4j.zeros(DataType.DOUBLE, 2, LENGTH + 3);
        assertThatThrownBy(() -> net.output(tooLong)).isInstanceOf(DL4JInvalidInputException.class)
                .hasMessageContaining("longer than the position embedding");
        assertThatThrownBy(() -> new MultiHeadSelfAttention.Builder().heads(0)).isInstanceOf(IllegalArgumentException.class);
        MultiLayerNetwork badHeads = new MultiLayerNetwork(base().list()
                .layer(new MultiHeadSelfAttention.Builder().nIn(5).heads(2).build())
                .layer(new RnnOutputLayer.Builder(LossFunction.MSE).nIn(5).nOut(2).activation(Activation.IDENTITY).build()).build());
        assertThatThrownBy(badHeads::init).hasStackTraceContaining("not divisible by the 2 heads");
    }
}
