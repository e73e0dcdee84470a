package org.pc4j.trainers;

/** Inference learning with T value updates and one weight update; see {@link Schedule#pc(int)}. */
public record PcSchedule(int valueSteps) implements Schedule {

    @Override
    public Kind kind() {
        return Kind.PC;
    }

    public PcSchedule {
        if (valueSteps < 1 || valueSteps > MAX_STEPS) {
            throw new IllegalArgumentException("pc(T) needs 1 <= T <= " + MAX_STEPS + " value-node steps, got " + valueSteps);
        }
    }

    @Override
    public int steps(int depth) {
        return valueSteps + 1;
    }

    /** PC reads its gradients after T value steps: T must be at least the farthest arrival step. */
    @Override
    public int minimumSteps(int farthestArrival) {
        return Math.max(1, farthestArrival);
    }

    @Override
    public double defaultInferenceRate() {
        return 0.1;
    }

    @Override
    public Readout readout(int level, int step, int steps) {
        return step == steps - 1 ? Readout.FULL : Readout.NONE;
    }

    @Override
    public boolean updatesWeightsAfter(int step, int steps) {
        return step == steps - 1;
    }

    @Override
    public String toString() {
        return "pc(" + valueSteps + ")";
    }
}
