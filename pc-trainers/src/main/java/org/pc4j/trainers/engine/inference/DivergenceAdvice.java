package org.pc4j.trainers.engine.inference;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.learning.config.AMSGrad;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.AdaMax;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nadam;
import org.nd4j.linalg.learning.config.RmsProp;
import org.pc4j.trainers.Schedule;
import org.pc4j.trainers.engine.network.NetworkView;
import org.pc4j.trainers.updater.NadamBiasCorrection;

/**
 * What to change when training diverges, from what the network and the batch show: the parts of a
 * {@link org.pc4j.trainers.DivergenceException} message after "what happened". Also the explanation of DL4J's
 * uncorrected {@link Nadam} that {@link Preflight#requireTrainable} refuses under PC and iPC: ND4J 1.0.0-M2.1 leaves out
 * its second-moment bias correction, so its update at iteration t is {@code 1/sqrt(1 - beta2^t)} times too large (a
 * step of about 60 times the learning rate per weight at the first iteration; {@link NadamBiasCorrection} restores it).
 *
 * <p>Causes it recognises, most specific first:
 * <ul>
 * <li>features far from unit scale ({@code |x| > 1000}): the energies scale with them;</li>
 * <li>otherwise the rates: the inference rate gamma for the schedules whose update reads the relaxed state (PC,
 *     iPC), the learning rate or gradient clipping for every schedule (Z-IL and Fa-Z-IL need gamma = 1 to equal
 *     backprop, so lowering it is not advised for them).</li>
 * </ul>
 */
final class DivergenceAdvice {

    /** Features beyond this magnitude are called out as unnormalised. */
    static final double LARGE_FEATURE = 1e3;
    /** Below this iteration DL4J's Nadam is still more than 25% above the published Nadam. */
    static final int NADAM_TRANSIENT_ITERATIONS = 1000;

    private DivergenceAdvice() {
    }

    /** @return the sentences that say what to change, each ending in a full stop. */
    static String whatToChange(NetworkView graph, Schedule schedule, double gamma, MultiDataSet batch) {
        List<String> advice = new ArrayList<>();
        double largest = largestFeature(batch);
        if (largest > LARGE_FEATURE) {
            advice.add(String.format("The batch's features reach |x| = %.3g: the energies grow with them; normalise the data "
                    + "(e.g. DL4J's NormalizerStandardize or ImagePreProcessingScaler).", largest));
        }
        String steps = signLikeSteps(graph);
        if (StepRules.learnsFromRelaxedState(schedule) && steps != null && graph.network().iteration() < ADAPTIVE_TRANSIENT_ITERATIONS) {
            advice.add("The run is in its first iterations and " + steps + ": steps that large can raise the loss itself "
                    + "(backprop takes them too) and make inference unstable; lower the learning rate.");
        }
        if (StepRules.learnsFromRelaxedState(schedule)) {
            advice.add("Lower the inference rate (now " + gamma + ") or the learning rate, use fewer inference steps, or add "
                    + "gradient clipping (gradientNormalization(ClipElementWiseAbsoluteValue)).");
        } else {
            advice.add(schedule + " computes backprop's update, so backprop diverges here too: lower the learning rate or add "
                    + "gradient clipping (gradientNormalization(ClipElementWiseAbsoluteValue)); keep the inference rate at 1.");
        }
        return String.join(" ", advice);
    }

    /**
     * @return the sentence that explains DL4J's Nadam to a PC user, naming the layer that uses it
     */
    static String nadamAdvice(String where, int iteration) {
        double factor = 1 / Math.sqrt(1 - Math.pow(Nadam.DEFAULT_NADAM_BETA2_VAR_DECAY, iteration + 1.0));
        return String.format("%s uses DL4J's Nadam, which leaves out Nadam's second-moment bias correction (it divides by "
                + "sqrt(v) where Nadam divides by sqrt(v / (1 - beta2^t))): at iteration %d its steps are %.3g times too large "
                + "(about 60 times the learning rate per weight at the first iteration), and steps that large make "
                + "predictive-coding inference unstable. Use Adam, or Nadam with the correction restored: "
                + ".updater(NadamBiasCorrection.nadam(learningRate)) (org.pc4j.trainers.updater).",
                where, iteration, factor);
    }

    /** An adaptive updater's first iterations, where its steps are about its learning rate per weight. */
    static final int ADAPTIVE_TRANSIENT_ITERATIONS = 100;

    /**
     * @return for the layer with the largest adaptive first step (Adam and its variants, AdaGrad, RMSProp: they divide
     *         by a running root mean square of the gradient, so their first steps are about the learning rate per
     *         weight, whatever the gradient's size), a phrase naming it and the step; null if no layer has one
     */
    static String signLikeSteps(NetworkView graph) {
        double largest = 0;
        String where = null;
        for (int k = 0; k < graph.size(); k++) {
            Layer layer = graph.predictor(k).layer();
            if (layer == null || layer.paramTable() == null || layer.paramTable().isEmpty()) {
                continue;
            }
            IUpdater updater = layer.conf().getLayer().getUpdaterByParam(layer.paramTable().keySet().iterator().next());
            double step = 0;
            if (updater instanceof Adam || updater instanceof AdaMax || updater instanceof AMSGrad || updater instanceof AdaGrad
                    || updater instanceof Nadam) {
                step = updater.getLearningRate(0, 0);
            } else if (updater instanceof RmsProp r) {
                step = r.getLearningRate(0, 0) / Math.sqrt(1 - r.getRmsDecay());
            }
            if (updater instanceof Nadam n && !NadamBiasCorrection.isCorrected(n)) {
                step *= 1.9 / Math.sqrt(1 - n.getBeta2());
            }
            if (step > largest) {
                largest = step;
                where = String.format("%s's updater %s moves each weight by about %.3g per iteration whatever its gradient",
                        graph.predictor(k), updater.getClass().getSimpleName(), step);
            }
        }
        return where;
    }

    /** @return a description of the first layer whose parameters DL4J's Nadam updates uncorrected, or null. */
    static String uncorrectedNadam(NetworkView graph) {
        for (int k = 0; k < graph.size(); k++) {
            Layer layer = graph.predictor(k).layer();
            if (layer == null || layer.paramTable() == null) {
                continue;
            }
            for (String param : layer.paramTable().keySet()) {
                IUpdater updater = layer.conf().getLayer().getUpdaterByParam(param);
                if (updater instanceof Nadam n && !NadamBiasCorrection.isCorrected(n)) {
                    return graph.predictor(k).toString();
                }
            }
        }
        return null;
    }

    private static double largestFeature(MultiDataSet batch) {
        double largest = 0;
        for (INDArray f : batch.getFeatures()) {
            if (f != null && f.dataType().isFPType()) {
                largest = Math.max(largest, f.amaxNumber().doubleValue());
            }
        }
        return largest;
    }
}
