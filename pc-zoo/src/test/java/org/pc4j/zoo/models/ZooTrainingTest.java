package org.pc4j.zoo.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pc4j.testkit.NdAssertions.assertBitIdentical;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.Adam;
import org.pc4j.trainers.PcTrainer;
import org.pc4j.trainers.Schedule;
import org.pc4j.zoo.data.FashionMnistSample;
import org.pc4j.zoo.data.LabelledImages;

/**
 * The zoo's image models train on real data (the embedded Fashion-MNIST sample) under backprop, PC and iPC: the loss
 * on a held-out batch is finite and lower after a few batches than before; and training resumes exactly from a
 * {@code ModelSerializer} checkpoint (N batches, save, load, M more = N + M uninterrupted) under every schedule.
 */
class ZooTrainingTest {

    private static List<DataSet> batches;
    private static DataSet heldOut;

    @BeforeAll
    static void data() {
        LabelledImages train = FashionMnistSample.load(true);
        DataSetIterator it = train.iterator(32, 1);
        batches = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            batches.add(it.next());
        }
        heldOut = FashionMnistSample.load(false).first(128).dataSet(DataType.FLOAT);
    }

    private static final PcTrainer[] TRAINERS = {null, PcTrainer.builder().schedule(Schedule.pc(12)).inferenceRate(0.1).build(),
            PcTrainer.builder().schedule(Schedule.ipc(12)).inferenceRate(0.1).build()};

    private static String nameOf(PcTrainer t) {
        return t == null ? "backprop" : t.config().schedule().toString();
    }

    @org.junit.jupiter.api.Tag("slow")
    @Test
    void alexNetLearnsUnderEverySchedule() {
        for (PcTrainer t : TRAINERS) {
            assertLearns("AlexNet", t, AlexNet.builder().inputShape(1, 28, 28).width(4).updater(new Adam(1e-3)).build().init(),
                    batches.subList(0, 8), heldOut);
        }
    }

    /** ResNet-8 (width 4): PC and iPC at gamma 0.1 (at 0.5 PC diverges and at 0.2 iPC does: the guard stops them). */
    @org.junit.jupiter.api.Tag("slow")
    @Test
    void resNetLearnsUnderEverySchedule() {
        PcTrainer[] trainers = {null, PcTrainer.builder().schedule(Schedule.pc(12)).inferenceRate(0.1).build(),
                PcTrainer.builder().schedule(Schedule.ipc(8)).inferenceRate(0.1).build()};
        for (PcTrainer t : trainers) {
            assertLearns("ResNet-8", t, ResNet.builder().depth(8).width(4).inputShape(1, 28, 28).updater(new Adam(3e-3)).build().init(),
                    batches.subList(0, 8), heldOut);
        }
    }

    @Test
    void vaeLearnsUnderEverySchedule() {
        DataSet heldOutImages = new DataSet(heldOut.getFeatures(), heldOut.getFeatures());
        for (PcTrainer t : TRAINERS) {
            assertLearns("VAE", t, Vae.builder().hidden(64).latent(8).updater(new Adam(1e-3)).build().init(),
                    batches.stream().map(b -> new DataSet(b.getFeatures(), b.getFeatures())).toList(), heldOutImages);
        }
    }

    @Test
    void trainingResumesExactlyFromACheckpoint(@TempDir Path dir) throws IOException {
        PcTrainer[] trainers = {null, TRAINERS[1], TRAINERS[2], PcTrainer.builder().schedule(Schedule.zil()).build()};
        for (PcTrainer t : trainers) {
            MultiLayerNetwork straight = AlexNet.builder().inputShape(1, 28, 28).width(4).updater(new Adam(1e-3)).build().init();
            MultiLayerNetwork first = straight.clone();
            for (int i = 0; i < 4; i++) {
                step(t, straight, batches.get(i));
            }
            for (int i = 0; i < 2; i++) {
                step(t, first, batches.get(i));
            }
            File file = dir.resolve("checkpoint.zip").toFile();
            ModelSerializer.writeModel(first, file, true);
            MultiLayerNetwork resumed = ModelSerializer.restoreMultiLayerNetwork(file, true);
            for (int i = 2; i < 4; i++) {
                step(t, resumed, batches.get(i));
            }
            assertBitIdentical(nameOf(t), resumed.params(), straight.params());
            assertBitIdentical(nameOf(t), resumed.getUpdater().getStateViewArray(), straight.getUpdater().getStateViewArray());
            assertThat(resumed.getIterationCount()).isEqualTo(straight.getIterationCount());
        }
    }

    /** The same for a graph: a tiny causal SmallBert on random token batches. */
    @Test
    void graphTrainingResumesExactlyFromACheckpoint(@TempDir Path dir) throws IOException {
        java.util.Random r = new java.util.Random(4);
        List<DataSet> text = new ArrayList<>();
        for (int b = 0; b < 4; b++) {
            org.nd4j.linalg.api.ndarray.INDArray x = org.nd4j.linalg.factory.Nd4j.zeros(4, 6);
            org.nd4j.linalg.api.ndarray.INDArray y = org.nd4j.linalg.factory.Nd4j.zeros(4, 9, 6);
            for (int i = 0; i < 4; i++) {
                for (int t = 0; t < 6; t++) {
                    x.putScalar(i, t, r.nextInt(9));
                    y.putScalar(i, r.nextInt(9), t, 1.0);
                }
            }
            text.add(new DataSet(x, y));
        }
        PcTrainer[] trainers = {null, TRAINERS[1], TRAINERS[2], PcTrainer.builder().schedule(Schedule.zil()).build()};
        for (PcTrainer t : trainers) {
            ComputationGraph straight = SmallBert.builder(SmallBert.Variant.CAUSAL).vocabulary(9).hidden(8).maxLength(6)
                    .updater(new Adam(1e-2)).build().init();
            ComputationGraph first = straight.clone();
            for (DataSet b : text) {
                step(t, straight, b);
            }
            for (DataSet b : text.subList(0, 2)) {
                step(t, first, b);
            }
            File file = dir.resolve("graph.zip").toFile();
            ModelSerializer.writeModel(first, file, true);
            ComputationGraph resumed = ModelSerializer.restoreComputationGraph(file, true);
            for (DataSet b : text.subList(2, 4)) {
                step(t, resumed, b);
            }
            assertBitIdentical(nameOf(t), resumed.params(), straight.params());
            assertBitIdentical(nameOf(t), resumed.getUpdater().getStateViewArray(), straight.getUpdater().getStateViewArray());
        }
    }

    /** One batch of backprop ({@code t == null}) or of {@code t}, on a network or a graph. */
    private static void step(PcTrainer t, org.deeplearning4j.nn.api.Model net, DataSet b) {
        if (net instanceof ComputationGraph g) {
            if (t == null) {
                g.fit(b);
            } else {
                t.fitBatch(g, b);
            }
        } else if (t == null) {
            ((MultiLayerNetwork) net).fit(b);
        } else {
            t.fitBatch((MultiLayerNetwork) net, b);
        }
    }

    private static double score(org.deeplearning4j.nn.api.Model net, DataSet d) {
        return net instanceof ComputationGraph g ? g.score(d) : ((MultiLayerNetwork) net).score(d);
    }

    /** Trains on {@code train} and asserts that the held-out loss is finite and lower than before. */
    private static void assertLearns(String name, PcTrainer t, org.deeplearning4j.nn.api.Model net, List<DataSet> train,
                                     DataSet heldOut) {
        double before = score(net, heldOut);
        for (DataSet b : train) {
            step(t, net, b);
        }
        double after = score(net, heldOut);
        assertThat(after).as("%s %s: loss %.4f -> %.4f", name, nameOf(t), before, after).isFinite().isLessThan(before);
    }
}
