package org.pc4j.trainers;

/**
 * Incremental PC with at most T steps per batch; see {@link Schedule#ipc(int)}.
 *
 * @param valueSteps the steps per batch T
 * @param tolerance  stop a batch after the first step whose total energy changed by at most this fraction of the
 *                   previous step's (0: always T steps); see {@link #untilConverged}
 */
public record IpcSchedule(int valueSteps, double tolerance) implements Schedule {

    /** iPC with T steps per batch, every batch running all of them. */
    public IpcSchedule(int valueSteps) {
        this(valueSteps, 0);
    }

    @Override
    public Kind kind() {
        return Kind.IPC;
    }

    public IpcSchedule {
        if (valueSteps < 1 || valueSteps > MAX_STEPS) {
            throw new IllegalArgumentException("ipc(T) needs 1 <= T <= " + MAX_STEPS + " steps, got " + valueSteps);
        }
        if (!(tolerance >= 0 && tolerance < 1)) {
            throw new IllegalArgumentException("ipc(T).untilConverged(tol) needs 0 <= tol < 1, got " + tolerance);
        }
    }

    /**
     * @param tol the relative energy change per step, {@code |E_t - E_(t-1)| <= tol * |E_t-1|}, at which a batch
     *            stops (after that step's weight update), never past T steps; for long full-batch runs such as
     *            storing memories (Alg. 6 of Salvatori's thesis)
     * @return this schedule stopping each batch at convergence
     */
    public IpcSchedule untilConverged(double tol) {
        return new IpcSchedule(valueSteps, tol);
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
        return "ipc(" + valueSteps + ")" + (tolerance > 0 ? ".untilConverged(" + tolerance + ")" : "");
    }
}
