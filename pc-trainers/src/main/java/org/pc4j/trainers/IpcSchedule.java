package org.pc4j.trainers;

/** Incremental PC with T steps per batch; see {@link Schedule#ipc(int)}. */
public record IpcSchedule(int valueSteps) implements Schedule {

    @Override
    public Kind kind() {
        return Kind.IPC;
    }

    public IpcSchedule {
        if (valueSteps < 1 || valueSteps > MAX_STEPS) {
            throw new IllegalArgumentException("ipc(T) needs 1 <= T <= " + MAX_STEPS + " steps, got " + valueSteps);
        }
    }

    @Override
    public int steps(int depth) {
        return valueSteps;
    }

    /** iPC reads its gradients at steps 0 .. T - 1: T must exceed the farthest arrival step. */
    @Override
    public int minimumSteps(int farthestArrival) {
        return farthestArrival + 1;
    }

    @Override
    public double defaultInferenceRate() {
        return 0.1;
    }

    @Override
    public Readout readout(int level, int step, int steps) {
        return Readout.FULL;
    }

    @Override
    public boolean updatesWeightsAfter(int step, int steps) {
        return true;
    }

    @Override
    public String toString() {
        return "ipc(" + valueSteps + ")";
    }
}
