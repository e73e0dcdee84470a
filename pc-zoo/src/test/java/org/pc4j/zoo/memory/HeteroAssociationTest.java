package org.pc4j.zoo.memory;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.pc4j.trainers.ValueOptimizer;
import org.pc4j.trainers.generative.AssociativeMemory;
import org.pc4j.trainers.generative.MemoryConfig;
import org.pc4j.trainers.generative.Recall;
import org.pc4j.zoo.data.DataSources;
import org.pc4j.zoo.data.ImageSet;
import org.pc4j.zoo.models.GenerativePcn;

/**
 * Hetero-association (Salvatori's thesis §4.6): the sensory layer holds two modalities side by side, an 8 x 8 digit
 * and its label one-hot; one is recalled from the other by clamping it (a partial key whose known values are one
 * modality). Ten digits, one of each class, so that each label names one memory.
 *
 * <p>The criteria are the thesis': an image within the partial-key MSE of 0.001, and a symbol recovered exactly after
 * decoding (there, each caption word; here, the label's largest entry). The recalled label values themselves are not
 * one-hot: with all 64 pixels clamped, the hidden layer (wider than the image) fits them along many directions, and
 * the prior pulls the latent towards its mean, so the label comes out shrunk towards the mean label (measured: the
 * true class about 0.35, the others about 0.08).
 */
class HeteroAssociationTest {

    private static final int PIXELS = 64;
    private static final int CLASSES = 10;
    private static INDArray images;
    private static INDArray labels;
    private static AssociativeMemory memory;

    @BeforeAll
    static void store() {
        ImageSet set = (ImageSet) DataSources.load("digits", null, 1);
        INDArray features = set.train().getFeatures().reshape(set.train().numExamples(), PIXELS);
        INDArray oneHot = set.train().getLabels();
        images = Nd4j.create(DataType.FLOAT, CLASSES, PIXELS);
        labels = Nd4j.create(DataType.FLOAT, CLASSES, CLASSES);
        boolean[] taken = new boolean[CLASSES];
        int found = 0;
        for (int n = 0; n < features.size(0) && found < CLASSES; n++) {
            int c = oneHot.getRow(n).argMax().getInt(0);
            if (!taken[c]) {
                taken[c] = true;
                images.putRow(c, features.getRow(n));
                labels.putRow(c, oneHot.getRow(n));
                found++;
            }
        }
        assertThat(found).as("one digit of each class").isEqualTo(CLASSES);
        MultiLayerNetwork net = GenerativePcn.builder().patternSize(PIXELS + CLASSES).width(128).depth(3).seed(3)
                .updater(new Adam(1e-3)).build().init();
        memory = new AssociativeMemory(net, MemoryConfig.builder().storeSteps(1500).recallSteps(1000).recallRate(0.02)
                .recallOptimizer(ValueOptimizer.momentum(0.9)).build());
        memory.store(Nd4j.hstack(images, labels));
    }

    private static Recall recall(boolean knowImage) {
        INDArray known = Nd4j.hstack(Nd4j.valueArrayOf(new long[] {CLASSES, PIXELS}, knowImage ? 1f : 0f),
                Nd4j.valueArrayOf(new long[] {CLASSES, CLASSES}, knowImage ? 0f : 1f));
        INDArray key = Nd4j.hstack(images, labels).muli(known);
        return memory.complete(key, known);
    }

    @Test
    void theImageRecallsItsLabel() {
        INDArray recalled = recall(true).patterns().get(NDArrayIndex.all(), NDArrayIndex.interval(PIXELS, PIXELS + CLASSES));
        for (int c = 0; c < CLASSES; c++) {
            assertThat(recalled.getRow(c).argMax().getInt(0)).as("the label recalled from digit %d's image", c).isEqualTo(c);
        }
    }

    @Test
    void theLabelRecallsItsImage() {
        INDArray recalled = recall(false).patterns().get(NDArrayIndex.all(), NDArrayIndex.interval(0, PIXELS));
        int retrieved = 0;
        for (int c = 0; c < CLASSES; c++) {
            double e = recalled.getRow(c).castTo(DataType.DOUBLE).sub(images.getRow(c).castTo(DataType.DOUBLE)).norm2Number().doubleValue();
            if (e * e / PIXELS < 1e-3) {
                retrieved++;
            }
        }
        assertThat(retrieved).as("images recalled from their label within MSE 0.001").isGreaterThanOrEqualTo(9);
    }
}
