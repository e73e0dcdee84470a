package org.pc4j.app.memory;

import java.util.Locale;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.pc4j.trainers.graph.GraphConfig;
import org.pc4j.trainers.graph.GraphMask;
import org.pc4j.trainers.graph.GraphQuery;
import org.pc4j.trainers.graph.PcGraph;
import org.pc4j.trainers.graph.QueryResult;
import org.pc4j.trainers.DivergenceException;
import org.pc4j.trainers.generative.StoreResult;
import org.pc4j.trainers.generative.StoringEpochs;

/**
 * A fully connected {@link PcGraph} as an associative memory (the thesis' §4.2 and §5.2.1): n neurons, the first d
 * of them sensory (one per pixel), every pair connected both ways (no self-loops), predictions {@code mu = W f(x)}.
 * Storing is PC graph training on the N patterns as one full batch, {@code storeIterations} times: the free (hidden)
 * neurons restart from zero, T value steps of {@code trainRate} relax the energy with the pixels clamped, then one Adam
 * step on the weights (inference learning, as {@code AssociativeMemory} stores). A partial key is completed by
 * conditioning the known pixels, a corrupted one by initialising every pixel at the key (query by initialisation),
 * each for at most {@code recallSteps} value steps starting at {@code recallRate}, stopping when the energy's relative
 * change per step falls to 1e-7. Storing and recalling both run with the graph's inference-rate control
 * ({@link GraphConfig#inferenceRateControl}): a value step that raises the energy is taken back and the rate halved for
 * the rest of the batch. That matters most for the recall: with pixels free the energy is stiffer than while storing,
 * and the stable step shrinks as the stored weights grow (on 1,000 neurons storing at 0.5 for 300 epochs, a fixed
 * recall step of 0.5 ran away and 0.1 converged; after 1,000 epochs 0.1 ran away from noisy keys too).
 *
 * <p>{@link #linear} is the thesis' linear memory (§4.2): n = d, identity activation, every neuron sensory, so storing
 * is gradient descent on {@code mean_b 1/2 ||x_b - W x_b||^2}, and a recall's unknown pixels start from N(0, 0.1^2);
 * {@link #fullyConnected} the nonlinear graph of §5.2.1 (tanh, the thesis' T = 5 and storing rate 0.5, every free
 * neuron starting from zero when storing and recalling).
 */
public final class GraphMemory implements MemoryMethod {

    private final String name;
    private final int neurons;
    private final Activation activation;
    private final int trainSteps;
    private final double trainRate;
    private final int storeIterations;
    private final double learningRate;
    private final int recallSteps;
    private final double recallRate;
    private final double startStd;
    private final long seed;
    private StoreProgress progress;
    private int patience = 100;
    private RecallSteps recall = RecallSteps.PLAIN;
    private PcGraph stored;
    private PcGraph graph;
    private String storing = "";
    private boolean fromFile;
    private String updater;
    private double storeEnergy = Double.NaN;

    private GraphMemory(String name, int neurons, Activation activation, int trainSteps, double trainRate, int storeIterations,
                        double learningRate, int recallSteps, double recallRate, double startStd, long seed) {
        if (storeIterations < 1 || recallSteps < 1 || !(learningRate > 0) || !(recallRate > 0) || !(trainRate > 0)
                || Double.isInfinite(learningRate) || Double.isInfinite(recallRate)) {
            throw new IllegalArgumentException("a graph memory needs >= 1 store iteration and recall step, and finite rates > 0");
        }
        this.name = name;
        this.neurons = neurons;
        this.activation = activation;
        this.trainSteps = trainSteps;
        this.trainRate = trainRate;
        this.storeIterations = storeIterations;
        this.learningRate = learningRate;
        this.updater = "Adam " + learningRate;
        this.recallSteps = recallSteps;
        this.recallRate = recallRate;
        this.startStd = startStd;
        this.seed = seed;
    }

