package org.pc4j.app.memory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.function.Supplier;
import org.deeplearning4j.util.ModelSerializer;
import org.pc4j.trainers.io.AtomicFiles;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.pc4j.trainers.generative.AssociativeMemory;
import org.pc4j.trainers.generative.MemoryConfig;
import org.pc4j.trainers.generative.Recall;
import org.pc4j.trainers.generative.StoreResult;

/**
 * The generative PC network as a {@link MemoryMethod}: a {@link org.pc4j.zoo.models.GenerativePcn} stored by
 * {@link AssociativeMemory#store} (Alg. 6, by inference learning) and recalled by {@link AssociativeMemory#complete} (Alg. 7) and
 * {@link AssociativeMemory#denoise} (the function F).
 */
public final class PcMemory implements MemoryMethod {

    private final Supplier<MultiLayerNetwork> network;
    private final MemoryConfig config;
    private final String description;
    private final StoreProgress progress;
    private AssociativeMemory memory;
    private StoreResult stored;
    private double loadedEnergy = Double.NaN;
    private boolean fromFile;

    /**
     * @param network   makes the untrained generative network (called once, when storing)
     * @param progress  shows storing's progress, or null
     */
    public PcMemory(Supplier<MultiLayerNetwork> network, MemoryConfig config, String description, StoreProgress progress) {
        this.network = network;
        this.config = config;
        this.description = description;
        this.progress = progress;
    }

    /**
     * A memory stored before and saved ({@link #save}): {@link #store} then only checks the patterns' size and recalls
     * use {@code config}'s recall options (its storing options are not used).
     *
     * @param network     the stored network, as {@code ModelSerializer} restored it
     * @param storeEnergy its store energy when saved (NaN if not known)
     * @param description what it is and where it was loaded from
     * @throws IllegalArgumentException if it is not a generative network pc4j can recall from
     */
    public static PcMemory loaded(MultiLayerNetwork network, MemoryConfig config, double storeEnergy, String description) {
        PcMemory m = new PcMemory(() -> network, config, description, null);
        m.memory = new AssociativeMemory(network, config);
        m.loadedEnergy = storeEnergy;
        m.fromFile = true;
        return m;
    }

    @Override
    public String name() {
        return "pc";
    }

    @Override
    public String description() {
        if (fromFile) {
            return description + "; recall: " + config.recallSteps() + " steps of " + config.recallOptimizer() + ", gamma " + config.recallRate()
                    + ", hidden precision " + config.hiddenPrecision() + ", latent prior " + config.latentPrecision() + ", F at most "
                    + config.denoiseIterations() + " times";
        }
        return description + "; store: inference learning, at most " + config.storeEpochs() + " epochs of " + config.storeSteps()
                + " value steps at gamma " + config.storeRate() + " and one weight step, patience " + config.storePatience()
                + " from " + (config.start() instanceof org.pc4j.trainers.ValueInit.Zero ? "zero" : "the forward pass")
                + "; precisions: latent prior " + config.latentPrecision() + ", hidden " + config.hiddenPrecision() + ", sensory 2 (L2)"
                + "; recall: " + config.recallSteps() + " steps of " + config.recallOptimizer() + ", gamma " + config.recallRate()
                + ", F at most " + config.denoiseIterations() + " times";
    }

    /**
     * Stores the patterns ({@link AssociativeMemory#store}); a loaded memory ({@link #loaded}) only checks their size.
     *
     * @throws IllegalArgumentException if a loaded network's sensory layer does not have one unit per value
     */
    @Override
    public void store(INDArray patterns) {
        if (fromFile) {
            if (memory.patternSize() != patterns.size(1)) {
                throw new IllegalArgumentException("the loaded PC network's sensory layer has " + memory.patternSize() + " units; the "
                        + "patterns have " + patterns.size(1) + " values");
            }
            return;
        }
        memory = new AssociativeMemory(network.get(), config);
        if (progress != null) {
            memory.listeners(progress);
            progress.start(config.storeEpochs());
        }
        stored = memory.store(patterns);
        if (progress != null) {
            progress.finish(stored, config.storePatience());
        }
    }

    /** @return the memory, once stored */
    public AssociativeMemory memory() {
        if (memory == null) {
            throw new IllegalStateException("store patterns before recalling");
        }
        return memory;
    }

    /** @return what storing did, once stored */
    public StoreResult stored() {
        memory();
        return stored;
    }

    /** @return the kept epoch's relaxed energy (summed over the patterns), or the saved one of a loaded memory */
    @Override
    public OptionalDouble storeEnergy() {
        if (stored != null) {
            return OptionalDouble.of(stored.bestEnergy());
        }
        return Double.isNaN(loadedEnergy) ? OptionalDouble.empty() : OptionalDouble.of(loadedEnergy);
    }

    @Override
    public boolean saves() {
        return true;
    }

    /**
     * Writes the stored network with DL4J's {@code ModelSerializer} (configuration, parameters, the updater's state),
     * atomically: an ordinary DL4J model file.
     */
    @Override
    public void save(Path file) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(memory().network(), bytes, true);
        AtomicFiles.write(file, bytes::writeTo);
    }

    @Override
    public Recalled complete(INDArray key, INDArray known) {
        Recall r = memory().complete(key, known);
        return new Recalled(r.patterns(), r.steps());
    }

    @Override
    public boolean startsAnywhere() {
        return true;
    }

    @Override
    public Recalled completeFromStored(INDArray key, INDArray known, INDArray stored) {
        Recall r = memory().completeFromStored(key, known, stored);
        return new Recalled(r.patterns(), r.steps());
    }

    @Override
    public Recalled denoise(INDArray key) {
        Recall r = memory().denoise(key);
        return new Recalled(r.patterns(), r.steps());
    }
}
