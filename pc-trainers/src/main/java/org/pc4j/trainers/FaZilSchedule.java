package org.pc4j.trainers;

/** Fully autonomous Z-IL; see {@link Schedule#faZil(int)}. */
public record FaZilSchedule(int window, int extraSteps) implements Schedule {

    @Override
    public Kind kind() {
        return Kind.FA_ZIL;
    }

    public FaZilSchedule {
        if (window < 1 || window > MAX_STEPS) {
            throw new IllegalArgumentException("faZil(tD) needs a detector window 1 <= tD <= " + MAX_STEPS + ", got " + window);
        }
        if (extraSteps < 0 || extraSteps > MAX_STEPS) {
            throw new IllegalArgumentException("faZil extra steps must be in [0, " + MAX_STEPS + "], got " + extraSteps);
        }
    }

    @Override
    public double defaultInferenceRate() {
        return 1.0;
    }

    @Override
    public String toString() {
        return extraSteps == 0 ? "faZil(" + window + ")" : "faZil(" + window + ", +" + extraSteps + ")";
    }
}
