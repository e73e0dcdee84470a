package org.pc4j.trainers.engine;

import java.util.ArrayList;
import java.util.List;
import org.pc4j.trainers.PcConfig;
import org.pc4j.trainers.Schedule;
import org.pc4j.trainers.ValueInit;

/**
 * The warnings a training call gives before its first batch, for settings that are valid but make a schedule learn
 * badly on this network:
 * <ul>
 * <li>too few inference steps: under forward-pass initialisation the output error reaches a vertex at the step
 *     equal to its shortest distance to an output (its level where the schedule delays messages); a layer with
 *     parameters that it does not reach within the batch's steps learns nothing from the labels
 *     ({@link #unreached});</li>
 * <li>DL4J's uncorrected Nadam under a schedule that learns from the relaxed state ({@link DivergenceAdvice}).</li>
 * </ul>
 */
public final class Preflight {

    private Preflight() {
    }

    /** @return the warnings for training {@code graph} with {@code config}, each a full sentence; empty if none. */
    public static List<String> warnings(PredictorGraph graph, PcConfig config) {
        List<String> out = new ArrayList<>();
        List<String> unreached = unreached(graph, config.schedule(), config.valueInit());
        if (!unreached.isEmpty()) {
            out.add(config.schedule() + ": the output error does not reach " + unreached + " within the batch's "
                    + config.schedule().steps(graph.depth()) + " inference steps, so they learn nothing from the labels. "
                    + "Use at least " + minimumSteps(graph, config.schedule()) + " steps.");
        }
        if (config.schedule().learnsFromRelaxedState() && graph.network().iteration() < DivergenceAdvice.NADAM_TRANSIENT_ITERATIONS) {
            String nadam = DivergenceAdvice.uncorrectedNadam(graph);
            if (nadam != null) {
                out.add(DivergenceAdvice.nadamAdvice(nadam, graph.network().iteration()));
            }
        }
        return out;
    }

    /**
     * @return the layers with parameters that the output error does not reach within the steps {@code schedule} runs
     *         on {@code graph} (empty for any initialisation other than the forward pass, where every error may be
     *         non-zero from the start)
     */
    static List<String> unreached(PredictorGraph graph, Schedule schedule, ValueInit init) {
        List<String> unreached = new ArrayList<>();
        if (!(init instanceof ValueInit.ForwardPass)) {
            return unreached;
        }
        int lastReadStep = schedule.steps(graph.depth()) - 1; // every schedule reads gradients up to its last step
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
     *         which the output error reaches every layer with parameters of {@code graph}; Z-IL and Fa-Z-IL always do
     */
    public static int minimumSteps(PredictorGraph graph, Schedule schedule) {
        int t = 1;
        while (!unreached(graph, withSteps(schedule, t), ValueInit.forwardPass()).isEmpty()) {
            t++;
        }
        return t;
    }

    private static Schedule withSteps(Schedule schedule, int t) {
        if (schedule instanceof Schedule.Pc) {
            return Schedule.pc(t);
        }
        return schedule instanceof Schedule.Ipc ? Schedule.ipc(t) : schedule;
    }

    /** @return the step at which the output error first reaches predictor k. */
    private static int arrival(PredictorGraph graph, Schedule schedule, int k) {
        return schedule.delaysMessages() ? graph.predictor(k).level() : graph.shortestDistance(k);
    }
}
