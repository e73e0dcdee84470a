package org.pc4j.trainers.graph;

/** Sees a PC graph's value steps (training and queries) and its training batches. */
public interface GraphListener {

    /** Called at every evaluated state: before each value move, and once at the state the batch or query ends in. */
    default void onStep(GraphStep step) {
    }

    /**
     * Called after a training batch's weight update.
     *
     * @param batch    the batch's index since the graph was made
     * @param energies E before each of the T value moves and at the final state (T + 1 entries)
     */
    default void onBatchEnd(int batch, double[] energies) {
    }
}
