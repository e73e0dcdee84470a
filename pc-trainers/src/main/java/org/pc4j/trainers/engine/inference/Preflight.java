package org.pc4j.trainers.engine.inference;

import java.util.ArrayList;
import java.util.List;
import org.pc4j.trainers.PcConfig;
import org.pc4j.trainers.Schedule;
import org.pc4j.trainers.UnsupportedNetworkException;
import org.pc4j.trainers.ValueInit;
import org.pc4j.trainers.engine.network.NetworkView;
import org.pc4j.trainers.engine.network.Predictor;

/**
 * The checks a training call makes before its first batch. Warnings, for settings that are valid but make a schedule
 * learn less than it could:
 * <ul>
 * <li>too few inference steps: under forward-pass initialisation the output error reaches a vertex at the step
 *     equal to its shortest distance to an output (its level where the schedule delays messages); a layer with
 *     parameters that it does not reach within the batch's steps learns nothing from the labels
 *     ({@link #unreached});</li>
 * </ul>
 * and the refusal of settings that a schedule would train silently badly ({@link #requireTrainable}).
 */
public final class Preflight {

    private Preflight() {
    }

    /** @return the warnings for training {@code graph} with {@code config}, each a full sentence; empty if none. */
    public static List<String> warnings(NetworkView graph, PcConfig config) {
        List<String> out = new ArrayList<>();
        List<String> unreached = unreached(graph, config.schedule(), config.valueInit());
        if (!unreached.isEmpty()) {
            out.add(config.schedule() + ": the output error does not reach " + unreached + " within the batch's "
                    + StepRules.steps(config.schedule(), graph.depth()) + " inference steps, so they learn nothing from the labels. "
                    + "Use at least " + minimumSteps(graph, config.schedule()) + " steps.");
        }
        return out;
    }

    /**
     * Refuses what a schedule would train silently badly: DL4J's uncorrected Nadam in its first
     * {@value DivergenceAdvice#NADAM_TRANSIENT_ITERATIONS} iterations under PC or iPC. Measured on the official
     * MNISTDoubleLayer example (784-500-100 ReLU, Nadam, 16 batches of 64): iPC(5) ends at a constant prediction (13%
     * test accuracy, every unit of the second hidden layer dead after one batch; backprop 72%), because Nadam's first
     * steps of 60 times its learning rate per weight make the inference energy grow 900-fold within the first batch;
     * with the correction restored iPC(5) reaches 72% and PC(20) 80% (backprop 80%).
     *
     * @throws UnsupportedNetworkException naming the layer and what to change
     */
    public static void requireTrainable(NetworkView graph, PcConfig config) {
        if (StepRules.learnsFromRelaxedState(config.schedule()) && graph.network().iteration() < DivergenceAdvice.NADAM_TRANSIENT_ITERATIONS) {
            String nadam = DivergenceAdvice.uncorrectedNadam(graph);
            if (nadam != null) {
                throw new UnsupportedNetworkException("pc4j will not train with " + config.schedule() + " here: "
                        + DivergenceAdvice.nadamAdvice(nadam, graph.network().iteration()) + " (Z-IL and Fa-Z-IL, which compute "
                        + "backprop's update, accept it.)");
            }
        }
    }

    /**
     * @return the layers with parameters that the output error does not reach within the steps {@code schedule} runs
     *         on {@code graph} (empty for any initialisation other than the forward pass, where every error may be
     *         non-zero from the start)
     */
    static List<String> unreached(NetworkView graph, Schedule schedule, ValueInit init) {
        List<String> unreached = new ArrayList<>();
        if (!(init instanceof ValueInit.ForwardPass)) {
            return unreached;
        }
        int lastReadStep = StepRules.steps(schedule, graph.depth()) - 1; // every schedule reads gradients up to its last step
        for (int k = 0; k < graph.size(); k++) {
            Predictor p = graph.predictor(k);
            if (p.gradientView() != null && arrival(graph, schedule, k) > lastReadStep) {
                unreached.add(p.toString());
            }
        }
        return unreached;
    }

    /**
     * @return the step count parameter T (of {@code pc(T)} or {@code ipc(T)}, given as {@code schedule}'s kind) with
     *         which the output error reaches every layer with parameters of {@code graph}, by the schedule's own rule
     *         ({@link StepRules#minimumSteps}); 1 for Z-IL and Fa-Z-IL, which always reach every layer
     */
    public static int minimumSteps(NetworkView graph, Schedule schedule) {
        int farthest = 0;
        for (int k = 0; k < graph.size(); k++) {
            if (graph.predictor(k).gradientView() != null) {
                farthest = Math.max(farthest, arrival(graph, schedule, k));
            }
        }
        return StepRules.minimumSteps(schedule, farthest);
    }

    /** @return the inference steps a batch of {@code schedule} runs on {@code graph} (at most, where it may stop early). */
    public static int stepsPerBatch(Schedule schedule, NetworkView graph) {
        return StepRules.steps(schedule, graph.depth());
    }

    /** @return the step at which the output error first reaches predictor k. */
    private static int arrival(NetworkView graph, Schedule schedule, int k) {
        return StepRules.arrivalStep(schedule, graph.predictor(k).level(), graph.shortestDistance(k));
    }
}
