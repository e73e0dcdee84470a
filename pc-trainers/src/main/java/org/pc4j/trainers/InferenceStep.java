package org.pc4j.trainers;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A read-only view of one inference step, given to {@link PcListener#onInferenceStep}: the state at which the
 * step evaluates the energy, before the value nodes move.
 *
 * <p>{@code values.get(k)} is the value node {@code x} that layer {@code k} predicts and {@code predictions.get(k)}
 * its prediction {@code mu}, for every layer but the output layer (whose node is clamped to the labels). The arrays
 * are the engine's own and are valid only during the call: do not modify them, and {@code dup()} what you keep.
 *
 * @param step        the step within the batch, from 0
 * @param energies    the energy of each layer's node (see {@link BatchResult})
 * @param values      the hidden value nodes
 * @param predictions their predictions
 */
public record InferenceStep(int step, double[] energies, List<INDArray> values, List<INDArray> predictions) {

    public InferenceStep {
        energies = energies.clone();
        values = List.copyOf(values);
        predictions = List.copyOf(predictions);
    }

    /** @return a copy of the energies, one per layer. */
    @Override
    public double[] energies() {
        return energies.clone();
    }

    /** @return the total energy of the step. */
    public double totalEnergy() {
        double sum = 0;
        for (double e : energies) {
            sum += e;
        }
        return sum;
    }
}
