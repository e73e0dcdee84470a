package org.pc4j.trainers.generative;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The lowest-energy state of a network being stored: its parameters and its updater's state at the start of the
 * epoch whose relaxed energy was the lowest so far. Two buffers of each, allocated once and swapped, so remembering
 * costs one copy of the parameters and the updater state per epoch and no allocation.
 *
 * <p>Use: {@link #snapshot()} before each epoch's weight step, {@link #keep()} when that epoch's energy is a new low,
 * {@link #restore()} at the end.
 */
final class BestState {

    private final MultiLayerNetwork net;
    private INDArray spareParams;
    private INDArray bestParams;
    private INDArray spareState;
    private INDArray bestState;
    private boolean kept;

    BestState(MultiLayerNetwork net) {
        this.net = net;
        this.spareParams = net.params().dup();
        this.bestParams = net.params().dup();
        INDArray state = net.getUpdater().getStateViewArray();
        this.spareState = state == null ? null : state.dup();
        this.bestState = state == null ? null : state.dup();
    }

    /** Copies the network's parameters and updater state into the spare buffers. */
    void snapshot() {
        spareParams.assign(net.params());
        if (spareState != null) {
            spareState.assign(net.getUpdater().getStateViewArray());
        }
    }

    /** Makes the last {@link #snapshot()} the best state. */
    void keep() {
        INDArray p = bestParams;
        bestParams = spareParams;
        spareParams = p;
        INDArray s = bestState;
        bestState = spareState;
        spareState = s;
        kept = true;
    }

    /** @return whether a state was kept */
    boolean kept() {
        return kept;
    }

    /** Puts the best state back into the network (nothing if none was kept). */
    void restore() {
        if (!kept) {
            return;
        }
        net.params().assign(bestParams);
        if (bestState != null) {
            net.getUpdater().getStateViewArray().assign(bestState);
        }
    }
}
