package org.pc4j.trainers.generative;

import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.pc4j.layers.energy.PrecisionWeightedEnergy;
import org.pc4j.trainers.BatchResult;
import org.pc4j.trainers.Inference;
import org.pc4j.trainers.PcListener;
import org.pc4j.trainers.PcSession;
import org.pc4j.trainers.PcTrainer;
import org.pc4j.trainers.PcTrainerBuilder;
import org.pc4j.trainers.Schedule;

/**
 * A generative PC network used as an associative memory (Salvatori's thesis, ch. 4): patterns of {@code d} values
 * are stored in the weights and the prior of a network whose first layer is a memory layer
 * ({@link GenerativeNetworks#memoryLayer}) and whose output layer has {@code d} units (the sensory layer), and
 * recalled from keys by inference alone.
 *
 * <ul>
 * <li>{@link #store} (Alg. 6, by inference learning): the sensory nodes clamped to all N patterns as one batch; each
 * epoch the value nodes restart from one fixed state ({@link MemoryConfig#start}, by default 0), relax for T steps,
 * and every weight (the prior {@code b} included) takes one step: the engine's PC(T) schedule, epoch after epoch, keeping the lowest-energy
 * state ({@link MemoryConfig}).</li>
 * <li>{@link #complete} (Alg. 7): the known values of a partial key clamped, the unknown sensory nodes free; from the
 * same start as storing, inference with the weights frozen; the sensory value nodes are the recall.</li>
 * <li>{@link #completeFromStored} (a diagnostic of capacity): {@link #complete} started at the stored pattern, relaxed
 * with all of it clamped, to tell a pattern that is not a fixed point of its own recall from one the recall's search
 * misses.</li>
 * <li>{@link #denoise} (the function F of §4.3): the whole corrupted key clamped, inference, the key replaced by the
 * sensory prediction {@code mu}; repeated until the key stops changing.</li>
 * </ul>
 *
 * <p>The unknown sensory nodes of a partial key are freed through DL4J's per-output labels mask: a masked output has
 * error zero, i.e. its value node sits at its prediction, which is the minimum of its only energy term, so the engine
 * relaxes those nodes exactly at every step instead of by gradient steps towards the same point. Hetero-association
 * is the same call: put the two modalities side by side in the pattern and mark one as known.
 *
 * <p>Recall never changes the network: parameters, updater state and counters stay bit-identical. One thread.
 */
public final class AssociativeMemory {

    private final MultiLayerNetwork net;
    private final MemoryConfig config;
    private final int size;
    private List<PcListener> listeners = List.of();

