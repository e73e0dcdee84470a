package org.pc4j.trainers.engine.inference;

import org.pc4j.trainers.Schedule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps inference stable as the weights grow. With the weights fixed, a value step {@code x <- x - gamma dE/dx}
 * lowers the energy whenever gamma is below {@code 2 / L}, where {@code L} is the largest curvature of the energy in
 * the values (for a node {@code x} feeding a layer {@code W}, about {@code 1 + ||W||^2 f'^2}); above it the values
 * oscillate or run away, and an update read from that state is not PC's. {@code L} grows with the weights during
 * training, so a rate that is stable in the first epoch can stop being so later (measured on the papers' 2 x 64 tanh
 * MLP on Fashion-MNIST at gamma 0.1, Adam 1e-3: no rising step in epochs 1-2, then 4%, 15% and 23% of the batches in
 * epochs 3-5, while the training loss went from 0.429 to 0.474 and the largest weight norm from 5.8 to 7.8).
 *
 * <p>The engine therefore compares the energy after each value step with the energy before it: if it rose (beyond a
 * relative {@link #TOLERANCE}), the rest of the batch steps at half the rate, and again if it rises again, down to
 * {@link #FLOOR} times gamma. Under PC the weights are fixed during inference, so a rise is the value step's alone.
 * Under iPC the weights move at every step too, and a rise may also come from them; halving gamma then costs some
 * inference speed and nothing else, while a value step above the limit is contained (measured on the AlphaGo Zero
 * dual residual network of the conformance suite: batch normalisation divides by batch standard deviations of 0.04
 * to 0.16, which raises the curvature below it by their inverse squares; at gamma 0.1 iPC(16)'s energy grew 15-fold
 * in the first batch once the error reached the policy head, and with the control it rises once, by 6%, and then
 * falls). A run whose energies never rise is bit-identical to one without the control. Each batch starts at the
 * configured gamma. The first halving of a training call is logged with its numbers. Z-IL and Fa-Z-IL are never
 * controlled: they equal backprop only at gamma = 1.
 *
 * <p>Per training session.
 */
final class InferenceRateControl {

    /** A rise smaller than this, relative to the energy, is rounding, not instability. */
    static final double TOLERANCE = 1e-9;
    /** The rate is not halved below this fraction of gamma. */
    static final double FLOOR = 1.0 / 1024;

    private static final Logger log = LoggerFactory.getLogger(InferenceRateControl.class);

    private boolean logged;

    void halved(Schedule schedule, double gamma, double from, double to, int step, double before, double after, int iteration) {
        if (!logged) {
            logged = true;
            log.warn("{} at inference rate {}: the step before inference step {} of iteration {} raised the energy "
                    + "from {} to {}, the sign that the rate is above the stable limit for the current weights; pc4j "
                    + "halves the rate for the rest of such batches (now {}). A lower inferenceRate avoids this; "
                    + "inferenceRateControl(false) keeps the rate fixed.",
                    schedule, gamma, step, iteration, String.format("%.6g", before), String.format("%.6g", after), to);
        }
    }

}
