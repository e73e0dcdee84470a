package org.pc4j.trainers.graph;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.pc4j.trainers.DivergenceException;
import org.pc4j.trainers.KernelPath;
import org.pc4j.trainers.kernel.Finite;

/**
 * Predictive coding on a graph of any topology (Salvatori et al., "Learning on arbitrary graph topologies via predictive
 * coding", NeurIPS 2022, arXiv:2201.13180; the thesis' ch. 5, Alg. 8): n neurons, the first d sensory; weights
 * {@code W} ({@code [n, n]}, {@code W_ij} the weight of {@code j -> i}) under a binary {@link GraphMask}; energy and
 * gradients as {@link GraphEnergy} states them.
 *
 * <p><b>Training</b> ({@link #trainBatch}, Alg. 8): the sensory neurons are clamped to the data (pixels, then the
 * label one-hot if {@link GraphConfig#labels} > 0), the others start as {@link GraphConfig#start} says; T value steps
 * {@code x <- x - gamma dE/dx} on the free neurons (a step that raises the energy is taken back and gamma halved,
 * {@link GraphConfig#inferenceRateControl}); then one weight step: the gradient {@code dE/dW} at the final
 * state, plus {@code lambda W}, through the configured DL4J updater. Masked weights are zero and stay exactly zero.
 *
 * <p><b>Queries</b> ({@link #query}): weights fixed; neurons conditioned or initialised as the {@link GraphQuery}
 * says. Values live in one {@code [B, n]} array updated in place; each step is two matrix products.
 *
 * <p>Random starts are drawn from the config's seed and the batch's index (training) or the seed alone (queries), so a
 * saved and loaded graph continues exactly as the original would, and a query asked twice gets the same answer.
 *
 * <p>Not thread-safe: one graph trains or answers one batch at a time.
 */
