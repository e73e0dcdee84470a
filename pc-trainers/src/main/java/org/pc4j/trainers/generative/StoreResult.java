package org.pc4j.trainers.generative;

/**
 * What storing patterns did.
 *
 * @param iterations     iPC iterations run (values and weights updated at each)
 * @param converged      true if the energy converged before the iteration budget
 * @param initialEnergy  the total energy at the first iteration, summed over the patterns
 * @param finalEnergy    the total energy at the last iteration
 * @param seconds        wall time
 */
public record StoreResult(int iterations, boolean converged, double initialEnergy, double finalEnergy, double seconds) {
}
