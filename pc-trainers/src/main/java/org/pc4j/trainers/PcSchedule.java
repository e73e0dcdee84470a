package org.pc4j.trainers;

/**
 * Inference learning with T value updates and one weight update; see {@link Schedule#pc(int)}.
 *
 * @param valueSteps the value steps per batch T
 * @param tolerance  relax only until the total energy changes by at most this fraction of itself in one step, then
 *                   read the weight gradient there (0: always T steps); see {@link #untilConverged}
 */
public record PcSchedule(int valueSteps, double tolerance) implements Schedule {

    /** PC with T value steps in every batch. */
    public PcSchedule(int valueSteps) {
        this(valueSteps, 0);
    }

    @Override
    public Kind kind() {
        return Kind.PC;
    }

    public PcSchedule {
        if (valueSteps < 1 || valueSteps > MAX_STEPS) {
            throw new IllegalArgumentException("pc(T) needs 1 <= T <= " + MAX_STEPS + " value-node steps, got " + valueSteps);
        }
        if (!(tolerance >= 0 && tolerance < 1)) {
            throw new IllegalArgumentException("pc(T).untilConverged(tol) needs 0 <= tol < 1, got " + tolerance);
        }
    }

    /**
     * Adaptive inference: each batch relaxes until the step at which the total energy changed by at most {@code tol}
     * of the previous step's, {@code |E_t - E_(t-1)| <= tol |E_(t-1)|}, and reads the weight gradient at that state
     * (that step becomes the batch's last); never past T value steps, and never before the output error has reached
     * every layer (step depth - 1 under a forward-pass start), so that every layer gets its gradient.
     * {@link BatchResult#steps()} says how many energy evaluations a batch used.
     *
     * @param tol in [0, 1); 0 turns the rule off
     * @return this schedule stopping each batch's relaxation at convergence
     */
    public PcSchedule untilConverged(double tol) {
        return new PcSchedule(valueSteps, tol);
    }

    @Override
    public double convergenceTolerance() {
        return tolerance;
    }

    @Override
    public double defaultInferenceRate() {
        return 0.1;
    }

    @Override
    public String toString() {
        return "pc(" + valueSteps + ")" + (tolerance > 0 ? ".untilConverged(" + tolerance + ")" : "");
    }
}
