package org.pc4j.trainers;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What the inference of one minibatch did: the energy of every layer at every inference step, and how many weight
 * updates were applied.
 *
 * <p>{@code energy(step, layer)} is the energy of the value node that layer {@code layer} predicts, summed over the
 * minibatch: {@code 1/2 ||x - mu||^2} for a hidden layer, and the output layer's own loss (DL4J's score times the
 * minibatch size) for the output layer. Step 0 is the state right after initialisation; with forward-pass
 * initialisation every hidden energy is exactly 0 there and the output energy is DL4J's loss on the batch. A layer
 * the engine did not compute at a step (Z-IL skips the layers the wavefront has passed) reports the value from the
 * last step that computed it.
 *
 * @param schedule       the schedule that ran
 * @param layers         a description of each layer, indexed like the network's layers
 * @param energies       {@code energies[step][layer]}
 * @param weightUpdates  the number of weight updates (DL4J iterations) applied
 * @param detection      the Fa-Z-IL detector's statistics; empty for the other schedules
 */
public record BatchResult(Schedule schedule, List<String> layers, double[][] energies, int weightUpdates,
                          Optional<DetectionStats> detection) {

    public BatchResult {
        layers = List.copyOf(layers);
        energies = Arrays.stream(energies).map(double[]::clone).toArray(double[][]::new);
        for (double[] row : energies) {
            if (row.length != layers.size()) {
                throw new IllegalArgumentException("every step needs one energy per layer (" + layers.size() + "), got " + row.length);
            }
        }
    }

    /** @return the number of inference steps recorded. */
    public int steps() {
        return energies.length;
    }

    /** @return the energy of the node predicted by {@code layer} at {@code step}. */
    public double energy(int step, int layer) {
        return energies[step][layer];
    }

    /** @return the total energy (sum over layers) at {@code step}. */
    public double totalEnergy(int step) {
        return Arrays.stream(energies[step]).sum();
    }

    /** @return a copy of the energies, {@code [step][layer]}. */
    @Override
    public double[][] energies() {
        return Arrays.stream(energies).map(double[]::clone).toArray(double[][]::new);
    }

    @Override
    public String toString() {
        return "BatchResult[" + schedule + ", steps=" + steps() + ", updates=" + weightUpdates
                + ", E0=" + totalEnergy(0) + ", E_last=" + totalEnergy(steps() - 1) + detection.map(d -> ", " + d).orElse("") + "]";
    }
}
