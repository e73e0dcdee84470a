package org.pc4j.trainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pc4j.testkit.NdAssertions.assertAllClose;
import static org.pc4j.testkit.NdAssertions.assertBitIdentical;
import static org.pc4j.testkit.NdAssertions.assertNotBitIdentical;

import java.util.function.Supplier;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.layers.PcDl4jVersion;
import org.deeplearning4j.nn.layers.PcLayerAccess;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.pc4j.trainers.testing.Nets;

/**
 * pc4j's copies of DL4J internals run only on the DL4J version they reproduce, and step aside for DL4J's own path
 * otherwise. Forced here with {@code pc4j.dl4jPath=dl4j}: no layer is served by the copies, Z-IL still equals
 * {@code net.fit} (now by DL4J's own backprop), PC gives the same update bit for bit as through the copies (which claim
 * to reproduce DL4J exactly), and SameDiff layers keep DL4J's own (doubled, in M2.1) gradient, so Z-IL equals
 * {@code net.fit} there too, where with the copies it does not.
 */
class Dl4jFallbackTest {

    @AfterEach
    void restore() {
        System.clearProperty(PcDl4jVersion.PROPERTY);
    }

    private static void forceDl4jPath() {
        System.setProperty(PcDl4jVersion.PROPERTY, "dl4j");
    }

    @Test
    void dl4jOnTheClassPathIsTheVersionTheCopiesReproduceAndNoOtherIsAccepted() {
        assertThat(PcDl4jVersion.found()).isEqualTo("1.0.0-M2.1");
        assertThat(PcDl4jVersion.copiesEnabled()).isTrue();
        for (String other : new String[] {"1.0.0-M2", "1.0.0-M3", "1.0.0-SNAPSHOT", "unknown", ""}) {
            assertThat(PcDl4jVersion.supports(other)).as(other).isFalse();
        }
        forceDl4jPath();
        assertThat(PcDl4jVersion.copiesEnabled()).isFalse();
    }

    @Test
    void withTheFallbackNoLayerIsServedByTheCopies() {
        MultiLayerNetwork cnn = Nets.cnn(Nets.Head.SOFTMAX_XENT, new Sgd(0.1), 3, 5);
        org.deeplearning4j.nn.api.Layer conv = cnn.getLayer(0);
        org.deeplearning4j.nn.api.Layer dense = cnn.getLayer(5);
        org.deeplearning4j.nn.api.Layer output = cnn.getLayer(6);
        assertThat(PcLayerAccess.servesBackprop(conv)).isTrue();
        assertThat(PcLayerAccess.keepsPreActivation(dense)).isTrue();
        assertThat(PcLayerAccess.servesMessages(output)).isTrue();
        forceDl4jPath();
        for (org.deeplearning4j.nn.api.Layer l : cnn.getLayers()) {
            assertThat(PcLayerAccess.servesBackprop(l) || PcLayerAccess.servesMessages(l) || PcLayerAccess.keepsPreActivation(l))
                    .as("%s", l).isFalse();
        }
    }

    private static DataSet batch(long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 1, 6, 6);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 4, 3);
        for (int i = 0; i < 4; i++) {
            y.putScalar(i, i % 3, 1);
        }
        return new DataSet(x, y);
    }

    private static INDArray afterOneUpdate(Supplier<MultiLayerNetwork> net, PcTrainer trainer, DataSet batch) {
        MultiLayerNetwork n = net.get();
        trainer.fit(n, batch);
        return n.params().dup();
    }

    @Test
    void withTheFallbackZilStillEqualsNetFitAndPcGivesTheSameUpdateAsThroughTheCopies() {
        Supplier<MultiLayerNetwork> cnn = () -> Nets.cnn(Nets.Head.SOFTMAX_XENT, new Adam(1e-2), 3, 11);
        DataSet batch = batch(12);
        MultiLayerNetwork bp = cnn.get();
        bp.fit(batch);
        PcTrainer zil = PcTrainer.builder().schedule(Schedule.zil()).build();
        PcTrainer pc = PcTrainer.builder().schedule(Schedule.pc(6)).inferenceRate(0.1).build();
        INDArray pcThroughCopies = afterOneUpdate(cnn, pc, batch);
        INDArray zilThroughCopies = afterOneUpdate(cnn, zil, batch);

        forceDl4jPath();
        INDArray zilOwnPath = afterOneUpdate(cnn, zil, batch);
        INDArray pcOwnPath = afterOneUpdate(cnn, pc, batch);
        assertAllClose("Z-IL on DL4J's own path = net.fit", zilOwnPath, bp.params(), 1e-10, 0);
        assertAllClose("Z-IL through the copies = net.fit", zilThroughCopies, bp.params(), 1e-10, 0);
        assertBitIdentical("PC: DL4J's own path and pc4j's copies give the same update", pcOwnPath, pcThroughCopies);
        assertNotBitIdentical("PC moved the weights", pcOwnPath, cnn.get().params());
    }

    /** Dense 3 -> 4 tanh, a SameDiff layer returning its input, output MSE 2. */
    private static MultiLayerNetwork withSameDiffIdentity() {
        return Nets.init(Nets.base(new Sgd(0.1), 32).list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.TANH).build())
                .layer(new SameDiffDiscrepancyTest.Identity())
                .layer(new OutputLayer.Builder(LossFunction.MSE).nIn(4).nOut(2).activation(Activation.IDENTITY).build())
                .build());
    }

    @Test
    void withTheFallbackSameDiffLayersKeepDl4jsOwnGradientSoZilEqualsNetFitThere() {
        Nd4j.getRandom().setSeed(33);
        DataSet batch = new DataSet(Nd4j.rand(DataType.DOUBLE, 5, 3), Nd4j.rand(DataType.DOUBLE, 5, 2));
        MultiLayerNetwork bp = withSameDiffIdentity();
        bp.fit(batch);
        PcTrainer zil = PcTrainer.builder().schedule(Schedule.zil()).build();
        MultiLayerNetwork corrected = withSameDiffIdentity();
        zil.fit(corrected, batch);
        double gap = corrected.params().distance2(bp.params()) / bp.params().norm2Number().doubleValue();
        assertThat(gap).as("with the copies pc4j uses the true gradient below the SameDiff layer, not DL4J's doubled one")
                .isGreaterThan(1e-6);

        forceDl4jPath();
        MultiLayerNetwork own = withSameDiffIdentity();
        zil.fit(own, batch);
        assertAllClose("Z-IL on DL4J's own path = net.fit", own.params(), bp.params(), 1e-10, 0);
    }
}
