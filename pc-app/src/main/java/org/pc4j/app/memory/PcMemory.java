package org.pc4j.app.memory;

import java.util.function.Supplier;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.pc4j.trainers.PcListener;
import org.pc4j.trainers.generative.AssociativeMemory;
import org.pc4j.trainers.generative.MemoryConfig;
import org.pc4j.trainers.generative.Recall;

/**
 * The generative PC network as a {@link MemoryMethod}: a {@link org.pc4j.zoo.models.GenerativePcn} stored by
 * {@link AssociativeMemory#store} (Alg. 6) and recalled by {@link AssociativeMemory#complete} (Alg. 7) and
 * {@link AssociativeMemory#denoise} (the function F).
 */
public final class PcMemory implements MemoryMethod {

    private final Supplier<MultiLayerNetwork> network;
    private final MemoryConfig config;
    private final String description;
    private final PcListener[] listeners;
    private AssociativeMemory memory;

    /**
     * @param network   makes the untrained generative network (called once, when storing)
     * @param listeners see each store iteration (a progress bar)
     */
    public PcMemory(Supplier<MultiLayerNetwork> network, MemoryConfig config, String description, PcListener... listeners) {
        this.network = network;
        this.config = config;
        this.description = description;
        this.listeners = listeners.clone();
    }

    @Override
    public String name() {
        return "pc";
    }

    @Override
    public String description() {
        return description + "; store: iPC, at most " + config.storeSteps() + " iterations, gamma " + config.storeRate()
                + (config.storePrecision() != 1 ? ", hidden precision " + config.storePrecision() : "")
                + "; recall: at most " + config.recallSteps() + " steps of " + config.recallOptimizer() + ", gamma " + config.recallRate()
                + (config.recallPrecision() != 1 ? ", hidden precision " + config.recallPrecision() : "")
                + ", F at most " + config.denoiseIterations() + " times";
    }

    @Override
    public void store(INDArray patterns) {
        memory = new AssociativeMemory(network.get(), config);
        memory.listeners(listeners).store(patterns);
    }

    /** @return the memory, once stored */
    public AssociativeMemory memory() {
        if (memory == null) {
            throw new IllegalStateException("store patterns before recalling");
        }
        return memory;
    }

    @Override
    public Recalled complete(INDArray key, INDArray known) {
        Recall r = memory().complete(key, known);
        return new Recalled(r.patterns(), r.steps());
    }

    @Override
    public Recalled denoise(INDArray key) {
        Recall r = memory().denoise(key);
        return new Recalled(r.patterns(), r.steps());
    }
}
