package org.pc4j.app.memory;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.pc4j.trainers.generative.AssociativeMemory;
import org.pc4j.trainers.generative.GenerativeNetworks;
import org.pc4j.trainers.generative.MemoryConfig;
import org.pc4j.trainers.generative.Recall;
import org.pc4j.zoo.data.DataSources;
import org.pc4j.zoo.data.ImageSet;
import org.pc4j.zoo.models.GenerativePcn;

/**
 * Hetero-association (Salvatori's thesis §4.6): the sensory layer holds two modalities side by side, a 28 x 28
 * Fashion-MNIST image (the embedded sample) and its label one-hot; one is recalled from the other by clamping it (a
 * partial key whose known values are one modality). Ten images, one of each class, so that each label names one
 * memory.
 *
 * <p>The criterion is the thesis' for a symbol: recovered exactly after decoding (there, each caption word; here, the
 * label's largest entry). The other direction, the image from its label, does not work at this size: 10 known values
 * of 794 recall no image within MSE 0.001 (measured 0 of 10; docs/results.md), so it is not asserted here.
 */
class HeteroAssociationTest {

    private static final int PIXELS = 784;
    private static final int CLASSES = 10;
    private static INDArray images;
    private static INDArray labels;
    private static AssociativeMemory memory;

    @BeforeAll
    static void store() {
        ImageSet set = (ImageSet) DataSources.load("fashion-sample", null, 1);
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
        MultiLayerNetwork net = GenerativePcn.builder().patternSize(PIXELS + CLASSES).width(256).latentWidth(32).depth(4)
                .activation(org.nd4j.linalg.activations.Activation.TANH).seed(3).updater(new Adam(1e-3)).build().init();
        // 50 storing epochs recall every label with its entry above 0.77 and every other below 0.08 (100 epochs: above 0.96)
        memory = new AssociativeMemory(net, MemoryConfig.builder().storeEpochs(50).recallSteps(200).build());
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
            assertThat(recalled.getRow(c).argMax().getInt(0)).as("the label recalled from class %d's image", c).isEqualTo(c);
        }
    }

    @Test
    void distinctImagesRecallDistinctLatentsAwayFromThePrior() {
        // with the prior at 0 below ReLU units with zero biases no error ever reached the latents: every recall (and
        // every stored pattern) had the latents at the prior, and the memory lived in the hidden values alone
        INDArray latents = recall(true).latents();
        INDArray prior = GenerativeNetworks.prior(memory.network());
        for (int c = 0; c < CLASSES; c++) {
            assertThat(latents.getRow(c).sub(prior.reshape(prior.length())).norm2Number().doubleValue())
                    .as("latents of class %d's image against the prior", c).isGreaterThan(1e-2);
            for (int o = c + 1; o < CLASSES; o++) {
                assertThat(latents.getRow(c).sub(latents.getRow(o)).norm2Number().doubleValue())
                        .as("latents recalled from images %d and %d", c, o).isGreaterThan(1e-2);
            }
        }
    }
}
