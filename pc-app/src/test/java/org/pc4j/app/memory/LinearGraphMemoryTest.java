package org.pc4j.app.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pc4j.testkit.NdAssertions.assertBitIdentical;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.pc4j.zoo.data.DataSources;
import org.pc4j.zoo.data.ImageSet;

/**
 * The linear fully connected PC graph as an associative memory (thesis §4.2, which reports that it retrieves all 100
 * stored images from noisy keys of variance 0.2): 10 Fashion-MNIST images (784 neurons, 614,656 weights), every one
 * but at most one retrieved at the thesis' criteria from noisy and from half keys (measured: 9-10 and 10), the known
 * pixels of a half key kept exactly.
 */
class LinearGraphMemoryTest {

    @Test
    void tenStoredImagesAreRetrievedFromNoisyAndFromHalfKeys() {
        ImageSet set = (ImageSet) DataSources.load("fashion-sample", null, 1);
        INDArray images = set.train().getFeatures().get(NDArrayIndex.interval(0, 10), NDArrayIndex.all()).dup();
        LinearGraphMemory memory = new LinearGraphMemory(300, 1e-3, 600, 0.2, 7);
        memory.store(images);

        MemoryKey noise = MemoryKey.parse("noise:0.2");
        INDArray noisy = noise.keys(images, noise.known(images, 1, 28, 28), 3);
        MemoryExperiment.Score denoised = MemoryExperiment.score(memory.denoise(noisy).patterns(), images, noise.threshold());
        assertThat(denoised.retrieved()).as("noisy keys, MSE < 0.005 (mean %s)", denoised.meanMse()).isGreaterThanOrEqualTo(9);

        MemoryKey half = MemoryKey.parse("keep:0.5");
        INDArray known = half.known(images, 1, 28, 28);
        INDArray key = half.keys(images, known, 4);
        INDArray completed = memory.complete(key, known).patterns();
        MemoryExperiment.Score score = MemoryExperiment.score(completed, images, half.threshold());
        assertThat(score.retrieved()).as("half keys, MSE < 0.001 (mean %s)", score.meanMse()).isGreaterThanOrEqualTo(9);
        assertBitIdentical("the known half stays the key", completed.mul(known), key.mul(known).castTo(completed.dataType()));
    }
}
