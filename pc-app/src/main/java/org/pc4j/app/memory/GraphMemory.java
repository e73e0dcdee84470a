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
    private PcGraph graph;

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
        if (neurons < 1) {
            throw new IllegalArgumentException("a graph memory needs >= 1 neuron, got " + neurons);
        }
        return new GraphMemory("graph", neurons, Activation.TANH, 5, 0.5, storeIterations, learningRate, recallSteps, recallRate, 0, seed);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        if (neurons == 0) {
            return String.format(Locale.ROOT, "linear fully connected PC graph (thesis §4.2: d neurons, d(d-1) weights), %d full-batch "
                    + "Adam %s updates; recall: at most %d value steps from gamma %s (halved where the energy rises)",
                    storeIterations, learningRate, recallSteps, recallRate);
        }
        return String.format(Locale.ROOT, "fully connected PC graph (thesis §5.2.1): %d neurons, %s, %d storing epochs of T = %d value "
                        + "steps at %s from zero and one Adam %s step; recall: at most %d value steps from gamma %s (halved where the energy "
                        + "rises)", neurons,
                activation.toString().toLowerCase(Locale.ROOT), storeIterations, trainSteps, trainRate, learningRate, recallSteps, recallRate);
    }

    /** @throws IllegalArgumentException if the graph has fewer neurons than a pattern has values */
    @Override
    public void store(INDArray patterns) {
        int d = (int) patterns.size(1);
        int n = neurons == 0 ? d : neurons;
        if (n < d) {
            throw new IllegalArgumentException("the graph memory has " + n + " neurons, fewer than the " + d + " values of a pattern");
        }
        PcGraph.requireFits(n, new Adam(learningRate), DataType.FLOAT);
        PcGraph g = new PcGraph(GraphConfig.builder(n, d).activation(activation).trainSteps(trainSteps).updater(new Adam(learningRate))
                .inferenceRate(trainRate).start(GraphConfig.ValueStart.RANDOM).startStd(startStd).dataType(DataType.FLOAT).seed(seed).build(),
                GraphMask.fullyConnected(n));
        INDArray x = patterns.castTo(DataType.FLOAT);
        for (int i = 0; i < storeIterations; i++) {
            g.trainBatch(x);
        }
        graph = recallRate == trainRate ? g
                : PcGraph.withWeights(g.config().toBuilder().inferenceRate(recallRate).build(), g.mask(), g.weights());
    }

    @Override
    public Recalled complete(INDArray key, INDArray known) {
        PcGraph g = graph();
        int m = (int) key.size(0);
        int d = (int) key.size(1);
        int n = g.config().neurons();
        QueryResult r = answer(g, GraphQuery.builder(m, n).condition(0, key, known).steps(recallSteps).tolerance(1e-7).build());
        return new Recalled(r.values().get(NDArrayIndex.all(), NDArrayIndex.interval(0, d)).dup(), r.steps());
    }

    @Override
    public Recalled denoise(INDArray key) {
        PcGraph g = graph();
        int m = (int) key.size(0);
        int d = (int) key.size(1);
        int n = g.config().neurons();
        QueryResult r = answer(g, GraphQuery.builder(m, n).initialise(0, key).steps(recallSteps).tolerance(1e-7).build());
        return new Recalled(r.values().get(NDArrayIndex.all(), NDArrayIndex.interval(0, d)).dup(), r.steps());
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
