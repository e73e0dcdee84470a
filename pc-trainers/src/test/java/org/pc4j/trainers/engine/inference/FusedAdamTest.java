package org.pc4j.trainers.engine.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pc4j.testkit.NdAssertions.assertBitIdentical;

import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.pc4j.trainers.testing.Batches;

/**
 * {@link FusedAdam} against DL4J's own updater on the same gradients, in float32, where the fused pass computes in float
 * over heap chunks of 1,024 elements: a 2,560-parameter block (two whole chunks and a half one) after each of three
 * updates leaves the parameters, both moments and the update in the gradient view bit for bit where DL4J's
 * {@code AdamUpdater} (libnd4j's float32 {@code adam_updater}) and {@code params -= update} leave them: the pass makes
 * the op's float operations in the op's order, step multiplier included.
 */
class FusedAdamTest {

    @Test
    void theFloat32PassLeavesBitForBitWhatDl4jsAdamLeavesAcrossChunkBoundaries() {
        MultiLayerNetwork dl4j = net();
        assertThat(dl4j.numParams()).isEqualTo(2560);
        assertThat(org.pc4j.trainers.kernel.Parts.ofVectorised(dl4j.numParams())).as("one part").isEqualTo(1);
        assertSameAsDl4j(dl4j, 40);
    }

    /** A 42,210-parameter block is split over the cores ({@code Parts.runVectorised}): still DL4J's bit for bit. */
    @Test
    void aFloat32BlockSplitOverTheCoresLeavesBitForBitWhatDl4jsAdamLeaves() {
        MultiLayerNetwork dl4j = net(200, 200);
        assertThat(dl4j.numParams()).isEqualTo(42_210);
        assertThat(org.pc4j.trainers.kernel.Parts.ofVectorised(dl4j.numParams())).as("split").isGreaterThan(1);
        assertSameAsDl4j(dl4j, 200);
    }

    private static void assertSameAsDl4j(MultiLayerNetwork dl4j, int inputs) {
        MultiLayerNetwork fused = dl4j.clone();
        assertThat(FusedAdam.unsupported(fused)).isNull();
        long n = dl4j.numParams();
        List<DataSet> batches = Batches.dense(3, 16, inputs, 10, true, 41);
        for (int t = 0; t < batches.size(); t++) {
            DataSet b = new DataSet(batches.get(t).getFeatures().castTo(DataType.FLOAT), batches.get(t).getLabels().castTo(DataType.FLOAT));
            for (MultiLayerNetwork net : List.of(dl4j, fused)) {
                net.setInput(b.getFeatures());
                net.setLabels(b.getLabels());
                net.computeGradientAndScore();
            }
            assertBitIdentical("the gradients before update " + t, fused.getFlattenedGradients(), dl4j.getFlattenedGradients());
            dl4j.getUpdater().update(dl4j, dl4j.gradient(), t, 0, 16, LayerWorkspaceMgr.noWorkspaces());
            dl4j.params().subi(dl4j.getFlattenedGradients().reshape(n));
            FusedAdam.apply(fused, 16, t, 0);
            assertSameFloats("parameters after update " + t, fused.params(), dl4j.params());
            assertSameFloats("moments after update " + t, fused.getUpdater().getStateViewArray(), dl4j.getUpdater().getStateViewArray());
            assertSameFloats("the update after update " + t, fused.getFlattenedGradients(), dl4j.getFlattenedGradients());
        }
        assertThat(fused.getUpdater().getStateViewArray().getDouble(2 * n - 1)).as("the last parameter's v moved").isPositive();
    }

    private static void assertSameFloats(String what, INDArray actual, INDArray expected) {
        assertThat(actual.dataType()).isEqualTo(DataType.FLOAT);
        assertBitIdentical(what, actual, expected);
    }

    /** 40 -> 50 tanh -> 10 softmax cross-entropy, float32, Adam 1e-2: one updater block of 2,560 parameters. */
    private static MultiLayerNetwork net() {
        return net(40, 50);
    }

    /** {@code inputs -> hidden} tanh {@code -> 10} softmax cross-entropy, float32, Adam 1e-2: one updater block. */
    private static MultiLayerNetwork net(int inputs, int hidden) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(42).dataType(DataType.FLOAT).updater(new Adam(1e-2))
                .list()
                .layer(new DenseLayer.Builder().nIn(inputs).nOut(hidden).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(hidden).nOut(10).activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        return net;
    }
}
