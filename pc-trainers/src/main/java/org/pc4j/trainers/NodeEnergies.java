package org.pc4j.trainers;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.pc4j.layers.energy.CategoricalEnergy;
import org.pc4j.layers.energy.Energy;
import org.pc4j.layers.energy.GaussianEnergy;

/**
 * Which energy each hidden value node has. Immutable.
 *
 * <p>By default a node whose layer ends in a softmax (a {@code DenseLayer}, convolution, recurrent or
 * {@code ActivationLayer} with {@code Activation.SOFTMAX}) gets the {@link CategoricalEnergy} under PC and iPC
 * (spec §1.12a: [000] shows that a Gaussian energy on probabilities learns clearly worse), and every other node the
 * {@link GaussianEnergy}. Z-IL and Fa-Z-IL exist to equal backprop, which only the Gaussian energy's dynamics do, so
 * they keep Gaussian energies unless a node is overridden explicitly.
 *
 * @param categoricalSoftmax true to give softmax nodes the categorical energy under PC and iPC
 * @param overrides          energies chosen by the user, by layer name ({@code "layer2"} in a
 *                           {@code MultiLayerNetwork} whose layers are unnamed) or vertex name; they apply under
 *                           every schedule
 */
public record NodeEnergies(boolean categoricalSoftmax, Map<String, Energy> overrides) {

    public NodeEnergies {
        Objects.requireNonNull(overrides, "overrides");
        overrides.forEach((k, v) -> {
            Objects.requireNonNull(k, "node name");
            Objects.requireNonNull(v, "energy of node " + k);
        });
        overrides = Map.copyOf(overrides);
    }

    /** @return the defaults: categorical energies on softmax nodes under PC and iPC, Gaussian elsewhere. */
    public static NodeEnergies defaults() {
        return new NodeEnergies(true, Map.of());
    }

    /** @return these choices with {@code energy} for the node of layer or vertex {@code name}. */
    public NodeEnergies with(String name, Energy energy) {
        Map<String, Energy> m = new LinkedHashMap<>(overrides);
        m.put(name, energy);
        return new NodeEnergies(categoricalSoftmax, m);
    }

    /**
     * @param name        the node's layer or vertex name
     * @param softmaxNode true if the node's layer ends in a softmax
     * @return the node's energy under {@code schedule}
     */
    public Energy energyOf(String name, boolean softmaxNode, Schedule schedule) {
        Energy chosen = overrides.get(name);
        if (chosen != null) {
            return chosen;
        }
        boolean exact = schedule instanceof Schedule.Zil || schedule instanceof Schedule.FaZil;
        return categoricalSoftmax && softmaxNode && !exact ? CategoricalEnergy.INSTANCE : GaussianEnergy.INSTANCE;
    }
}
