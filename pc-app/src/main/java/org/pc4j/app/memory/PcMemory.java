package org.pc4j.app.memory;

import java.util.function.Supplier;
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

    @Override
    public String name() {
        return "pc";
    }

    @Override
    public String description() {
        return description + "; store: inference learning, at most " + config.storeEpochs() + " epochs of " + config.storeSteps()
                + " value steps at gamma " + config.storeRate() + " and one weight step, patience " + config.storePatience()
                + " from " + (config.start() instanceof org.pc4j.trainers.ValueInit.Zero ? "zero" : "the forward pass")
                + "; precisions: latent prior " + config.latentPrecision() + ", hidden " + config.hiddenPrecision() + ", sensory 2 (L2)"
                + "; recall: " + config.recallSteps() + " steps of " + config.recallOptimizer() + ", gamma " + config.recallRate()
                + ", F at most " + config.denoiseIterations() + " times";
    }

    @Override
    public void store(INDArray patterns) {
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