    /**
     * @throws IllegalArgumentException if the network does not start with a memory layer, does not end with an output
     *                                  layer, or pc4j cannot train it
     */
    public AssociativeMemory(MultiLayerNetwork net, MemoryConfig config) {
        GenerativeNetworks.requireMemoryLayer(net);
        if (net.getnLayers() < 2) {
            throw new IllegalArgumentException("A generative network needs a memory layer and a sensory output layer");
        }
        int last = net.getnLayers() - 1;
        Layer out = net.getLayerWiseConfigurations().getConf(last).getLayer();
        if (!(out instanceof BaseOutputLayer o)) {
            throw new IllegalArgumentException("The sensory layer (the network's last) must be an output layer, whose loss is the "
                    + "sensory energy; it is " + out.getClass().getSimpleName());
        }
        this.net = net;
        this.config = config;
        this.size = (int) o.getNOut();
        List<String> problems = trainer(Schedule.pc(config.storeSteps()), config.storeRate(), new PcListener[0]).build().check(net);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("pc4j cannot train this network: " + String.join("; ", problems));
        }
    }

    /** @return d, the number of values in a pattern (the sensory layer's width) */
    public int patternSize() {
        return size;
    }

    /** @return the configuration */
    public MemoryConfig config() {
        return config;
    }

    /** @return the network holding the memories */
    public MultiLayerNetwork network() {
        return net;
    }

    /**
     * Sets the listeners that see every storing iteration of the calls to {@link #store} that follow, replacing any
     * set before ({@code listeners()} with none removes them): as a trainer's builder takes them
     * ({@code PcTrainer.builder().listeners(...)}), here on the memory, which trains itself.
     *
     * @return this memory
     */
    public AssociativeMemory listeners(PcListener... listeners) {
        List<PcListener> ls = new java.util.ArrayList<>();
        for (PcListener l : listeners) {
            ls.add(java.util.Objects.requireNonNull(l, "listener"));
        }
        this.listeners = List.copyOf(ls);
        return this;
    }

    /**
     * Stores the patterns by inference learning (Alg. 6 as the thesis' experiments run it): each epoch the value nodes
     * restart from {@link MemoryConfig#start}, {@link MemoryConfig#storeSteps} value steps relax the energy with
     * the sensory nodes clamped to all N patterns, then the network's updater takes one weight step: one full-batch
     * step of the engine's PC(T) schedule per epoch. Storing stops after {@link MemoryConfig#storeEpochs} epochs, or
     * once the relaxed energy has reached no new low for {@link MemoryConfig#storePatience} epochs; the network is left
     * with the parameters and updater state of the lowest-energy epoch. Calling it again continues from there.
     *
     * <p>The {@link #listeners(PcListener...) listeners} see each value step ({@link PcListener#onInferenceStep}) and
     * each epoch's end ({@link PcListener#onBatchEnd}, whose energies are that epoch's): a progress bar, an energy plot.
     *
     * @param patterns  {@code [N, d]}, finite
     * @throws IllegalArgumentException if the patterns are not {@code [N, d]}
     * @throws org.pc4j.trainers.InvalidBatchException if they hold NaN or infinite values; nothing changes
     * @throws org.pc4j.trainers.DivergenceException   if the first epoch diverges (lower the store rate or the learning
     *                                                 rate); nothing changes. A later divergence ends storing with
     *                                                 {@link StoreResult.Stop#DIVERGED} and the best state kept
     */
    public StoreResult store(INDArray patterns) {
        requirePatterns("patterns", patterns);
        long start = System.nanoTime();
        PcTrainer trainer = storeTrainer();
        DataSet batch = new DataSet(ones(patterns), patterns.castTo(dataType()));
        BestState state = new BestState(net);
        StoreResult result;
        try (PcSession session = trainer.open(net, true)) {
            result = StoringEpochs.run(config.storeEpochs(), config.storePatience(), start, state::snapshot, () -> {
                BatchResult r = session.fit(batch);
                return r.totalEnergy(r.steps() - 1);
            }, state::keep);
        }
        state.restore();
        return result;
    }

    /** @return the trainer of one storing epoch: PC(T) at the store rate, with the memory's energy */
    PcTrainer storeTrainer() {
        return withEnergy(trainer(Schedule.pc(config.storeSteps()), config.storeRate(), listeners.toArray(new PcListener[0]))
                .valueInit(config.start())).build();
    }

    /**
     * Recalls from partial keys (Alg. 7): the values where {@code known} is 1 stay exactly as in {@code key}; the others
     * are free sensory nodes, read after inference with the weights frozen.
     *
     * @param key   {@code [keys, d]}, finite where known (the unknown values are ignored, NaN included)
     * @param known {@code [keys, d]} of 0 and 1
     * @throws IllegalArgumentException if the shapes differ, the mask is not 0/1, or every value is known
     * @throws org.pc4j.trainers.InvalidBatchException if the key holds NaN or infinite values where known; nothing changes
     */
    public Recall complete(INDArray key, INDArray known) {
        return complete(key, known, null);
    }

    /**
     * A diagnostic of capacity: {@link #complete} started at the stored pattern instead of at {@link MemoryConfig#start}.
     * First the whole {@code stored} pattern is clamped and the value nodes relax from the start (as a storing epoch
     * relaxes them, for at most {@link MemoryConfig#recallSteps} steps); then the unknown values are freed and the
     * recall continues from that state with the key's known values clamped. A recall that stays at {@code stored} means
     * the pattern is a fixed point of its own recall; one that leaves it means the energy, given the key, prefers another
     * completion near it (a limit of what is stored, not of the search). Where {@link #complete} misses a pattern that
     * this keeps, the search from the start is what fails.
     *
     * @param key    {@code [keys, d]}, as for {@link #complete}
     * @param known  {@code [keys, d]} of 0 and 1
     * @param stored {@code [keys, d]}, finite: the pattern each key belongs to
     * @throws IllegalArgumentException as {@link #complete}, or if {@code stored} is not shaped like the key
     */
    public Recall completeFromStored(INDArray key, INDArray known, INDArray stored) {
        requirePatterns("stored patterns", stored);
        if (key == null || !Arrays.equals(key.shape(), stored.shape())) {
            throw new IllegalArgumentException("The stored patterns must be shaped like the keys " + (key == null ? "null" : Arrays.toString(key.shape()))
                    + ", got " + Arrays.toString(stored.shape()));
        }
        return complete(key, known, stored.castTo(dataType()));
    }

    /** {@link #complete}, from the state relaxed with {@code stored} clamped where it is not null. */
    private Recall complete(INDArray key, INDArray known, INDArray stored) {
        requirePatterns("key", key);
        if (!Arrays.equals(key.shape(), known.shape())) {
            throw new IllegalArgumentException("The mask of known values must be shaped like the key " + Arrays.toString(key.shape())
                    + ", got " + Arrays.toString(known.shape()));
        }
        INDArray mask = known.castTo(dataType());
        // m (1 - m) is 0 exactly where m is 0 or 1 (and NaN where m is)
        if (!(mask.mul(mask.rsub(1.0)).amaxNumber().doubleValue() == 0)) {
            throw new IllegalArgumentException("The mask of known values must hold only 0 (free) and 1 (known)");
        }
        double ones = mask.sumNumber().doubleValue();
        if (ones == mask.length()) {
            throw new IllegalArgumentException("Every value of every key is marked known: there is nothing to recall "
                    + "(for a corrupted whole key use denoise)");
        }
        // dup: castTo returns the caller's key itself at the same type. The unknown values never reach the energy: they
        // are set to 0 (not multiplied by it, which would keep a NaN there)
        INDArray clamped = key.castTo(dataType()).dup();
        INDArray nonFinite = clamped.isNaN().castTo(dataType()).addi(clamped.isInfinite().castTo(dataType()));
        if (nonFinite.mul(mask).sumNumber().doubleValue() > 0) {
            throw new org.pc4j.trainers.InvalidBatchException("The key holds NaN or infinite values where the mask says known; "
                    + "only unknown values are ignored");
        }
        org.nd4j.linalg.indexing.BooleanIndexing.replaceWhere(clamped, 0.0, org.nd4j.linalg.indexing.conditions.Conditions.isNan());
        org.nd4j.linalg.indexing.BooleanIndexing.replaceWhere(clamped, 0.0, org.nd4j.linalg.indexing.conditions.Conditions.isInfinite());
        clamped.muli(mask);
        Inference inference;
        try (PcSession session = recallTrainer().open(net, false)) {
            DataSet partial = new DataSet(ones(key), clamped, null, mask);
            if (stored == null) {
                inference = session.infer(partial, config.recallSteps() + 1, config.recallTolerance());
            } else {
                Inference whole = session.infer(new DataSet(ones(key), stored), config.recallSteps() + 1, config.recallTolerance());
                inference = session.infer(partial, config.recallSteps() + 1, config.recallTolerance(), whole);
            }
        }
        INDArray mu = inference.predictions().get(0);
        INDArray patterns = clamped.add(mu.mul(mask.rsub(1.0)));
        return new Recall(patterns, inference.values().get(0), 1, inference.steps());
    }

    /**
     * Recalls from corrupted keys by iterating F: clamp the key, infer with the weights frozen, replace the key by
     * the sensory prediction {@code mu}; until no value moves by more than {@link MemoryConfig#denoiseTolerance} or
     * {@link MemoryConfig#denoiseIterations} iterations.
     *
     * @param key {@code [keys, d]}, finite
     */
    public Recall denoise(INDArray key) {
        requirePatterns("key", key);
        INDArray current = key.castTo(dataType()).dup();
        Inference inference = null;
        int iterations = 0;
        int steps = 0;
        try (PcSession session = recallTrainer().open(net, false)) {
            while (iterations < config.denoiseIterations()) {
                inference = session.infer(new DataSet(ones(current), current), config.recallSteps() + 1, config.recallTolerance());
                INDArray next = inference.predictions().get(0);
                iterations++;
                steps += inference.steps();
                double change = Transforms.abs(next.sub(current)).maxNumber().doubleValue();
                current = next;
                if (change <= config.denoiseTolerance()) {
                    break;
                }
            }
        }
        return new Recall(current, inference.values().get(0), iterations, steps);
    }

    private void requirePatterns(String what, INDArray a) {
        if (a == null || a.rank() != 2 || a.size(1) != size || a.size(0) < 1) {
            throw new IllegalArgumentException("The " + what + " must be [N >= 1, " + size + "] (the sensory layer's width), got "
                    + (a == null ? "null" : Arrays.toString(a.shape())));
        }
    }

    private INDArray ones(INDArray like) {
        return Nd4j.ones(dataType(), like.size(0), 1);
    }

    /** @return the network's data type, which keys are cast to */
    private org.nd4j.linalg.api.buffer.DataType dataType() {
        return net.params().dataType();
    }

    private PcTrainer recallTrainer() {
        PcTrainerBuilder b = trainer(Schedule.pc(config.recallSteps()), config.recallRate(), new PcListener[0])
                .valueOptimizer(config.recallOptimizer()).valueInit(config.start());
        return withEnergy(b).build();
    }

    /**
     * Gives the memory layer's latents the prior's precision and every hidden node (the layers between the memory
     * layer and the sensory output) the hidden precision, where they are not 1 (the engine's default energy).
     */
    private PcTrainerBuilder withEnergy(PcTrainerBuilder b) {
        if (config.latentPrecision() != 1) {
            b.energy("layer0", PrecisionWeightedEnergy.fixedPrecision(config.latentPrecision()));
        }
        if (config.hiddenPrecision() != 1) {
            for (int i = 1; i < net.getnLayers() - 1; i++) {
                b.energy("layer" + i, PrecisionWeightedEnergy.fixedPrecision(config.hiddenPrecision()));
            }
        }
        return b;
    }

    private static PcTrainerBuilder trainer(Schedule schedule, double gamma, PcListener[] listeners) {
        return PcTrainer.builder().schedule(schedule).inferenceRate(gamma).inferenceRateControl(true).listeners(listeners);
    }
}
