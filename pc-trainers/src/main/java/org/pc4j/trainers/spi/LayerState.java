package org.pc4j.trainers.spi;

/**
 * The state one layer keeps across the inference steps of a batch, created once per training call
 * ({@link LayerAdapter#state(LayerSite)}) and driven by the engine in this order for every batch:
 * {@link #startBatch()}, then {@link #afterBackprop()} after each of the layer's backprops and
 * {@link #beforeUpdate()} before each weight update, then {@link #endBatch()} (also when the batch fails).
 * Examples: batch normalisation's running statistics (taken once per batch), a sampling layer's noise (held for the
 * batch).
 */
public interface LayerState {

    /** The state of a layer that keeps none. */
    LayerState NONE = new LayerState() {
    };

    /** Before the batch's first forward pass. */
    default void startBatch() {
    }

    /** After each backprop of the layer in the batch. */
    default void afterBackprop() {
    }

    /** Before each weight update, after the layers' gradients are in the network's gradient view. */
    default void beforeUpdate() {
    }

    /** After the batch, whether it succeeded or not. */
    default void endBatch() {
    }
}
