package org.pc4j.trainers.engine.inference;

import org.pc4j.trainers.FaZilSchedule;
import org.pc4j.trainers.IpcSchedule;
import org.pc4j.trainers.PcSchedule;
import org.pc4j.trainers.Schedule;
import org.pc4j.trainers.ZilSchedule;

/**
 * What each {@link Schedule} means for the engine's step loop (docs/algorithms.md §3): how many steps a batch runs,
 * which layers a step computes, what it does with each layer's weight gradient, when the gradients read so far are
 * applied, and when the output error reaches a layer. A schedule is what the user chooses (an algorithm and its
 * numbers); these are the questions the engine asks of it, answered here in one place for all four.
 *
 * <p>Layers are addressed by their level, the distance to the output (the output layer has level 0); under a
 * forward-pass initialisation the output error reaches level {@code l} at step {@code l} (the error wavefront).
 *
 * <table>
 * <caption>The four schedules, step by step</caption>
 * <tr><th>schedule</th><th>steps</th><th>computes level l at step e</th><th>gradient read</th><th>applied after</th></tr>
 * <tr><td>pc(T)</td><td>T + 1</td><td>always</td><td>every layer at the last step</td><td>the last step</td></tr>
 * <tr><td>ipc(T)</td><td>T</td><td>always</td><td>every layer at every step</td><td>every step</td></tr>
 * <tr><td>zil()</td><td>depth</td><td>while l >= e</td><td>level l at step l</td><td>the last step</td></tr>
 * <tr><td>faZil(tD)</td><td>depth (+ extra)</td><td>always</td><td>every layer at every step, gated per neuron by phi</td><td>the last step</td></tr>
 * </table>
 */
final class StepRules {

    private StepRules() {
    }

    /** What a step does with a layer's weight gradient. */
    enum Readout {
        /** The gradient computed at this step is not used. */
        NONE,
        /** The gradient computed at this step is the layer's gradient for the next weight update. */
        FULL,
        /** The gradient, gated per neuron by the error-onset detector, is added to the layer's next update. */
        GATED
    }

    /** @return the number of inference steps (energy evaluations) per batch for a network of this many levels. */
    static int steps(Schedule schedule, int depth) {
        return switch (schedule.kind()) {
            case PC -> ((PcSchedule) schedule).valueSteps() + 1;
            case IPC -> ((IpcSchedule) schedule).valueSteps();
            case ZIL -> depth;
            case FA_ZIL -> depth + ((FaZilSchedule) schedule).extraSteps();
        };
    }

    /**
     * @return true if the schedule computes each layer at most once per batch (Z-IL: one forward and one backward pass,
     *         like backprop), so that the forward pass's activations can serve the whole batch from one memory scope;
     *         false if layers are recomputed as value nodes move, one memory scope per step
     */
    static boolean computesEachLayerOnce(Schedule schedule) {
        return schedule.kind() == Schedule.Kind.ZIL;
    }

    /**
     * @return true if learnable node variances take their M-step from the errors of the states the weights learn from
     *         (every schedule whose value nodes keep moving after the error reaches them: PC, iPC, Fa-Z-IL); false
     *         where no relaxed error exists to learn from (Z-IL)
     */
    static boolean learnsVariances(Schedule schedule) {
        return schedule.kind() != Schedule.Kind.ZIL;
    }

    /**
     * @return true if the weight updates depend on where inference relaxes to (PC, iPC), so that growing energies mean
     *         useless or harmful updates and the divergence guard stops the run; false if each update is read at the
     *         error wavefront and equals backprop's at inference rate 1 (Z-IL, Fa-Z-IL), whatever the value nodes do
     *         after their moment
     */
    static boolean learnsFromRelaxedState(Schedule schedule) {
        return schedule.kind() == Schedule.Kind.PC || schedule.kind() == Schedule.Kind.IPC;
    }

    /**
     * @return true if the schedule levels a graph (docs/algorithms.md §3): an error message from a vertex at level
     *         {@code l_c} to a node at level {@code l_u > l_c + 1} is delayed by {@code l_u - l_c - 1} steps, as by
     *         the identity vertices levelling inserts on a skip edge, so that every message reaches the node at the
     *         same step and the node's error at its own level is backprop's delta. Z-IL (unless
     *         {@link ZilSchedule#withoutLevelling()}) and Fa-Z-IL level; PC and iPC do not need to. On a chain no
     *         edge skips a level, so this changes nothing there.
     */
    static boolean delaysMessages(Schedule schedule) {
        return switch (schedule.kind()) {
            case ZIL -> ((ZilSchedule) schedule).levelled();
            case FA_ZIL -> true;
            case PC, IPC -> false;
        };
    }

    /**
     * @param level    a layer's level
     * @param shortest its shortest distance to an output
     * @return the step at which the output error first reaches the layer under forward-pass initialisation: its level
     *         where the schedule delays messages (every message arrives at the step of its longest path), else its
     *         shortest distance
     */
    static int arrivalStep(Schedule schedule, int level, int shortest) {
        return delaysMessages(schedule) ? level : shortest;
    }

    /**
     * The one rule for how many steps PC and iPC need: PC reads its gradients after T value steps and iPC at steps 0 to
     * T - 1, so the smallest T with which every layer with parameters learns from the labels is the farthest arrival
     * step (PC) or one more (iPC). Z-IL and Fa-Z-IL choose their own steps.
     *
     * @param farthestArrival the largest {@link #arrivalStep} of a layer with parameters
     * @return the smallest step count parameter with which every such layer is reached; 1 for Z-IL and Fa-Z-IL
     */
    static int minimumSteps(Schedule schedule, int farthestArrival) {
        return switch (schedule.kind()) {
            case PC -> Math.max(1, farthestArrival);
            case IPC -> farthestArrival + 1;
            case ZIL, FA_ZIL -> 1;
        };
    }

    /**
     * @return whether a layer at this level may be computed at this step. Z-IL skips the layers the wavefront has
     *         passed: their later dynamics cannot change any Z-IL update. The engine also skips every layer whose
     *         error is exactly zero, whatever the schedule.
     */
    static boolean computes(Schedule schedule, int level, int step) {
        return schedule.kind() != Schedule.Kind.ZIL || level >= step;
    }

    /** @return what step {@code step} of a batch of {@code steps} does with the weight gradient of a layer at this level. */
    static Readout readout(Schedule schedule, int level, int step, int steps) {
        return switch (schedule.kind()) {
            case PC -> step == steps - 1 ? Readout.FULL : Readout.NONE;
            case IPC -> Readout.FULL;
            case ZIL -> level == step ? Readout.FULL : Readout.NONE;
            case FA_ZIL -> Readout.GATED;
        };
    }

    /** @return whether the weight gradients read so far are applied after step {@code step} of a batch of {@code steps}. */
    static boolean updatesWeightsAfter(Schedule schedule, int step, int steps) {
        return schedule.kind() == Schedule.Kind.IPC || step == steps - 1;
    }
}
