package org.pc4j.trainers.engine.inference;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.pc4j.trainers.engine.memory.BufferPool;
import org.pc4j.trainers.engine.network.NetworkView;

/**
 * Which weight gradient each layer contributes to the next weight update of a batch. A layer's backprop writes its
 * gradient into the layer's slice of the network's gradient view (DL4J's own buffer, overwritten by every
 * backprop); the schedule says, step by step, whether that gradient is the one to apply ({@link #read}), one to
 * ignore ({@link #discard}), or a part to add up ({@link #accumulate}, Fa-Z-IL's gated updates).
 * {@link #prepare()} leaves in the view exactly what is to be applied: a layer with nothing read contributes zero.
 *
 * <p>Per-batch object.
 */
final class GradientReadout {

    private final NetworkView graph;
    private final BufferPool pool;
    private final boolean[] read;
    private final INDArray[] accumulated;

    GradientReadout(NetworkView graph, BufferPool pool) {
        this.graph = graph;
        this.pool = pool;
        this.read = new boolean[graph.size()];
        this.accumulated = new INDArray[graph.size()];
    }

    /** The gradient layer {@code k}'s backprop just wrote is its gradient for the next update. */
    void read(int k) {
        read[k] = true;
    }

    /** The gradient layer {@code k}'s backprop just wrote is not to be applied. */
    void discard(int k) {
        read[k] = false;
    }

    /** Adds the gradient layer {@code k}'s backprop just wrote to the layer's part of the next update. */
    void accumulate(int k) {
        INDArray view = graph.predictor(k).gradientView();
        if (view == null) {
            return;
        }
        if (accumulated[k] == null) {
            accumulated[k] = pool.zerosLike("accumulated/" + k, view);
        }
        accumulated[k].addi(view);
    }

    /** Writes into every layer's gradient view what the next update applies. */
    void prepare() {
        for (int k = 0; k < read.length; k++) {
            INDArray view = graph.predictor(k).gradientView();
            if (view == null) {
                continue;
            }
            if (accumulated[k] != null) {
                view.assign(accumulated[k]);
            } else if (!read[k]) {
                view.assign(0);
            }
        }
    }

    /** Starts collecting for the next update. */
    void reset() {
        for (int k = 0; k < read.length; k++) {
            read[k] = false;
            if (accumulated[k] != null) {
                accumulated[k].assign(0);
            }
        }
    }
}
