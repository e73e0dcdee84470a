package org.pc4j.trainers;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.pc4j.layers.energy.CategoricalEnergy;
import org.pc4j.layers.energy.Energy;
import org.pc4j.layers.energy.GaussianEnergy;
import org.pc4j.layers.energy.GaussianVarianceEnergy;

/**
 * Which energy each hidden value node has. Immutable.
 *
 * <p>By default, under PC and iPC, the F_KL energies go where the node calls for them (docs/algorithms.md §4): a node whose
 * layer ends in a softmax (a {@code DenseLayer}, convolution, recurrent or {@code ActivationLayer} with
 * {@code Activation.SOFTMAX}) gets the {@link CategoricalEnergy} ([000] shows that a Gaussian energy on
 * probabilities learns worse), a VAE bottleneck (the node a {@code GaussianSampling} layer reads) the
 * {@link GaussianVarianceEnergy}, and every other node the {@link GaussianEnergy}. Z-IL and Fa-Z-IL exist to equal
 * backprop, which only the Gaussian energy's dynamics do, so they keep Gaussian energies unless a node is overridden
 * explicitly.
 *
 * @param automatic true to choose F_KL energies for softmax and bottleneck nodes under PC and iPC
 * @param overrides energies chosen by the user, by layer name ({@code "layer2"} in a {@code MultiLayerNetwork} whose
 *                  layers are unnamed) or vertex name; they apply under every schedule
 */
public record NodeEnergies(boolean automatic, Map<String, Energy> overrides) {

    /** What a node is, as far as the choice of its energy goes. */
    public enum Kind {
        /** Any other node: Gaussian. */
        PLAIN,
        /** The output of a softmax: a probability vector along dimension 1. */
        SOFTMAX,
        /** The (mean, log-variance) input of a Gaussian sampling layer. */
        VARIANCE_BOTTLENECK
    }

    public NodeEnergies {
        Objects.requireNonNull(overrides, "overrides");
        overrides.forEach((k, v) -> {
            Objects.requireNonNull(k, "node name");
            Objects.requireNonNull(v, "energy of node " + k);
        });
        overrides = Map.copyOf(overrides);
    }

    /** @return the defaults: F_KL energies on softmax and bottleneck nodes under PC and iPC, Gaussian elsewhere. */
    public static NodeEnergies defaults() {
        return new NodeEnergies(true, Map.of());
    }

    /** @return these choices with {@code energy} for the node of layer or vertex {@code name}. */
    public NodeEnergies with(String name, Energy energy) {
        Map<String, Energy> m = new LinkedHashMap<>(overrides);
        m.put(name, energy);
        return new NodeEnergies(automatic, m);
    }

    /**
     * @param name the node's layer or vertex name
     * @param kind what the node is
     * @return the node's energy under {@code schedule}
     */
    public Energy energyOf(String name, Kind kind, Schedule schedule) {
        Energy chosen = overrides.get(name);
        if (chosen != null) {
            return chosen;
        }
        boolean exact = schedule instanceof ZilSchedule || schedule instanceof FaZilSchedule;
        if (!automatic || exact) {
            return GaussianEnergy.INSTANCE;
        }
        return switch (kind) {
            case SOFTMAX -> CategoricalEnergy.INSTANCE;
            case VARIANCE_BOTTLENECK -> GaussianVarianceEnergy.INSTANCE;
            case PLAIN -> GaussianEnergy.INSTANCE;
        };
    }
}
