package org.pc4j.app.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pc4j.testkit.NdAssertions.assertBitIdentical;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.pc4j.trainers.DivergenceException;
import org.pc4j.zoo.data.DataSources;
import org.pc4j.zoo.data.ImageSet;

/**
 * Fully connected PC graphs as associative memories. The linear one (thesis §4.2) (thesis §4.2, which reports that it retrieves all 100
 * stored images from noisy keys of variance 0.2): 10 Fashion-MNIST images (784 neurons, 614,656 weights), every one
 * but at most one retrieved at the thesis' criteria from noisy and from half keys (measured: 9-10 and 10), the known
 * pixels of a half key kept exactly. The nonlinear one (thesis §5.2.1, tanh, hidden neurons): stored images come back
 * from half keys; its shape is checked before any work.
 */
class GraphMemoryTest {

    @Test
    void theLinearMemoryRetrievesTenStoredImagesFromNoisyAndFromHalfKeys() {
        ImageSet set = (ImageSet) DataSources.load("fashion-sample", null, 1);
        INDArray images = set.train().getFeatures().get(NDArrayIndex.interval(0, 10), NDArrayIndex.all()).dup();
        GraphMemory memory = GraphMemory.linear(300, 1e-3, 600, 0.2, 7);
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

    @Test
    void theNonlinearGraphWithHiddenNeuronsCompletesStoredImagesFromHalfKeys() {
        ImageSet set = (ImageSet) DataSources.load("fashion-sample", null, 1);
        INDArray images = set.train().getFeatures().get(NDArrayIndex.interval(0, 10), NDArrayIndex.all()).dup();
        GraphMemory memory = GraphMemory.fullyConnected(850, 300, 1e-3, 2000, 0.1, 7);
        assertThat(memory.name()).isEqualTo("graph");
        assertThat(memory.description()).contains("850 neurons").contains("T = 5");
        memory.store(images);

        MemoryKey half = MemoryKey.parse("keep:0.5");
        INDArray known = half.known(images, 1, 28, 28);
        INDArray key = half.keys(images, known, 4);
        INDArray completed = memory.complete(key, known).patterns();
        assertThat(completed.shape()).as("the pixels only, not the hidden neurons").containsExactly(10, 784);
        MemoryExperiment.Score score = MemoryExperiment.score(completed, images, 0.005);
        assertThat(score.retrieved()).as("half keys, MSE < 0.005 (mean %s)", score.meanMse()).isGreaterThanOrEqualTo(9);
        assertBitIdentical("the known half stays the key", completed.mul(known), key.mul(known).castTo(completed.dataType()));
    }

    /**
     * The same stored graph recalled with plain steps and with Nesterov's momentum ({@link GraphMemory.RecallSteps#NESTEROV}):
     * both complete the half keys (the same fixed points, the recalled images within 0.001 of each other on average), the
     * accelerated recall in at most two thirds of the steps (measured: 155 against 310 on this small, barely stiff graph;
 * 538 against 5,528 on the 100-image memory of docs/results.md).
     */
    @Test
    void anAcceleratedRecallCompletesTheSameHalfKeysInAtMostTwoThirdsOfTheSteps() {
        ImageSet set = (ImageSet) DataSources.load("fashion-sample", null, 1);
        INDArray images = set.train().getFeatures().get(NDArrayIndex.interval(0, 10), NDArrayIndex.all()).dup();
        GraphMemory memory = GraphMemory.fullyConnected(850, 300, 1e-3, 20_000, 0.5, 7);
        memory.store(images);
        MemoryKey half = MemoryKey.parse("keep:0.5");
        INDArray known = half.known(images, 1, 28, 28);
        INDArray key = half.keys(images, known, 4);
        MemoryMethod.Recalled plain = memory.complete(key, known);
        assertThat(memory.recall(GraphMemory.RecallSteps.NESTEROV).description()).contains("accelerated (Nesterov");
        MemoryMethod.Recalled fast = memory.complete(key, known);
        MemoryExperiment.Score plainScore = MemoryExperiment.score(plain.patterns(), images, 0.005);
        MemoryExperiment.Score fastScore = MemoryExperiment.score(fast.patterns(), images, 0.005);
        assertThat(plainScore.retrieved()).as("plain, mean MSE %s", plainScore.meanMse()).isGreaterThanOrEqualTo(9);
        assertThat(fastScore.retrieved()).as("accelerated, mean MSE %s", fastScore.meanMse()).isGreaterThanOrEqualTo(plainScore.retrieved());
        double apart = fast.patterns().sub(plain.patterns()).norm2Number().doubleValue();
        assertThat(apart * apart / fast.patterns().length()).as("mean squared difference of the two recalls").isLessThan(1e-3);
        assertThat(fast.iterations()).as("accelerated %d steps, plain %d", fast.iterations(), plain.iterations())
                .isLessThanOrEqualTo(plain.iterations() * 2 / 3);
        MemoryMethod.Recalled auto = memory.recall(GraphMemory.RecallSteps.AUTO).complete(key, known);
        assertBitIdentical("AUTO completes as NESTEROV", auto.patterns(), fast.patterns());
    }

    @Test
    void autoAcceleratesCompletionAndKeepsPlainStepsForDenoising() {
        assertThat(GraphMemory.RecallSteps.AUTO.accelerates(false)).isTrue();
        assertThat(GraphMemory.RecallSteps.AUTO.accelerates(true)).isFalse();
        assertThat(GraphMemory.RecallSteps.NESTEROV.accelerates(true)).isTrue();
        assertThat(GraphMemory.RecallSteps.PLAIN.accelerates(false)).isFalse();
        assertThat(GraphMemory.fullyConnected(850, 1, 1e-3, 10, 0.5, 7).recall()).as("the API's default").isEqualTo(GraphMemory.RecallSteps.PLAIN);
        assertThatThrownBy(() -> GraphMemory.fullyConnected(850, 1, 1e-3, 10, 0.5, 7).recall(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aGraphWithFewerNeuronsThanPixelsIsRefusedAndRecallBeforeStoringIsAnError() {
        INDArray images = ((ImageSet) DataSources.load("fashion-sample", null, 1)).train().getFeatures()
                .get(NDArrayIndex.interval(0, 2), NDArrayIndex.all()).dup();
        GraphMemory small = GraphMemory.fullyConnected(500, 1, 1e-3, 10, 0.1, 7);
        assertThatThrownBy(() -> small.store(images)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("500 neurons");
        assertThatThrownBy(() -> small.denoise(images)).isInstanceOf(IllegalStateException.class).hasMessageContaining("store");
        assertThatThrownBy(() -> GraphMemory.fullyConnected(0, 1, 1e-3, 10, 0.1, 7)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GraphMemory.fullyConnected(900, 1, 1e-3, 10, 0, 7)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRecallAboveTheStableStepBacktracksAndDenoisesAndOneFarAboveItStopsWithAnErrorThatNamesTheRecallRate() {
        INDArray images = ((ImageSet) DataSources.load("fashion-sample", null, 1)).train().getFeatures()
                .get(NDArrayIndex.interval(0, 2), NDArrayIndex.all()).dup();
        MemoryKey noise = MemoryKey.parse("noise:0.04");
        INDArray noisy = noise.keys(images, noise.known(images, 1, 28, 28), 3);
        double keyMse = MemoryExperiment.score(noisy, images, noise.threshold()).meanMse();
        // a free pixel's own error alone overshoots by 1 - 5 at gamma 5: without the control this recall runs away
        GraphMemory memory = GraphMemory.linear(300, 1e-3, 400, 5.0, 7);
        memory.store(images);
        MemoryExperiment.Score denoised = MemoryExperiment.score(memory.denoise(noisy).patterns(), images, noise.threshold());
        assertThat(denoised.meanMse()).as("the recall lowers the key's error (%s)", keyMse).isLessThan(keyMse / 2);

        GraphMemory far = GraphMemory.linear(20, 1e-3, 200, 5e4, 7); // 1/1024 of it still overshoots
        far.store(images);
        assertThatThrownBy(() -> far.denoise(images)).isInstanceOf(DivergenceException.class)
                .hasMessageContaining("linear memory's recall diverged").hasMessageContaining("--graph-recall-rate");
    }

    /**
     * Storing keeps the lowest-energy epoch: the same graph trained by hand, epoch by epoch, gives the energies; the
     * memory reports the lowest as its store energy and holds the weights that epoch started from (bit for bit, read
     * back through a save), and with a patience of 2 it stops 2 epochs after that low. A memory saved and loaded back
     * recalls bit for bit what the stored one recalls; a graph with label neurons is not a memory and is refused.
     */
    @Test
    void storingKeepsTheLowestEnergyEpochAndASavedMemoryRecallsAsTheStoredOne(@org.junit.jupiter.api.io.TempDir
                                                                                 java.nio.file.Path tmp) throws Exception {
        INDArray images = ((ImageSet) DataSources.load("fashion-sample", null, 1)).train().getFeatures()
                .get(NDArrayIndex.interval(0, 4), NDArrayIndex.all()).dup();
        int epochs = 12;
        double lr = 0.05; // high enough that the relaxed energy rises again within a few epochs
        org.pc4j.trainers.graph.PcGraph byHand = new org.pc4j.trainers.graph.PcGraph(org.pc4j.trainers.graph.GraphConfig.builder(800, 784)
                .activation(org.nd4j.linalg.activations.Activation.TANH).trainSteps(5).updater(new org.nd4j.linalg.learning.config.Adam(lr))
                .inferenceRate(0.5).start(org.pc4j.trainers.graph.GraphConfig.ValueStart.RANDOM).startStd(0)
                .dataType(org.nd4j.linalg.api.buffer.DataType.FLOAT).seed(7).build(), org.pc4j.trainers.graph.GraphMask.fullyConnected(800));
        double[] energy = new double[epochs];
        INDArray[] before = new INDArray[epochs];
        int low = 0;
        for (int i = 0; i < epochs; i++) {
            before[i] = byHand.weights();
            double[] e = byHand.trainBatch(images.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT));
            energy[i] = e[5];
            low = energy[i] < energy[low] ? i : low;
        }
        assertThat(low).as("the fixture's energy rises after its low: %s", java.util.Arrays.toString(energy)).isLessThan(epochs - 3);

        GraphMemory memory = GraphMemory.fullyConnected(800, epochs, lr, 30, 0.1, 7).patience(1000);
        assertThat(memory.storeEnergy()).isEmpty();
        memory.store(images);
        assertThat(memory.storeEnergy()).hasValue(energy[low]);
        assertThat(memory.description()).contains("kept epoch " + low + " of " + epochs + " (all epochs run)");
        java.nio.file.Path keptFile = tmp.resolve("kept.zip");
        memory.save(keptFile);
        org.pc4j.trainers.graph.PcGraph kept = org.pc4j.trainers.graph.PcGraph.load(keptFile);
        assertBitIdentical("the weights the lowest epoch started from", kept.weights(), before[low]);
        assertThat(kept.iterations()).isEqualTo(low);

        GraphMemory patient = GraphMemory.fullyConnected(800, epochs, lr, 30, 0.1, 7).patience(2);
        patient.store(images);
        assertThat(patient.storeEnergy()).hasValue(energy[low]);
        assertThat(patient.description()).contains("kept epoch " + low + " of " + (low + 3) + " (no new low for 2 epochs)");

        java.nio.file.Path file = tmp.resolve("graph.zip");
        memory.save(file);
        GraphMemory loaded = GraphMemory.loaded(org.pc4j.trainers.graph.PcGraph.load(file), 30, 0.1, energy[low], file.toString());
        assertThat(loaded.name()).isEqualTo("graph");
        assertThat(loaded.storeEnergy()).hasValue(energy[low]);
        assertThat(loaded.description()).as("a loaded memory is described as stored, not with a storing budget it did not run")
                .contains("loaded from " + file).contains("one Adam 0.05 step")
                .doesNotContain("patience").doesNotContain("at most " + epochs);
        assertThat(memory.description()).contains("at most " + epochs + " storing epochs").contains("patience 1000");
        loaded.store(images); // checks the size only
        MemoryKey half = MemoryKey.parse("keep:0.5");
        INDArray known = half.known(images, 1, 28, 28);
        INDArray key = half.keys(images, known, 4);
        assertBitIdentical("the loaded memory's recall", loaded.complete(key, known).patterns(), memory.complete(key, known).patterns());
        assertThatThrownBy(() -> loaded.store(images.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 700))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("784 sensory neurons");

        org.pc4j.trainers.graph.PcGraph classifier = new org.pc4j.trainers.graph.PcGraph(org.pc4j.trainers.graph.GraphConfig.builder(800, 794)
                .labels(10).seed(7).build(), org.pc4j.trainers.graph.GraphMask.fullyConnected(800));
        assertThatThrownBy(() -> GraphMemory.loaded(classifier, 30, 0.1, Double.NaN, "x.zip"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a graph memory");
    }

    /**
     * The fixed-point diagnostic starts the recall at the stored image: with one value step of 1e-9 nothing moves, so
     * the recall from the stored image is the stored image and the ordinary recall is its start (the free pixels at
     * zero), on the nonlinear graph (hidden neurons settled first) and on the linear one (no hidden neurons).
     */
    @Test
    void theRecallFromTheStoredImageStartsAtTheStoredImage() {
        INDArray images = ((ImageSet) DataSources.load("fashion-sample", null, 1)).train().getFeatures()
                .get(NDArrayIndex.interval(0, 3), NDArrayIndex.all()).dup();
        MemoryKey half = MemoryKey.parse("keep:0.5");
        INDArray known = half.known(images, 1, 28, 28);
        INDArray key = half.keys(images, known, 4);
        INDArray free = known.rsub(1.0);
        for (GraphMemory memory : new GraphMemory[] {GraphMemory.fullyConnected(800, 3, 1e-3, 1, 1e-9, 7), GraphMemory.linear(3, 1e-3, 1, 1e-9, 7)}) {
            memory.store(images);
            assertThat(memory.startsAnywhere()).isTrue();
            MemoryMethod.Recalled fromStored = memory.completeFromStored(key, known, images);
            double off = fromStored.patterns().castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).sub(images).amaxNumber().doubleValue();
            assertThat(off).as(memory.name() + ": the recall from the stored image stays there").isLessThan(1e-6);
            INDArray plain = memory.complete(key, known).patterns().castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
            double freeOff = plain.mul(free).sub(images.mul(free)).amaxNumber().doubleValue();
            assertThat(freeOff).as(memory.name() + ": the ordinary recall's free pixels start elsewhere").isGreaterThan(0.3);
            assertThatThrownBy(() -> memory.completeFromStored(key, known, images.get(NDArrayIndex.interval(0, 2), NDArrayIndex.all())))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stored patterns must be [3, 784]");
        }
    }
}
