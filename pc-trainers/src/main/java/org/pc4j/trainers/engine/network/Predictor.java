package org.pc4j.trainers.engine.network;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.pc4j.trainers.spi.LayerState;

/**
 * One vertex of a network used as a local predictor: it predicts the value node it owns from the value nodes (or
 * network inputs) that feed it, {@code mu = f(x_1, ..., x_n; theta)}, and maps an error {@code dE/dmu} to the local
 * parameter gradient (written into the network's gradient view, as under backprop) and one message
 * {@code dE/dx_i} per input. A layer of a {@code MultiLayerNetwork} or a layer vertex of a {@code ComputationGraph}
 * is a {@link LayerPredictor}; a parameter-free graph vertex (add, merge, subset, ...) is a {@link VertexPredictor}.
 *
 * <p>The predictor never chains to another one; that is what makes the computation local.
 */
public abstract class Predictor {

    private final int index;
    private final int level;
    private final String description;
    /** Calls made so far (the engine's work, for tests and diagnostics). */
    private long forwardCalls;
    private long backwardCalls;
    private long gradientCalls;

    Predictor(int index, int level, String description) {
        this.index = index;
        this.level = level;
        this.description = description;
    }

    /**
     * @param inputs the values feeding this vertex, in its input order, in the shapes their producers emit
     * @return the prediction {@code mu}, in training mode; the vertex keeps what its backprop needs
     */
    public abstract INDArray predict(INDArray[] inputs, int miniBatch, LayerWorkspaceMgr mgr);

    /**
     * @param dEdPrediction {@code dE/dmu} for this vertex's prediction (null for an output layer, which computes its
     *                      own from the labels); the vertex may overwrite it
     * @return the message {@code dE/dx_i} for every input, in the shape of that input (an entry is null where the
     *         input takes no gradient, e.g. the indices an embedding layer reads)
     */
    public abstract INDArray[] backprop(INDArray dEdPrediction, int miniBatch, LayerWorkspaceMgr mgr);

    /**
     * The messages of {@link #backprop} without the parameter gradient, for a step whose gradient is not read; the
     * gradient view may keep what it held. The default is {@link #backprop}.
     */
    public INDArray[] messages(INDArray dEdPrediction, int miniBatch, LayerWorkspaceMgr mgr) {
        return backprop(dEdPrediction, miniBatch, mgr);
    }

    /** @return the vertex's slice of the network's gradient view, or null if it has no parameters. */
    public abstract INDArray gradientView();

    /**
     * @return true if the vertex's backprop consumes what its forward pass cached, so that it needs a fresh forward
     *         pass before every backprop (DL4J's batch normalisation nulls its caches)
     */
    public abstract boolean consumesCache();

    /** @return the layer's or vertex's name in the network ({@code "layer2"} for an unnamed layer of a chain). */
    public abstract String name();

    /** @return the DL4J layer this vertex runs, or null for a parameter-free graph vertex. */
    public abstract Layer layer();

    /** @return the vertex's state across a batch's steps ({@link LayerState#NONE} if it keeps none). */
    public LayerState state() {
        return LayerState.NONE;
    }

    /**
     * Lets (or forbids) this vertex's layer run DL4J's 2-D convolution through libnd4j's operations
     * ({@link org.pc4j.trainers.spi.LayerSite#convolutionOperations}); set by the engine once, before the first batch.
     * Vertices without a layer ignore it.
     */
    public void convolutionOperations(boolean on) {
    }

    /** @return true if this vertex's layer runs its convolution through libnd4j's operations */
    public boolean usesConvolutionOperations() {
        return false;
    }

    /** @return how many forward passes (predictions) of this vertex the engine has run. */
    public long forwardCalls() {
        return forwardCalls;
    }

    /** @return how many backprops of this vertex the engine has run. */
    public long backwardCalls() {
        return backwardCalls;
    }

    /**
     * @return how many of those backprops were asked for the parameter gradient; the others asked for the messages
     *         alone ({@link #messages}), which dense and output layers serve without computing it (other layers run
     *         their full backprop and the gradient is ignored)
     */
    public long gradientCalls() {
        return gradientCalls;
    }

    void countGradient() {
        gradientCalls++;
    }

    void countForward() {
        forwardCalls++;
    }

    void countBackward() {
        backwardCalls++;
    }

    /** @return the vertex's position in the engine's topological order. */
    public int index() {
        return index;
    }

    /** @return the length of the longest path from this vertex to a network output (0 for an output layer). */
    public int level() {
        return level;
    }

    @Override
    public String toString() {
        return description;
    }
}
