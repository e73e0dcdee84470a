package org.pc4j.trainers.generative;

import java.util.Arrays;

/**
 * What storing patterns did. The network is left with the parameters of epoch {@link #bestEpoch}.
 *
 * @param epochs    storing epochs run (one weight step each)
 * @param bestEpoch the epoch (from 0) whose relaxed energy was the lowest: the parameters the network keeps
 * @param stop      why storing stopped
 * @param energies  the relaxed energy of each epoch (after its value steps, before its weight step), summed over the
 *                  patterns; {@code epochs} values (a copy is returned)
 * @param seconds   wall time
 */
public record StoreResult(int epochs, int bestEpoch, Stop stop, double[] energies, double seconds) {

    /** Why storing stopped. */
    public enum Stop {
        /** the relaxed energy reached no new low for {@link MemoryConfig#storePatience} epochs */
        PATIENCE,
        /** {@link MemoryConfig#storeEpochs} epochs were run */
        BUDGET,
        /** a weight step made the network's values non-finite; the step was not applied */
        DIVERGED
    }

    public StoreResult {
        energies = energies.clone();
        if (energies.length != epochs || bestEpoch < 0 || bestEpoch >= epochs) {
            throw new IllegalArgumentException("a store result needs one energy per epoch and a best epoch among them");
        }
    }

    @Override
    public double[] energies() {
        return energies.clone();
    }

    /** @return the relaxed energy of the first epoch */
    public double initialEnergy() {
        return energies[0];
    }

    /** @return the lowest relaxed energy, that of {@link #bestEpoch} */
    public double bestEnergy() {
        return energies[bestEpoch];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoreResult r && r.epochs == epochs && r.bestEpoch == bestEpoch && r.stop == stop
                && Arrays.equals(r.energies, energies) && Double.compare(r.seconds, seconds) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * epochs + bestEpoch) + stop.hashCode()) + Arrays.hashCode(energies);
    }

    @Override
    public String toString() {
        return "StoreResult[epochs=" + epochs + ", bestEpoch=" + bestEpoch + ", stop=" + stop + ", bestEnergy=" + bestEnergy()
                + ", seconds=" + seconds + "]";
    }
}