    /**
     * The linear memory: d neurons, all sensory, identity activation, {@code d (d - 1)} weights.
     *
     * @param storeIterations full-batch weight updates while storing, >= 1
     * @param learningRate    Adam's learning rate, > 0
     * @param recallSteps     value steps per recall at most, >= 1
     * @param gamma           the value step a recall starts at (halved where the energy rises), > 0
     */
    public static GraphMemory linear(int storeIterations, double learningRate, int recallSteps, double gamma, long seed) {
        return new GraphMemory("linear", 0, Activation.IDENTITY, 1, gamma, storeIterations, learningRate, recallSteps, gamma, 0.1, seed);
    }

    /**
     * The nonlinear fully connected memory: n neurons (d sensory, n - d hidden), tanh, T = 5 value steps of 0.5 per
     * storing epoch.
     *
     * @param neurons         n, at least the patterns' size d (checked when storing)
     * @param storeIterations storing epochs, >= 1
     * @param learningRate    Adam's learning rate, > 0
     * @param recallSteps     value steps per recall at most, >= 1
     * @param recallRate      the value step a recall starts at (halved where the energy rises), > 0
     * @throws IllegalArgumentException if {@code neurons < 1} or another argument is out of range
     */
    public static GraphMemory fullyConnected(int neurons, int storeIterations, double learningRate, int recallSteps, double recallRate,
                                             long seed) {
        return fullyConnected(neurons, 5, 0.5, storeIterations, learningRate, recallSteps, recallRate, seed);
    }

    /**
     * As {@link #fullyConnected(int, int, double, int, double, long)} with T and the storing rate chosen.
     *
     * @param storeSteps T, the value steps of each storing epoch, >= 1
     * @param storeRate  the value step while storing (halved where the energy rises), > 0 and finite
     */
    public static GraphMemory fullyConnected(int neurons, int storeSteps, double storeRate, int storeIterations, double learningRate,
                                             int recallSteps, double recallRate, long seed) {
        if (neurons < 1) {
            throw new IllegalArgumentException("a graph memory needs >= 1 neuron, got " + neurons);
        }
        if (storeSteps < 1 || Double.isInfinite(storeRate)) {
            throw new IllegalArgumentException("a graph memory stores with >= 1 value step per epoch at a finite rate, got T = "
                    + storeSteps + " at " + storeRate);
        }
        return new GraphMemory("graph", neurons, Activation.TANH, storeSteps, storeRate, storeIterations, learningRate, recallSteps,
                recallRate, 0, seed);
    }

    /**
     * A memory stored before and saved ({@link #save}): {@link #store} then only checks the patterns' size; the recall
     * uses {@code recallSteps} and {@code recallRate}.
     *
     * @param graph       the stored graph, as {@link PcGraph#load} read it
     * @param storeEnergy its store energy when it was saved (NaN if not known)
     * @param from        where it was loaded from, for the description
     * @throws IllegalArgumentException if the graph is neither the linear memory (every neuron sensory, identity) nor a
     *                                  fully connected one, or the recall's options are out of range
     */
    public static GraphMemory loaded(PcGraph graph, int recallSteps, double recallRate, double storeEnergy, String from) {
        GraphConfig c = graph.config();
        boolean linear = c.neurons() == c.sensory() && c.activation() == Activation.IDENTITY;
        if (c.labels() != 0 || !linear && c.activation() != Activation.TANH) {
            throw new IllegalArgumentException("the graph in " + from + " is not a graph memory: it has " + c.labels() + " label neurons and "
                    + c.activation() + " activations (a memory has no labels and tanh, or identity with every neuron sensory)");
        }
        // the storing budget and learning rate are never used: a loaded memory does not store (1 stands for both)
        GraphMemory m = new GraphMemory(linear ? "linear" : "graph", linear ? 0 : c.neurons(), c.activation(), c.trainSteps(),
                c.inferenceRate(), 1, 1, recallSteps, recallRate, c.startStd(), c.seed());
        m.fromFile = true;
        m.updater = c.updater() instanceof Adam a ? "Adam " + a.getLearningRate() : c.updater().getClass().getSimpleName();
        m.stored = graph;
        m.graph = recallRate == c.inferenceRate() ? graph
                : PcGraph.withWeights(c.toBuilder().inferenceRate(recallRate).build(), graph.mask(), graph.weights());
        m.storeEnergy = storeEnergy;
        m.storing = "; loaded from " + from + " (" + graph.iterations() + " storing epochs)";
        return m;
    }

