package org.pc4j.trainers.engine;

import org.pc4j.trainers.DivergenceException;

/**
 * Stops a diverging run before it damages the weights. After every inference step the total energy must be finite
 * and at most {@code factor * max(E0, batchSize)}, where {@code E0} is the total energy at the start of the batch
 * (with forward-pass initialisation, DL4J's summed loss on the batch). Inference with a small enough rate only
 * lowers the energy, so growth by orders of magnitude means the value dynamics or the weights blew up.
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
    void check(int step, double[] energies, double initial, int batchSize, PredictorGraph graph, double inferenceRate, int iteration) {
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
        throw new DivergenceException("Predictive-coding inference diverged at iteration " + iteration + ", inference step " + step
                + ": " + what + "; largest at " + graph.predictor(worst) + " (" + energies[worst] + "). "
                + "Lower the inference rate (now " + inferenceRate + ") or the learning rate, use fewer inference steps, or add "
                + "gradient clipping. Nothing was applied at this step: parameters are as after the last good update.", step);
    }
}
