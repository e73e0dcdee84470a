package org.pc4j.trainers.engine.inference;

import java.util.Arrays;

/**
 * Which layers have work at a step, so that the engine does none twice. A layer is <b>active</b> at a step if the
 * schedule computes its level then and its error may be non-zero: it is an output, or its prediction is
 * <b>stale</b> (its input or its weights changed), or its node has moved off its prediction. An active layer needs a
 * forward pass if it is stale or its caches are gone (<b>not cached</b>: after a per-step scratch scope, or a backprop
 * that consumes them). Under forward-pass initialisation every hidden error is exactly zero until the output error
 * reaches it, so the first steps compute only the layers the wavefront has reached.
 *
 * <p>Per-batch object; pure bookkeeping (no arrays).
 */
final class Wavefront {

    private final boolean[] stale;
    private final boolean[] cached;
    private final boolean[] active;
    private final boolean[] outputEnergyStale;
    private final int[] changedAt;

    Wavefront(int size) {
        stale = new boolean[size];
        cached = new boolean[size];
        active = new boolean[size];
        outputEnergyStale = new boolean[size];
        changedAt = new int[size];
        Arrays.fill(changedAt, -1);
    }

    /** Layer {@code k} was computed by the forward pass that initialises the batch. */
    void initialised(int k) {
        stale[k] = false;
        cached[k] = true;
    }

    /**
     * Decides whether layer {@code k} is active at this step.
     *
     * @param computes     whether the schedule computes the layer's level at this step
     * @param output       whether the layer is an output (its error is never known to be zero)
     * @param atPrediction whether the layer's node is exactly at its prediction
     */
    void mark(int k, boolean computes, boolean output, boolean atPrediction) {
        active[k] = computes && (output || stale[k] || !atPrediction);
    }

    boolean active(int k) {
        return active[k];
    }

    /** @return whether active layer {@code k} needs a forward pass before this step's energies. */
    boolean needsForward(int k) {
        return active[k] && (stale[k] || !cached[k]);
    }

    /** @return whether layer {@code k}'s forward caches are valid. */
    boolean cached(int k) {
        return cached[k];
    }

    /** @return whether layer {@code k}'s prediction is stale (its input or weights changed since it was computed). */
    boolean stale(int k) {
        return stale[k];
    }

    /**
     * Layer {@code k} was computed at step {@code e}. If its prediction was stale it changed: the step is recorded, and
     * an output's energy is stale.
     */
    void computed(int k, int e, boolean output) {
        if (stale[k]) {
            changedAt[k] = e;
            outputEnergyStale[k] |= output;
        }
        stale[k] = false;
        cached[k] = true;
    }

    /** @return whether layer {@code k}'s prediction was recomputed from changed inputs at step {@code e}. */
    boolean predictionChangedAt(int k, int e) {
        return changedAt[k] == e;
    }

    /** @return whether output {@code k}'s energy must be evaluated again; clears the mark. */
    boolean takeOutputEnergyStale(int k) {
        boolean s = outputEnergyStale[k];
        outputEnergyStale[k] = false;
        return s;
    }

    /** Layer {@code k}'s input or weights changed: its prediction is stale and its caches are gone. */
    void inputChanged(int k) {
        stale[k] = true;
        cached[k] = false;
    }

    /** Layer {@code k}'s backprop consumed its caches. */
    void cacheConsumed(int k) {
        cached[k] = false;
    }

    /** A step's scratch scope closed: no layer's caches survive. */
    void dropCaches() {
        Arrays.fill(cached, false);
    }
}
