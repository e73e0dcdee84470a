package org.pc4j.trainers.engine.inference;

import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.pc4j.trainers.DivergenceException;
import org.pc4j.trainers.Schedule;
import org.pc4j.trainers.engine.network.NetworkView;

/**
 * Stops a diverging run before it damages the weights. After every inference step of a schedule whose updates read
 * the relaxed state (PC, iPC; {@link StepRules#learnsFromRelaxedState}), the total energy must be finite and at most
 * {@code factor * max(E0, batchSize)}, where {@code E0} is the total energy at the start of the batch (with
 * forward-pass initialisation, DL4J's summed loss on the batch). Inference with a small enough rate only lowers the
 * energy, so growth by orders of magnitude means the value dynamics or the weights blew up, and an update from that
 * state is harmful.
 *
 * <p>Z-IL and Fa-Z-IL read each layer's update at the error wavefront, where it equals backprop's at inference rate 1
 * whatever the value nodes do afterwards (with rate 1 they may oscillate after their moment): for them only
 * non-finite gradients stop the run ({@link WeightUpdate#divergence}), and the advice never suggests lowering the
 * inference rate.
 */
final class DivergenceGuard {

    private final double factor;

    /** @param factor a number > 1, or +infinity to check finiteness only */
    DivergenceGuard(double factor) {
        this.factor = factor;
    }

    /**
     * @throws DivergenceException if the energies are not finite or too large; nothing was updated at this step yet
     */
    void check(int step, double[] energies, double initial, MultiDataSet batch, NetworkView graph, Schedule schedule,
               double inferenceRate) {
        if (!StepRules.learnsFromRelaxedState(schedule)) {
            return;
        }
        int batchSize = (int) batch.getFeatures(0).size(0);
        double total = 0;
        int worst = 0;
        for (int k = 0; k < energies.length; k++) {
            total += energies[k];
            if (Double.isNaN(energies[k]) || (!Double.isNaN(energies[worst]) && energies[k] > energies[worst])) {
                worst = k;
            }
        }
        double limit = factor * Math.max(initial, batchSize);
        if (Double.isFinite(total) && total <= limit) {
            return;
        }
        String what = Double.isFinite(total)
                ? String.format("the total energy %.4g exceeds %.4g (divergence factor %.3g times max(initial energy %.4g, batch size %d))",
                        total, limit, factor, initial, batchSize)
                : "the energy is " + total;
        throw new DivergenceException("Predictive-coding inference diverged at iteration " + graph.network().iteration()
                + ", inference step " + step + ": " + what + "; largest at " + graph.predictor(worst) + " (" + energies[worst]
                + "). " + DivergenceAdvice.whatToChange(graph, schedule, inferenceRate, batch)
                + " Nothing was applied at this step: parameters are as after the last good update.", step);
    }
}
