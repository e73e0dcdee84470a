package org.pc4j.trainers;

import org.deeplearning4j.nn.api.Model;

/**
 * Observes predictive-coding inference. DL4J's own {@link org.deeplearning4j.optimize.api.TrainingListener}s set on
 * the network are called as under {@code net.fit} ({@code onEpochStart}, {@code onGradientCalculation} before each
 * weight update, {@code iterationDone} after it, {@code onEpochEnd}); a {@code PcListener} additionally sees the
 * inference steps. Listeners must not modify the network.
 */
public interface PcListener {

    /**
     * Called after the energies of an inference step were evaluated, before the values move.
     *
     * @param network the network being trained
     * @param step    the step's energies and state; its arrays are valid only during the call
     */
    default void onInferenceStep(Model network, InferenceStep step) {
    }

    /** Called when a batch is done, after its weight updates. */
    default void onBatchEnd(Model network, BatchResult result) {
    }
}
