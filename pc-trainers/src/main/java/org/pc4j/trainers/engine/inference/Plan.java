package org.pc4j.trainers.engine.inference;

import org.pc4j.trainers.PcSchedule;
import org.pc4j.trainers.Schedule;

/**
 * A schedule resolved once for one network and one training call: the number of steps and the decisions the batch
 * loop makes, each asked one question.
 *
 * @param schedule          the schedule
 * @param steps             inference steps (energy evaluations) per batch
 * @param batchScope        true if one memory scope serves the whole batch (the schedule computes each layer once)
 * @param stableActivations true if activations outlive their step (one batch scope, or no workspaces at all), so that
 *                          a layer whose input did not change need not be recomputed to refresh its caches
 * @param hiddenEnergies    true if hidden nodes' energies are evaluated at every step (for traces, and for the
 *                          divergence guard wherever updates read the relaxed state)
 * @param learnsVariances   true if learnable node variances take their M-step with the weight updates
 * @param learns            false for inference alone: no gradient is read and no weight moves
 * @param tolerance         stop at the first step whose total energy changed by at most this fraction of the
 *                          previous step's (0: never stop early)
 * @param stopsBeforeReadout true if a converged step becomes the batch's last step before its gradients are read
 *                          (PC, which reads its weight gradient at its last step); false if the batch stops after
 *                          the converged step (iPC, which reads and applies at every step; inference alone)
 * @param earliestStop      the first step at which the batch may stop early (PC: the step at which the error
 *                          wavefront has reached every layer)
 */
record Plan(Schedule schedule, int steps, boolean batchScope, boolean stableActivations, boolean hiddenEnergies,
            boolean learnsVariances, boolean learns, double tolerance, boolean stopsBeforeReadout, int earliestStop) {

    /**
     * @param memoryEnabled  true if inference runs in workspaces
     * @param tracesEnergies true if every energy is recorded at every step
     */
    static Plan of(Schedule schedule, int depth, boolean memoryEnabled, boolean tracesEnergies) {
        boolean batchScope = StepRules.computesEachLayerOnce(schedule);
        return new Plan(schedule, StepRules.steps(schedule, depth), batchScope, batchScope || !memoryEnabled,
                tracesEnergies || StepRules.learnsFromRelaxedState(schedule), StepRules.learnsVariances(schedule), true,
                schedule.convergenceTolerance(), schedule.kind() == Schedule.Kind.PC, schedule.kind() == Schedule.Kind.PC ? depth - 1 : 1);
    }

    /**
     * The plan of inference alone: {@code steps} synchronous value steps of PC (every layer computed at every step)
     * with the weights frozen, stopping early where the energy converged within {@code tolerance}.
     */
    static Plan inference(int steps, double tolerance, boolean memoryEnabled) {
        return new Plan(new PcSchedule(steps), steps, false, !memoryEnabled, true, false, false, tolerance, false, 1);
    }

    /** @return whether the run stops after step {@code e}, whose total energy is {@code after} and the previous {@code before}. */
    boolean converged(int e, double before, double after) {
        return tolerance > 0 && e > 0 && e >= earliestStop && Math.abs(after - before) <= tolerance * Math.abs(before);
    }

    /** @return whether a layer at {@code level} may be computed at step {@code e}. */
    boolean computes(int level, int e) {
        return StepRules.computes(schedule, level, e);
    }

    /**
     * @return whether the node of a layer at {@code level} moves after step {@code e}: not after the last step, and
     *         only while the layer it feeds ({@code level - 1}) is still computed, i.e. the wavefront has not passed it
     */
    boolean moves(int level, int e) {
        return e < steps - 1 && StepRules.computes(schedule, level - 1, e);
    }

    /** @return whether any value node moves after step {@code e}. */
    boolean movesValues(int e) {
        return movesValues(e, steps);
    }

    /** @return whether any value node moves after step {@code e} of a batch that runs {@code batchSteps} steps. */
    boolean movesValues(int e, int batchSteps) {
        return e < batchSteps - 1;
    }

    /** @return what step {@code e} does with the weight gradient of a layer at {@code level}. */
    StepRules.Readout readout(int level, int e) {
        return readout(level, e, steps);
    }

    /** @return the same, in a batch that runs {@code batchSteps} steps (fewer than planned where it stopped early). */
    StepRules.Readout readout(int level, int e, int batchSteps) {
        return learns ? StepRules.readout(schedule, level, e, batchSteps) : StepRules.Readout.NONE;
    }

    /** @return whether the gradients read so far are applied after step {@code e}. */
    boolean updatesWeightsAfter(int e) {
        return updatesWeightsAfter(e, steps);
    }

    /** @return the same, in a batch that runs {@code batchSteps} steps. */
    boolean updatesWeightsAfter(int e, int batchSteps) {
        return learns && StepRules.updatesWeightsAfter(schedule, e, batchSteps);
    }

    /** @return whether an update after step {@code e} is applied inside the step loop (each step its own scope). */
    boolean updatesWithinLoop(int e) {
        return updatesWithinLoop(e, steps);
    }

    /** @return the same, in a batch that runs {@code batchSteps} steps. */
    boolean updatesWithinLoop(int e, int batchSteps) {
        return !batchScope && updatesWeightsAfter(e, batchSteps);
    }
}