    /**
     * Sets the storing's patience: storing stops once the store energy has reached no new low for this many epochs
     * (default 100), and in every case the graph keeps the weights of its lowest-energy epoch.
     *
     * @return this memory
     * @throws IllegalArgumentException if {@code epochs < 1}
     */
    public GraphMemory patience(int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("the storing patience is >= 1 epoch, got " + epochs);
        }
        this.patience = epochs;
        return this;
    }

    /**
     * How a recall steps ({@link GraphQuery.Builder#accelerated}): plain gradient steps, Nesterov's momentum with a
     * per-example restart, or Nesterov's for completion (the known pixels conditioned) and plain steps for denoising
     * (every pixel free from the noisy key). Measured on stored 1,000-neuron graphs (docs/results.md): the accelerated
     * recall completes the same half keys in a tenth of the steps, and denoises worse (22 against 200 of 200 noisy keys),
     * because plain steps, slow along the energy's flat directions, stay near the noisy start.
     */
    public enum RecallSteps {
        PLAIN, NESTEROV, AUTO;

        boolean accelerates(boolean denoising) {
            return this == NESTEROV || this == AUTO && !denoising;
        }
    }

    /** Recalls with {@code recall}'s steps (default {@link RecallSteps#PLAIN}); returns this memory. */
    public GraphMemory recall(RecallSteps recall) {
        if (recall == null) {
            throw new IllegalArgumentException("give the recall steps: PLAIN, NESTEROV or AUTO");
        }
        this.recall = recall;
        return this;
    }

    /** @return how recalls step ({@link #recall(RecallSteps)}) */
    public RecallSteps recall() {
        return recall;
    }

    /** Shows storing's progress (the store energy of each epoch) on {@code progress}; returns this memory. */
    public GraphMemory progress(StoreProgress progress) {
        this.progress = progress;
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        String budget = fromFile ? "" : String.format(Locale.ROOT, "at most %d ", storeIterations);
        String rule = fromFile ? "" : String.format(Locale.ROOT, " (patience %d, the lowest-energy epoch kept)", patience);
        if (neurons == 0) {
            return String.format(Locale.ROOT, "linear fully connected PC graph (thesis §4.2: d neurons, d(d-1) weights), %sfull-batch "
                    + "%s updates%s; recall: at most %d %svalue steps from gamma %s (halved where the energy rises)%s",
                    budget, updater, rule, recallSteps, recallKind(), recallRate, storing);
        }
        return String.format(Locale.ROOT, "fully connected PC graph (thesis §5.2.1): %d neurons, %s, %sstoring epochs of T = %d "
                        + "value steps at %s from zero and one %s step%s; recall: at most %d "
                        + "%svalue steps from gamma %s (halved where the energy rises)%s", neurons,
                activation.toString().toLowerCase(Locale.ROOT), budget, trainSteps, trainRate, updater, rule, recallSteps,
                recallKind(), recallRate, storing);
    }

    private String recallKind() {
        return switch (recall) {
            case PLAIN -> "";
            case NESTEROV -> "accelerated (Nesterov, restarted per image) ";
            case AUTO -> "(completion: accelerated, Nesterov restarted per image; denoising: plain) ";
        };
    }

    /**
     * Stores the patterns: at most {@code storeIterations} epochs of {@link PcGraph#trainBatch} on all of them, each
     * epoch's store energy its relaxed energy (after its T value steps, before its weight step; the batch mean of each
     * pattern's energy, as {@link PcGraph} reports it). Storing stops once that energy has reached no new low for the
     * {@link #patience} and the graph keeps the weights, updater state and counter of the lowest-energy epoch (a
     * storing run's energy can rise again: on 50 Fashion-MNIST images a 1,000-neuron graph's fell to 0.19 by epoch 238
     * and rose to 4.9 by epoch 999); {@link #storeEnergy} is that lowest energy. A weight step that diverges after a
     * first good epoch ends storing there. The progress shows each epoch's energy and its closing line the kept epoch
     * and the value steps the rate control took back. A loaded memory ({@link #loaded}) only checks the patterns' size.
     *
     * @throws IllegalArgumentException if the graph has fewer neurons than a pattern has values, or a loaded graph's
     *                                  sensory neurons are not one per value
     */
    @Override
    public void store(INDArray patterns) {
        int d = (int) patterns.size(1);
        if (stored != null) {
            if (stored.config().sensory() != d) {
                throw new IllegalArgumentException("the loaded " + name + " memory has " + stored.config().sensory() + " sensory neurons; "
                        + "the patterns have " + d + " values");
            }
            return;
        }
        int n = neurons == 0 ? d : neurons;
        if (n < d) {
            throw new IllegalArgumentException("the graph memory has " + n + " neurons, fewer than the " + d + " values of a pattern");
        }
        PcGraph.requireFits(n, new Adam(learningRate), DataType.FLOAT);
        PcGraph g = new PcGraph(GraphConfig.builder(n, d).activation(activation).trainSteps(trainSteps).updater(new Adam(learningRate))
                .inferenceRate(trainRate).start(GraphConfig.ValueStart.RANDOM).startStd(startStd).dataType(DataType.FLOAT).seed(seed).build(),
                GraphMask.fullyConnected(n));
        INDArray x = patterns.castTo(DataType.FLOAT);
        if (progress != null) {
            progress.start(storeIterations);
        }
        PcGraph.State[] states = {g.newState(), g.newState()}; // spare, best: swapped on each new low
        StoreResult r = StoringEpochs.run(storeIterations, patience, System.nanoTime(), () -> g.snapshot(states[0]), () -> {
            double[] e = g.trainBatch(x);
            if (progress != null) {
                progress.epoch(e[e.length - 1]);
            }
            return e[e.length - 1];
        }, () -> {
            PcGraph.State kept = states[1];
            states[1] = states[0];
            states[0] = kept;
        });
        g.restore(states[1]);
        storeEnergy = r.bestEnergy();
        String why = switch (r.stop()) {
            case PATIENCE -> "no new low for " + patience + " epochs";
            case BUDGET -> "all epochs run";
            case DIVERGED -> "stopped: epoch " + r.epochs() + " diverged (lower --lr)";
        };
        if (progress != null) {
            progress.finish(String.format(Locale.ROOT, "%s; kept epoch %d, store energy %.4g; %d value steps taken back at half the rate",
                    why, r.bestEpoch(), storeEnergy, g.halvings()));
        }
        storing = String.format(Locale.ROOT, "; kept epoch %d of %d (%s), %d value steps taken back", r.bestEpoch(), r.epochs(), why,
                g.halvings());
        stored = g;
        graph = recallRate == trainRate ? g
                : PcGraph.withWeights(g.config().toBuilder().inferenceRate(recallRate).build(), g.mask(), g.weights());
    }

    /** @return the kept (lowest) storing epoch's relaxed energy (a batch mean), or the saved one of a loaded memory; empty if not known */
    @Override
    public java.util.OptionalDouble storeEnergy() {
        return Double.isNaN(storeEnergy) ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(storeEnergy);
    }

    @Override
    public boolean saves() {
        return true;
    }

    /** Writes the stored graph (weights, Adam's state, its storing configuration) with {@link PcGraph#save}, atomically. */
    @Override
    public void save(java.nio.file.Path file) throws java.io.IOException {
        if (stored == null) {
            throw new IllegalStateException("store patterns before saving");
        }
        stored.save(file);
    }

    @Override
    public Recalled complete(INDArray key, INDArray known) {
        PcGraph g = graph();
        int m = (int) key.size(0);
        int d = (int) key.size(1);
        int n = g.config().neurons();
        QueryResult r = answer(g, recallQuery(GraphQuery.builder(m, n).condition(0, key, known), false));
        return new Recalled(r.values().get(NDArrayIndex.all(), NDArrayIndex.interval(0, d)).dup(), r.steps());
    }

    @Override
    public boolean startsAnywhere() {
        return true;
    }

    /**
     * The fixed-point diagnostic ({@link MemoryKey#startsAtStored}): first the hidden neurons relax with every pixel
     * conditioned on the stored pattern (at most {@code recallSteps} steps; skipped where every neuron is a pixel),
     * then the key's unknown pixels are freed, starting at the stored pattern's values with the hidden neurons where
     * they settled, and the recall runs as {@link #complete} does. A stored pattern that is a fixed point of its own
     * recall comes back; one the energy does not hold drifts off.
     *
     * @return the recalled pixels; the iterations of both queries
     */
    @Override
    public Recalled completeFromStored(INDArray key, INDArray known, INDArray stored) {
        PcGraph g = graph();
        int m = (int) key.size(0);
        int d = (int) key.size(1);
        int n = g.config().neurons();
        if (stored.rank() != 2 || stored.size(0) != m || stored.size(1) != d) {
            throw new IllegalArgumentException("the stored patterns must be [" + m + ", " + d + "] as the keys, got "
                    + java.util.Arrays.toString(stored.shape()));
        }
        GraphQuery.Builder fromStored = GraphQuery.builder(m, n).condition(0, key, known).initialise(0, stored, known.rsub(1.0));
        int settling = 0;
        if (n > d) {
            QueryResult settled = answer(g, recallQuery(GraphQuery.builder(m, n).condition(0, stored), false));
            fromStored.initialise(d, settled.values().get(NDArrayIndex.all(), NDArrayIndex.interval(d, n)).dup());
            settling = settled.steps();
        }
        QueryResult r = answer(g, recallQuery(fromStored, false));
        return new Recalled(r.values().get(NDArrayIndex.all(), NDArrayIndex.interval(0, d)).dup(), settling + r.steps());
    }

    @Override
    public Recalled denoise(INDArray key) {
        PcGraph g = graph();
        int m = (int) key.size(0);
        int d = (int) key.size(1);
        int n = g.config().neurons();
        QueryResult r = answer(g, recallQuery(GraphQuery.builder(m, n).initialise(0, key), true));
        return new Recalled(r.values().get(NDArrayIndex.all(), NDArrayIndex.interval(0, d)).dup(), r.steps());
    }

    /** A recall stops once a step changes the energy by less than this fraction of it. */
    private static final double RECALL_TOLERANCE = 1e-7;

    /** @return {@code query} with this memory's recall budget, stopping rule and steps ({@link RecallSteps}) */
    private GraphQuery recallQuery(GraphQuery.Builder query, boolean denoising) {
        return query.steps(recallSteps).tolerance(RECALL_TOLERANCE).accelerated(recall.accelerates(denoising)).build();
    }

    /**
     * @throws DivergenceException naming the recall rate to lower, if the recall's energy overflows even at the
     *                             control's smallest step (1/1024 of the rate)
     */
    private QueryResult answer(PcGraph g, GraphQuery query) {
        try {
            return g.query(query);
        } catch (DivergenceException e) {
            throw new DivergenceException(String.format(Locale.ROOT, "the %s memory's recall diverged (%s); its recall rate %s is far "
                    + "above the stable step for the stored weights (1,024 times or more): lower it (pc4j memory: --graph-recall-rate)",
                    name, e.getMessage(), recallRate), e.step());
        }
    }

    private PcGraph graph() {
        if (graph == null) {
            throw new IllegalStateException("store patterns before recalling");
        }
        return graph;
    }
}
