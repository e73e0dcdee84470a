package org.pc4j.app.memory;

import java.util.Locale;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.pc4j.trainers.graph.GraphConfig;
import org.pc4j.trainers.graph.GraphMask;
import org.pc4j.trainers.graph.GraphQuery;
import org.pc4j.trainers.graph.PcGraph;
import org.pc4j.trainers.graph.QueryResult;

/**
 * The linear fully connected associative memory of the thesis' §4.2 as a {@link PcGraph}: d neurons, one per pixel,
 * every one sensory, identity activation, {@code d (d - 1)} weights (no self-loops). Storing is PC graph training with
 * every neuron clamped to the N images (full batch, Adam), i.e. gradient descent on
 * {@code mean_b 1/2 ||x_b - W x_b||^2}; a partial key is completed by conditioning the known pixels, a corrupted one by
 * initialising every pixel at the key (query by initialisation), each for at most {@code recallSteps} value steps of
 * {@code gamma}, stopping when the energy's relative change per step falls to 1e-7.
 */
public final class LinearGraphMemory implements MemoryMethod {

    private final int storeIterations;
    private final double learningRate;
    private final int recallSteps;
    private final double gamma;
    private final long seed;
    private PcGraph graph;

    /**
     * @param storeIterations full-batch weight updates while storing, >= 1
     * @param learningRate    Adam's learning rate, > 0
     * @param recallSteps     value steps per recall at most, >= 1
     * @param gamma           the value step while recalling, > 0
     */
    public LinearGraphMemory(int storeIterations, double learningRate, int recallSteps, double gamma, long seed) {
        if (storeIterations < 1 || recallSteps < 1 || !(learningRate > 0) || !(gamma > 0)) {
            throw new IllegalArgumentException("the linear memory needs >= 1 store iteration and recall step, a learning rate > 0 and gamma > 0");
        }
        this.storeIterations = storeIterations;
        this.learningRate = learningRate;
        this.recallSteps = recallSteps;
        this.gamma = gamma;
        this.seed = seed;
    }

    @Override
    public String name() {
        return "linear";
    }

    @Override
    public String description() {
        return String.format(Locale.ROOT, "linear fully connected PC graph (thesis §4.2: d neurons, d(d-1) weights), %d full-batch "
                + "Adam %s updates; recall: at most %d value steps of gamma %s", storeIterations, learningRate, recallSteps, gamma);
    }

    @Override
    public void store(INDArray patterns) {
        int d = (int) patterns.size(1);
        graph = new PcGraph(GraphConfig.builder(d, d).activation(Activation.IDENTITY).trainSteps(1).updater(new Adam(learningRate))
                .inferenceRate(gamma).dataType(DataType.FLOAT).seed(seed).build(), GraphMask.fullyConnected(d));
        INDArray x = patterns.castTo(DataType.FLOAT);
        for (int i = 0; i < storeIterations; i++) {
            graph.trainBatch(x);
        }
    }

    @Override
    public Recalled complete(INDArray key, INDArray known) {
        QueryResult r = graph().query(GraphQuery.builder((int) key.size(0), (int) key.size(1)).condition(0, key, known)
                .steps(recallSteps).tolerance(1e-7).build());
        return new Recalled(r.values(), r.steps());
    }

    @Override
    public Recalled denoise(INDArray key) {
        QueryResult r = graph().query(GraphQuery.builder((int) key.size(0), (int) key.size(1)).initialise(0, key)
                .steps(recallSteps).tolerance(1e-7).build());
        return new Recalled(r.values(), r.steps());
    }

    private PcGraph graph() {
        if (graph == null) {
            throw new IllegalStateException("store patterns before recalling");
        }
        return graph;
    }
}
