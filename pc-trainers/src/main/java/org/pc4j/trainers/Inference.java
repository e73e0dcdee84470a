package org.pc4j.trainers;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What inference alone ({@link PcSession#infer}) reached: the value node {@code x} of every hidden layer and the
 * prediction {@code mu} of every output layer after the last step, and the total energy at each step. The arrays are
 * copies, the caller's to keep.
 *
 * @param nodes       the hidden layers' names, in the network's order
 * @param values      {@code values.get(i)}: the value node of {@code nodes.get(i)}, {@code [miniBatch, ...]}
 * @param predictions the prediction of each output layer from its relaxed inputs, {@code [miniBatch, nOut]}
 * @param energies    the total energy (the outputs' losses summed over the batch plus every hidden node's energy) at
 *                    each step run; its length is the number of steps, fewer than asked where the energy converged
 */
public record Inference(List<String> nodes, List<INDArray> values, List<INDArray> predictions, double[] energies) {

    public Inference {
        nodes = List.copyOf(nodes);
        values = List.copyOf(values);
        predictions = List.copyOf(predictions);
        energies = energies.clone();
    }

    /** @return a copy of the total energy per step */
    @Override
    public double[] energies() {
        return energies.clone();
    }

    /** @return the number of steps run */
    public int steps() {
        return energies.length;
    }

    /**
     * @return the value node of the hidden layer {@code name}
     * @throws IllegalArgumentException if the network has no hidden layer of that name
     */
    public INDArray value(String name) {
        int i = nodes.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("No hidden layer '" + name + "'; the hidden layers are " + nodes);
        }
        return values.get(i);
    }
}
