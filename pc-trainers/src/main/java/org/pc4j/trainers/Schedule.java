package org.pc4j.trainers;

/**
 * When a predictive-coding trainer moves value nodes and which weights it updates: PC, iPC, Z-IL and Fa-Z-IL share
 * one inference engine and differ only in their schedule (docs/algorithms.md §3). Every schedule initialises the value nodes
 * with a forward pass (unless the trainer is given another {@link ValueInit}) and runs a number of
 * <i>inference steps</i>; each step evaluates the energy and its gradients at one snapshot of the network, then
 * moves the free value nodes by {@code -gamma * dE/dx}.
 *
 * <p>Layers are addressed by their <b>level</b>, the distance to the output: the output layer has level 0, the
 * layer below it level 1, and a network of {@code depth} layers has levels {@code 0 .. depth-1}. Under a forward
 * pass initialisation the output error reaches level {@code l} at step {@code l} (the error wavefront).
 *
 * <table>
 * <caption>The four schedules</caption>
 * <tr><th>schedule</th><th>steps</th><th>weight gradients read</th><th>weight updates per batch</th></tr>
 * <tr><td>{@link #pc(int) pc(T)}</td><td>T + 1</td><td>all layers, at the last step (after T value updates)</td><td>1</td></tr>
 * <tr><td>{@link #ipc(int) ipc(T)}</td><td>T</td><td>all layers, at every step</td><td>T</td></tr>
 * <tr><td>{@link #zil()}</td><td>depth</td><td>the layer at level t, at step t</td><td>1</td></tr>
 * <tr><td>{@link #faZil(int) faZil(tD)}</td><td>depth (+ extra)</td><td>every layer at every step, each neuron gated by the error-onset detector phi</td><td>1</td></tr>
 * </table>
 *
 * <p>Weight gradients of one batch are applied through the network's own updater. Where a schedule reads
 * gradients at several steps and applies them once (Z-IL, Fa-Z-IL), applying them at the end is equivalent to
 * applying each at its step, because no gradient read later depends on a weight updated earlier in the same batch
 * (corollaries, docs/algorithms.md §3); it is what makes Z-IL equal DL4J's backprop with any updater (Adam included).
 *
 * <p>A schedule is a value (a record of numbers) and {@link java.io.Serializable}, so that a recipe that builds a
 * trainer from one can travel to other JVMs (pc4j on Spark ships it to the workers).
 */
public sealed interface Schedule extends java.io.Serializable permits PcSchedule, IpcSchedule, ZilSchedule, FaZilSchedule {

    /**
     * The most inference steps (or detector window, or extra steps) a schedule accepts: far beyond any use (the papers
     * run at most a few thousand), and small enough that the per-batch bookkeeping stays bounded.
     */
    int MAX_STEPS = 100_000;

    /** The four algorithms, without their step counts. */
    enum Kind {
        /** {@link Schedule#pc(int)}. */
        PC,
        /** {@link Schedule#ipc(int)}. */
        IPC,
        /** {@link Schedule#zil()}. */
        ZIL,
        /** {@link Schedule#faZil(int)}. */
        FA_ZIL
    }

    /** @return which of the four algorithms this is. */
    Kind kind();

    /**
     * Inference learning (docs/algorithms.md §3): {@code steps} value updates from the forward-pass initialisation, then one
     * weight update from the energy gradient at the relaxed state. Needs {@code steps >= depth - 1} for the
     * output error to reach every layer.
     *
     * @param steps the number of value-node updates T, at least 1 (the papers use 20 for small MLPs)
     */
    static PcSchedule pc(int steps) {
        return new PcSchedule(steps);
    }

    /**
     * Incremental PC (docs/algorithms.md §3): at every one of {@code steps} inference steps, the values and the weights are
     * updated together from the same snapshot; T weight updates (T DL4J iterations) per batch.
     *
     * @param steps the number of steps T per batch, at least 1 (the papers use 4-8)
     */
    static IpcSchedule ipc(int steps) {
        return new IpcSchedule(steps);
    }

    /**
     * Zero-divergence inference learning (docs/algorithms.md §3): forward-pass initialisation, inference rate 1, and the layer
     * at level {@code t} read at step {@code t}. Its weight update equals DL4J's backprop update exactly.
     */
    static ZilSchedule zil() {
        return new ZilSchedule(true);
    }

    /**
     * Fully autonomous Z-IL (docs/algorithms.md §3): every layer may update at every step, each neuron's update gated by
     * {@code phi}, which fires when the neuron's error becomes non-zero after {@code window} steps of exact zeros.
     * Runs {@code depth} steps. Equals Z-IL (and backprop) when every neuron's error is non-zero from its Z-IL moment
     * on, as in MLPs; it does not where an error is exactly zero at that moment and non-zero later (the inputs of a
     * max pool that are not the maximum, the inactive units below a separate ReLU {@code ActivationLayer}): phi then
     * fires late, whatever the window.
     *
     * @param window the detector's window tD, at least 1 (the paper detects the Z-IL moment 100% of the time from 4)
     */
    static Schedule faZil(int window) {
        return new FaZilSchedule(window, 0);
    }

    /**
     * Fa-Z-IL running {@code extraSteps} steps beyond the network's depth, which gives the detector the chance to
     * fire at the wrong moment (to measure its robustness).
     *
     * @param window     the detector's window tD, at least 1
     * @param extraSteps steps beyond the depth, at least 0
     */
    static Schedule faZil(int window, int extraSteps) {
        return new FaZilSchedule(window, extraSteps);
    }

    /** @return the inference rate gamma used when the trainer is not given one. */
    double defaultInferenceRate();

    /**
     * @return the relative change of the total energy from one step to the next at or below which a batch stops
     *         before its last step ({@link IpcSchedule#untilConverged}, {@link PcSchedule#untilConverged}); 0 where
     *         every batch runs all its steps
     */
    default double convergenceTolerance() {
        return 0;
    }
}