public final class PcGraph {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PcGraph.class);

    private final GraphConfig config;
    private final GraphMask mask;
    private final INDArray maskArray;
    private final INDArray weights;
    private final INDArray updaterState;
    private final GradientUpdater<?> updater;
    private final GraphEnergy energy;
    /** dE/dW of the last batch, {@code [n, n]}, detached: written in place by every batch. */
    private final INDArray gradient;
    /** Whether the value steps run on the kernel path ({@link GraphKernel}). */
    private final boolean kernel;
    /** The kernel's buffers for the last batch size, or null. */
    private GraphKernel kernelBuffers;
    private final Random random;
    private int iteration;
    private List<GraphListener> listeners = List.of();
    private boolean halvingLogged;
    private long halvings;

    /**
     * A graph with weights drawn from {@code N(0, 1 / fan-in)} on its edges (zero elsewhere), seeded by the config.
     *
     * @throws IllegalArgumentException if the mask's size is not the config's, or it has self-loops the config forbids
     */
    public PcGraph(GraphConfig config, GraphMask mask) {
        this(config, mask, null, null, 0);
    }

    /**
     * A graph with the given weights (for importing weights or comparing with another model).
     *
     * @param weights {@code [n, n]}; must be zero wherever the mask is
     * @throws IllegalArgumentException if the shape is wrong, a masked weight is not zero, or a weight is not finite
     */
    public static PcGraph withWeights(GraphConfig config, GraphMask mask, INDArray weights) {
        return new PcGraph(config, mask, weights, null, 0);
    }

    private PcGraph(GraphConfig config, GraphMask mask, INDArray weights, INDArray state, int iteration) {
        requireFits(config.neurons(), config.updater(), config.dataType());
        if (mask.neurons() != config.neurons()) {
            throw new IllegalArgumentException("the mask has " + mask.neurons() + " neurons, the configuration " + config.neurons());
        }
        if (mask.hasSelfLoops() && !config.selfLoops()) {
            throw new IllegalArgumentException("the mask has self-loops (a neuron predicting itself), which the configuration "
                    + "forbids: use mask.withoutSelfLoops(), or selfLoops(true) to allow them");
        }
        this.config = config;
        this.mask = mask;
        DataType type = config.dataType();
        int n = config.neurons();
        this.maskArray = mask.toArray(type);
        this.random = Nd4j.getRandomFactory().getNewRandomInstance(config.seed());
        if (weights == null) {
            INDArray fanIn = Transforms.max(maskArray.sum(true, 1), 1.0, false);
            INDArray std = Transforms.pow(fanIn, -0.5, false);
            this.weights = Nd4j.randn(Nd4j.create(type, n, n), random).muliColumnVector(std).muli(maskArray);
        } else {
            if (weights.rank() != 2 || weights.size(0) != n || weights.size(1) != n) {
                throw new IllegalArgumentException("weights must be [" + n + ", " + n + "], got " + Arrays.toString(weights.shape()));
            }
            INDArray w = weights.castTo(type).dup();
            if (w.isNaN().any() || w.isInfinite().any()) {
                throw new IllegalArgumentException("the weights hold NaN or infinite entries");
            }
            if (w.mul(maskArray.rsub(1.0)).amaxNumber().doubleValue() != 0) {
                throw new IllegalArgumentException("a weight is non-zero where the mask has no edge");
            }
            this.weights = w;
        }
        long stateSize = config.updater().stateSize((long) n * n);
        this.updaterState = stateSize == 0 ? null : state != null ? state.castTo(type).dup() : Nd4j.zeros(type, 1, stateSize);
        if (updaterState != null && updaterState.length() != stateSize) {
            throw new IllegalArgumentException("the updater state has " + updaterState.length() + " entries, the updater needs " + stateSize);
        }
        this.updater = config.updater().instantiate(updaterState, state == null);
        this.energy = new GraphEnergy(config.form(), config.activation().getActivationFunction(),
                config.precision() == null ? null : Nd4j.createFromArray(config.precision()).castTo(type).reshape(1, n), config.topK());
        this.iteration = iteration;
        String reason = GraphKernel.unsupported(config);
        if (config.kernelPath() == KernelPath.KERNEL && reason != null) {
            throw new IllegalArgumentException("the kernel path (KernelPath.KERNEL) cannot run this graph: " + reason
                    + "; use KernelPath.AUTO or GENERAL");
        }
        this.kernel = config.kernelPath() != KernelPath.GENERAL && reason == null;
        try (MemoryWorkspace out = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            this.gradient = Nd4j.create(type, n, n);
        }
    }

    /**
     * Checks that a graph of {@code neurons} neurons can be allocated before anything is: its {@code [n, n]} arrays
     * (weights, mask, the weight gradient and its temporaries: about four) and the updater's state, against the
     * off-heap memory this JVM allows ND4J ({@code -Dorg.bytedeco.javacpp.maxphysicalbytes}).
     *
     * @throws IllegalArgumentException with the size it would need, if it does not fit
     */
    public static void requireFits(long neurons, org.nd4j.linalg.learning.config.IUpdater updater, DataType type) {
        double cells = (double) neurons * neurons;
        double state = updater == null ? 0 : updater.stateSize(1);
        double bytes = cells * (4 + state) * type.width();
        long limit = org.bytedeco.javacpp.Pointer.maxPhysicalBytes();
        if (limit <= 0) {
            limit = org.bytedeco.javacpp.Pointer.totalPhysicalBytes();
        }
        if (cells > Long.MAX_VALUE / 8 || bytes > limit) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "a graph of %,d neurons needs about %.1f GB for its "
                    + "[n, n] weights, mask, gradient and %s state; this JVM lets ND4J use %.1f GB "
                    + "(-Dorg.bytedeco.javacpp.maxphysicalbytes): choose fewer neurons", neurons, bytes / 1e9,
                    updater == null ? "updater" : updater.getClass().getSimpleName(), limit / 1e9));
        }
    }

    /** @return the configuration */
    public GraphConfig config() {
        return config;
    }

    /** @return the edges */
    public GraphMask mask() {
        return mask;
    }

    /** @return a copy of the weights, {@code [n, n]} */
    public INDArray weights() {
        return weights.dup();
    }

    /**
     * @return whether value steps run on the kernel path ({@link GraphConfig#kernelPath}: buffers allocated once per
     *         batch size, BLAS called directly), not the general path of ND4J operations
     */
    public boolean usesKernelPath() {
        return kernel;
    }

    /**
     * A copy of a graph's trainable state: its weights, its updater's state and its batch counter (which seeds each
     * batch's value start). Made by {@link #newState} with buffers of the graph's shapes, filled by {@link #snapshot}
     * and put back by {@link #restore}, both in place: a storing loop that keeps its lowest-energy epoch (as
     * {@code AssociativeMemory} does for layered networks) holds two and swaps them, one copy per epoch, no allocation.
     */
    public static final class State {
        private final INDArray weights;
        private final INDArray updaterState;
        private int iteration = -1;

        private State(INDArray weights, INDArray updaterState) {
            this.weights = weights;
            this.updaterState = updaterState;
        }

        /** @return whether a snapshot was taken into it */
        public boolean filled() {
            return iteration >= 0;
        }

        /** @return the batch counter at the snapshot ({@link #iterations}), -1 before one */
        public int iteration() {
            return iteration;
        }
    }

    /** @return empty buffers for this graph's state (weights, updater state, counter) */
    public State newState() {
        return new State(weights.ulike(), updaterState == null ? null : updaterState.ulike());
    }

    /**
     * Copies this graph's weights, updater state and batch counter into {@code into}.
     *
     * @throws IllegalArgumentException if {@code into} was made by a graph of other shapes
     */
    public void snapshot(State into) {
        requireShapes(into);
        into.weights.assign(weights);
        if (updaterState != null) {
            into.updaterState.assign(updaterState);
        }
        into.iteration = iteration;
    }

    /**
     * Puts a snapshot back: the weights, the updater's state and the batch counter become exactly what they were.
     *
     * @throws IllegalArgumentException if {@code from} is empty or was made by a graph of other shapes
     */
    public void restore(State from) {
        requireShapes(from);
        if (!from.filled()) {
            throw new IllegalArgumentException("the state holds no snapshot: take one with snapshot(state) first");
        }
        weights.assign(from.weights);
        if (updaterState != null) {
            updaterState.assign(from.updaterState);
        }
        iteration = from.iteration;
    }

    private void requireShapes(State s) {
        if (!Arrays.equals(s.weights.shape(), weights.shape()) || s.weights.dataType() != weights.dataType()
                || (s.updaterState == null) != (updaterState == null)
                || updaterState != null && s.updaterState.length() != updaterState.length()) {
            throw new IllegalArgumentException("the state was made by a graph of other shapes (" + Arrays.toString(s.weights.shape())
                    + " weights); make it with this graph's newState()");
        }
    }

    /** @return the weight updates made so far */
    public int iterations() {
        return iteration;
    }

    /**
     * @return the value steps this graph object has taken back and retaken at half the rate
     *         ({@link GraphConfig#inferenceRateControl}), in training batches and queries, since it was made or loaded
     */
    public long halvings() {
        return halvings;
    }

    /**
     * Sets the listeners that see every value step ({@link GraphListener#onStep}) and every training batch's end
     * ({@link GraphListener#onBatchEnd}) of the calls that follow, replacing any set before ({@code listeners()} with none removes them): as a trainer's builder
     * takes them ({@code PcTrainer.builder().listeners(...)}), here on the graph, which trains itself.
     *
     * @return this graph
     */
    public PcGraph listeners(GraphListener... listeners) {
        List<GraphListener> ls = new ArrayList<>();
        for (GraphListener l : listeners) {
            ls.add(Objects.requireNonNull(l, "listener"));
        }
        this.listeners = List.copyOf(ls);
        return this;
    }

    /**
     * One training batch (Alg. 8).
     *
     * @param sensory {@code [B, d]}: each example's sensory values (pixels, then the label one-hot)
     * @return E before each of the T value moves and at the final state
     * @throws IllegalArgumentException if the shape is wrong or the data holds NaN
     * @throws DivergenceException      if the energy becomes NaN or infinite; the weights are then unchanged
     */
    public double[] trainBatch(INDArray sensory) {
        int d = config.sensory();
        if (sensory.rank() != 2 || sensory.size(1) != d || sensory.size(0) < 1) {
            throw new IllegalArgumentException("a training batch is [B, " + d + "] (the sensory neurons), got " + Arrays.toString(sensory.shape()));
        }
        int steps = config.trainSteps();
        double[] energies = new double[steps + 1];
        try (MemoryWorkspace batchScope = Nd4j.getWorkspaceManager().getAndActivateWorkspace(STEP, "PC_GRAPH_BATCH")) {
            requireFinite(sensory, "the training batch");
            int b = (int) sensory.size(0);
            INDArray clamped = Nd4j.zeros(config.dataType(), b, config.neurons());
            clamped.get(NDArrayIndex.all(), NDArrayIndex.interval(0, d)).assign(1);
            INDArray x = Nd4j.zeros(config.dataType(), b, config.neurons());
            x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, d)).assign(sensory.castTo(config.dataType()));
            random.setSeed(config.seed() * 1_000_003L + iteration); // a batch's start depends on the seed and the batch only
            start(x, clamped, Nd4j.zerosLike(clamped));
            INDArray free = clamped.rsub(1.0);
            ValueSteps values = valueSteps(x, free, false);
            for (int t = 0; t <= steps; t++) {
                try (MemoryWorkspace ws = scope()) {
                    double e = values.energy();
                    if (t > 0 && values.retake(energies[t - 1], e)) {
                        halved("training batch " + iteration, t, energies[t - 1], e, values.rate());
                        t--; // the step is retaken at half the rate
                        continue;
                    }
                    energies[t] = e;
                    if (!Double.isFinite(energies[t])) {
                        throw new DivergenceException(String.format(Locale.ROOT, "the graph's energy became %s at value step %d of "
                                + "training batch %d; the weights are as before the batch. Lower the inference rate (now %s) or the "
                                + "learning rate", energies[t], t, iteration, values.rate()), t);
                    }
                    notify(listeners, new GraphStep(t, energies[t], x));
                    if (t < steps) {
                        values.step();
                        continue;
                    }
                    values.weightGradient(gradient);
                    gradient.muli(maskArray);
                    if (config.weightDecay() > 0) {
                        Nd4j.getBlasWrapper().level1().axpy(gradient.length(), config.weightDecay(), weights, gradient);
                    }
                    if (!Finite.all(gradient)) {
                        throw new DivergenceException("the weight gradient of training batch " + iteration + " overflowed; the weights "
                                + "are as before the batch. Lower the learning rate or the inference rate (now " + config.inferenceRate() + ")", steps);
                    }
                    updater.applyUpdater(gradient, iteration, 0);
                    weights.subi(gradient).muli(maskArray);
                }
            }
        }
        int batch = iteration++; // the update is made: the batch counts, whatever a listener does next
        for (GraphListener l : listeners) {
            l.onBatchEnd(batch, energies.clone());
        }
        return energies;
    }

    /**
     * Trains on every batch of {@code data}, {@code epochs} times: features flattened to {@code [B, pixels]}, followed
     * by the labels if the graph has label neurons.
     *
     * @throws IllegalArgumentException if the batches do not fill the sensory neurons exactly
     */
    public void fit(DataSetIterator data, int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        for (int e = 0; e < epochs; e++) {
            data.reset();
            while (data.hasNext()) {
                try (MemoryWorkspace batchData = Nd4j.getWorkspaceManager().getAndActivateWorkspace(STEP, "PC_GRAPH_DATA")) {
                    trainBatch(sensory(data.next()));
                }
            }
        }
    }

    /** @return the sensory values of a batch: its flattened features, then its labels if the graph has label neurons */
    public INDArray sensory(DataSet batch) {
        INDArray f = batch.getFeatures();
        INDArray flat = f.reshape(f.size(0), f.length() / f.size(0));
        INDArray s = config.labels() > 0 ? Nd4j.hstack(flat, batch.getLabels().castTo(flat.dataType())) : flat;
        if (s.size(1) != config.sensory()) {
            throw new IllegalArgumentException("a batch gives " + flat.size(1) + " feature values" + (config.labels() > 0
                    ? " and " + batch.getLabels().size(1) + " labels" : "") + ", the graph has " + config.sensory()
                    + " sensory neurons" + (config.labels() > 0 ? " (" + config.labels() + " of them labels)" : ""));
        }
        return s;
    }

    /**
     * Answers a query with the weights fixed (they stay bit-identical).
     *
     * @throws IllegalArgumentException if the query is for another number of neurons
     * @throws DivergenceException      if the energy becomes NaN or infinite
     */
    public QueryResult query(GraphQuery query) {
        if (query.values().size(1) != config.neurons()) {
            throw new IllegalArgumentException("the query is for " + query.values().size(1) + " neurons, the graph has " + config.neurons());
        }
        DataType type = config.dataType();
        INDArray x = Nd4j.create(type, query.batch(), config.neurons());
        try (MemoryWorkspace queryScope = Nd4j.getWorkspaceManager().getAndActivateWorkspace(STEP, "PC_GRAPH_BATCH")) {
            return answer(query, x);
        }
    }

    /** The query's steps on {@code x} (detached, filled here); the per-query arrays live in the open batch workspace. */
    private QueryResult answer(GraphQuery query, INDArray x) {
        DataType type = config.dataType();
        INDArray clamped = query.conditioned().castTo(type);
        INDArray initialised = query.initialised().castTo(type);
        x.assign(query.values().castTo(type).mul(clamped.add(initialised)));
        random.setSeed(config.seed() - 1); // the same query gets the same answer
        start(x, clamped, initialised);
        INDArray free = clamped.rsub(1.0);
        double[] energies = new double[query.steps() + 1];
        ValueSteps values = valueSteps(x, free, query.accelerated());
        int t = 0;
        for (; ; t++) {
            try (MemoryWorkspace ws = scope()) {
                double e = values.energy();
                if (t > 0 && values.retake(energies[t - 1], e)) {
                    halved("a query", t, energies[t - 1], e, values.rate());
                    t--; // the step is retaken at half the rate
                    continue;
                }
                energies[t] = e;
                if (!Double.isFinite(energies[t])) {
                    throw new DivergenceException(String.format(Locale.ROOT, "the graph's energy became %s at query step %d; lower "
                            + "the inference rate (now %s)", energies[t], t, values.rate()), t);
                }
                notify(listeners, new GraphStep(t, energies[t], x));
                boolean converged = t > 0 && query.tolerance() > 0
                        && Math.abs(energies[t - 1] - energies[t]) <= query.tolerance() * Math.abs(energies[t - 1]);
                if (t == query.steps() || converged) {
                    break;
                }
                values.step();
            }
        }
        return new QueryResult(x, Arrays.copyOf(energies, t + 1), t, values.rate());
    }

    /**
     * Classification by conditioning: clamps the pixels (the sensory neurons before the labels) and reads the label
     * neurons after {@code steps} steps.
     *
     * @param pixels {@code [B, d - labels]}
     * @return the label neurons' values, {@code [B, labels]}
     * @throws IllegalStateException if the graph has no label neurons
     */
    public INDArray classify(INDArray pixels, int steps) {
        return classify(pixels, steps, false);
    }

    /**
     * Classification by conditioning, as {@link #classify(INDArray, int)}, with the query's steps chosen: plain, or
     * Nesterov's accelerated steps ({@link GraphQuery.Builder#accelerated}; {@code pc4j graph}'s default), both stopping
     * at {@link GraphQuery#DEFAULT_TOLERANCE}.
     *
     * @param pixels      {@code [B, d - labels]}
     * @param steps       the query's budget
     * @param accelerated whether the query takes accelerated steps
     * @return the label neurons' values, {@code [B, labels]}
     * @throws IllegalStateException if the graph has no label neurons
     */
    public INDArray classify(INDArray pixels, int steps, boolean accelerated) {
        int labels = requireLabels();
        int p = config.sensory() - labels;
        if (pixels.rank() != 2 || pixels.size(1) != p) {
            throw new IllegalArgumentException("classify takes [B, " + p + "]: the graph's " + p + " pixel (non-label sensory) "
                    + "neurons, got " + Arrays.toString(pixels.shape()));
        }
        QueryResult r = query(GraphQuery.builder((int) pixels.size(0), config.neurons()).condition(0, pixels).steps(steps)
                .accelerated(accelerated).build());
        return r.neurons(p, labels);
    }

    /** @return DL4J's {@link Evaluation} of {@link #classify(INDArray, int)} over {@code data} */
    public Evaluation evaluate(DataSetIterator data, int steps) {
        return evaluate(data, steps, false);
    }

    /** @return DL4J's {@link Evaluation} of {@link #classify(INDArray, int, boolean)} over {@code data} */
    public Evaluation evaluate(DataSetIterator data, int steps, boolean accelerated) {
        int labels = requireLabels();
        Evaluation eval = new Evaluation(labels);
        data.reset();
        while (data.hasNext()) {
            DataSet batch = data.next();
            INDArray f = batch.getFeatures();
            eval.eval(batch.getLabels(), classify(f.reshape(f.size(0), f.length() / f.size(0)), steps, accelerated)
                    .castTo(batch.getLabels().dataType()));
        }
        return eval;
    }

    private int requireLabels() {
        if (config.labels() == 0) {
            throw new IllegalStateException("the graph has no label neurons (GraphConfig.labels is 0): it cannot classify");
        }
        return config.labels();
    }

    /** @return the value steps of a batch or query on {@code x}, on the kernel path if the graph runs on it */
    private ValueSteps valueSteps(INDArray x, INDArray free, boolean accelerated) {
        if (!kernel) {
            return new GeneralSteps(energy, x, free, weights, config.inferenceRate(), config.inferenceRateControl(), accelerated);
        }
        int b = (int) x.size(0);
        if (kernelBuffers == null || kernelBuffers.batch() != b) {
            kernelBuffers = new GraphKernel(config, b);
        }
        return kernelBuffers.bind(x, free, weights, config.inferenceRate(), config.inferenceRateControl(), accelerated);
    }

    /** Sets the start of the neurons neither clamped nor initialised (zero in {@code x} on entry): random or the forward pass. */
    private void start(INDArray x, INDArray clamped, INDArray initialised) {
        INDArray given = clamped.add(initialised);
        if (config.start() == GraphConfig.ValueStart.RANDOM) {
            try (MemoryWorkspace ws = scope()) {
                INDArray noise = Nd4j.randn(Nd4j.create(config.dataType(), x.shape()), random).muli(config.startStd());
                x.addi(noise.muli(given.rsub(1.0)));
            }
        } else {
            forward(x, given);
        }
    }

    /** Sets the not-given neurons to their predictions, once per step of the longest path among them (exact on a DAG). */
    private void forward(INDArray x, INDArray given) {
        INDArray open = given.rsub(1.0);
        boolean[] subset = new boolean[config.neurons()];
        INDArray any = open.max(0);
        for (int i = 0; i < subset.length; i++) {
            subset[i] = any.getDouble(i) > 0;
        }
        int longest = mask.longestPathWithin(subset);
        if (longest < 0) {
            throw new IllegalArgumentException("the forward start needs the free neurons to form no cycle, and this graph's ("
                    + mask.description() + ") do: use ValueStart.RANDOM");
        }
        x.muli(given);
        for (int sweep = 0; sweep <= longest; sweep++) {
            try (MemoryWorkspace ws = scope()) {
                INDArray mu = energy.at(x, weights).mu;
                x.muli(given).addi(mu.muli(open));
            }
        }
    }

    /**
     * One reusable workspace per step (the pattern pc4j's engine uses, dl4j-guide §9.1 of the team notes): every
     * temporary of a step lives in it and is reclaimed when the step ends, so memory stays flat over long runs; the
     * values, weights and updater state are detached and updated in place.
     */
    private static final WorkspaceConfiguration STEP = WorkspaceConfiguration.builder().initialSize(0).overallocationLimit(0.05)
            .policyLearning(LearningPolicy.FIRST_LOOP).policyReset(ResetPolicy.BLOCK_LEFT).policySpill(SpillPolicy.REALLOCATE)
            .policyAllocation(AllocationPolicy.OVERALLOCATE).build();

    private static MemoryWorkspace scope() {
        return Nd4j.getWorkspaceManager().getAndActivateWorkspace(STEP, "PC_GRAPH_STEP");
    }

    /** Calls the listeners outside any workspace, so what they {@code dup()} outlives the step. */
    private static void notify(List<GraphListener> listeners, GraphStep step) {
        if (listeners.isEmpty()) {
            return;
        }
        try (MemoryWorkspace out = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            for (GraphListener l : listeners) {
                l.onStep(step);
            }
        }
    }

    /** Logs the first halving of this graph's value step (one line per graph, not per batch). */
    private void halved(String where, int step, double before, double after, double now) {
        halvings++;
        if (!halvingLogged) {
            halvingLogged = true;
            log.warn(String.format(Locale.ROOT, "PC graph at inference rate %s: value step %d of %s raised the energy from %.6g to %.6g, "
                    + "the sign that the rate is above the stable limit for the current weights; pc4j takes the step back and halves "
                    + "the rate for the rest of that batch or query (now %s; each batch and query starts at the configured rate, and "
                    + "only this first halving is logged). A lower inferenceRate avoids this; "
                    + "inferenceRateControl(false) keeps the rate fixed.", config.inferenceRate(), step, where, before, after, now));
        }
    }

    private static void requireFinite(INDArray a, String what) {
        if (!Finite.all(a)) {
            throw new IllegalArgumentException(what + " holds NaN or infinite entries");
        }
    }

    // ---------------------------------------------------------------------------------------------- persistence

    private static final String CONFIG_ENTRY = "config.json";
    private static final String WEIGHTS_ENTRY = "weights.bin";
    private static final String MASK_ENTRY = "mask.bin";
    private static final String STATE_ENTRY = "updaterState.bin";
    private static final String ITERATION_ENTRY = "iteration.txt";
    private static final String DESCRIPTION_ENTRY = "mask.txt";

    /**
     * Writes the configuration, mask, weights and the updater's state to a zip file (ND4J's binary format inside),
     * atomically ({@link org.pc4j.trainers.io.AtomicFiles}): a save that fails or is killed midway leaves the file that
     * was there before.
     */
    public void save(Path file) throws IOException {
        save(file, out -> out);
    }

    /** As {@link #save(Path)}, the stream passed through {@code wrap} first (the tests' way to fail a write midway). */
    void save(Path file, java.util.function.UnaryOperator<java.io.OutputStream> wrap) throws IOException {
        org.pc4j.trainers.io.AtomicFiles.write(file, out -> writeZip(wrap.apply(out)));
    }

    private void writeZip(java.io.OutputStream out) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush(); // AtomicFiles closes the file itself, after forcing it to the disk
            }
        })) {
            entry(zip, CONFIG_ENTRY, config.toJson().getBytes(StandardCharsets.UTF_8));
            entry(zip, MASK_ENTRY, bytes(maskArray));
            entry(zip, DESCRIPTION_ENTRY, mask.description().getBytes(StandardCharsets.UTF_8));
            entry(zip, WEIGHTS_ENTRY, bytes(weights));
            if (updaterState != null) {
                entry(zip, STATE_ENTRY, bytes(updaterState));
            }
            entry(zip, ITERATION_ENTRY, Integer.toString(iteration).getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * @return the graph {@link #save} wrote, ready to train on or query, exactly where it was (weights, updater state,
     *         batch counter)
     * @throws IOException              if the file cannot be read
     * @throws IllegalArgumentException if it is not a whole saved PC graph: not a zip, an entry missing, damaged or
     *                                  inconsistent (the message names the file and the entry); the updater's state is
     *                                  required where the updater has one, since without it a resumed run is not the
     *                                  run it continues
     */
    public static PcGraph load(Path file) throws IOException {
        String json = null;
        INDArray m = null;
        INDArray w = null;
        INDArray state = null;
        Integer it = null;
        String description = null;
        boolean any = false;
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                any = true;
                byte[] content = zip.readAllBytes();
                switch (e.getName()) {
                    case CONFIG_ENTRY -> json = new String(content, StandardCharsets.UTF_8);
                    case MASK_ENTRY -> m = array(file, MASK_ENTRY, content);
                    case WEIGHTS_ENTRY -> w = array(file, WEIGHTS_ENTRY, content);
                    case STATE_ENTRY -> state = array(file, STATE_ENTRY, content);
                    case ITERATION_ENTRY -> it = iteration(file, content);
                    case DESCRIPTION_ENTRY -> description = new String(content, StandardCharsets.UTF_8);
                    default -> {
                    }
                }
            }
        } catch (java.util.zip.ZipException e) {
            throw new IllegalArgumentException(file + " is not a saved PC graph: not a readable zip file (" + e.getMessage() + ")", e);
        }
        if (!any) {
            throw new IllegalArgumentException(file + " is not a saved PC graph: not a zip file, or an empty one");
        }
        if (json == null || m == null || w == null || it == null) {
            throw new IllegalArgumentException(file + " is not a saved PC graph: it lacks " + (json == null ? CONFIG_ENTRY
                    : m == null ? MASK_ENTRY : w == null ? WEIGHTS_ENTRY : ITERATION_ENTRY));
        }
        GraphConfig config;
        try {
            config = GraphConfig.fromJson(json);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": " + CONFIG_ENTRY + " is not a valid graph configuration: " + e.getMessage(), e);
        }
        if (state == null && config.updater().stateSize((long) config.neurons() * config.neurons()) > 0) {
            throw new IllegalArgumentException(file + " lacks " + STATE_ENTRY + ", the state of its "
                    + config.updater().getClass().getSimpleName() + " updater: without it training would not continue as it "
                    + "was (save it again with PcGraph.save)");
        }
        GraphMask mask;
        try {
            mask = GraphMask.fromArray(m);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": " + MASK_ENTRY + " is not a valid mask: " + e.getMessage(), e);
        }
        try {
            return new PcGraph(config, description == null ? mask : mask.described(description), w, state, it);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + " does not hold a consistent PC graph: " + e.getMessage(), e);
        }
    }

    /** @return the batch counter of {@code iteration.txt}: a non-negative integer */
    private static int iteration(Path file, byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8).trim();
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": " + ITERATION_ENTRY + " holds '" + text + "', not a batch count", e);
        }
        if (value < 0) {
            throw new IllegalArgumentException(file + ": " + ITERATION_ENTRY + " holds " + value + ", a negative batch count");
        }
        return value;
    }

    private static void entry(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }

    private static byte[] bytes(INDArray a) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DataOutputStream data = new DataOutputStream(out)) {
            Nd4j.write(a, data);
        }
        return out.toByteArray();
    }

    /** @return the array of an entry in ND4J's binary format */
    private static INDArray array(Path file, String entry, byte[] content) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(content))) {
            return Nd4j.read(in);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(file + ": " + entry + " is damaged or truncated (" + content.length + " bytes; "
                    + e + ")", e);
        }
    }
}
