package org.pc4j.trainers.generative;

import java.util.Arrays;
import org.pc4j.trainers.DivergenceException;

/**
 * The storing rule shared by every memory that stores by epochs (the generative network's {@link AssociativeMemory},
 * the app's graph memories): run epochs until the budget, or until the store energy has reached no new low for the
 * patience, keeping the state the lowest-energy epoch started from. The caller's state is touched only through three
 * callbacks, so the rule is the same whatever holds the weights.
 *
 * <p>Each epoch: {@code snapshot} (copy the state into a spare buffer), {@code epoch} (relax, then one weight step;
 * returns the relaxed energy, measured before the weight step), and on a new low {@code keep} (make the spare buffer
 * the best). The caller restores its best buffer afterwards. A {@link DivergenceException} in the first epoch is
 * rethrown (nothing was kept); a later one ends storing with {@link StoreResult.Stop#DIVERGED}.
 */
public final class StoringEpochs {

    /** One storing epoch. */
    @FunctionalInterface
    public interface Epoch {
        /** @return the epoch's relaxed energy (after its value steps, before its weight step) */
        double run();
    }

    private StoringEpochs() {
    }

    /**
     * @param epochs   the budget, >= 1
     * @param patience epochs without a new low after which storing stops, >= 1
     * @param start    the time storing started ({@link System#nanoTime}), for the result's seconds
     * @return what storing did; its best epoch is the state {@code keep} last kept
     * @throws DivergenceException if the first epoch diverges
     */
    public static StoreResult run(int epochs, int patience, long start, Runnable snapshot, Epoch epoch, Runnable keep) {
        if (epochs < 1 || patience < 1) {
            throw new IllegalArgumentException("storing needs >= 1 epoch and a patience >= 1, got " + epochs + " and " + patience);
        }
        double[] energies = new double[epochs];
        int done = 0;
        int best = -1;
        StoreResult.Stop stop = StoreResult.Stop.BUDGET;
        while (done < epochs) {
            snapshot.run();
            double energy;
            try {
                energy = epoch.run();
            } catch (DivergenceException e) {
                if (best < 0) {
                    throw e;
                }
                stop = StoreResult.Stop.DIVERGED;
                break;
            }
            energies[done] = energy;
            if (best < 0 || energy < energies[best]) {
                best = done;
                keep.run();
            }
            done++;
            if (done - 1 - best >= patience) {
                stop = StoreResult.Stop.PATIENCE;
                break;
            }
        }
        return new StoreResult(done, best, stop, Arrays.copyOf(energies, done), (System.nanoTime() - start) / 1e9);
    }
}
