package org.pc4j.trainers.engine.inference;

import org.pc4j.trainers.engine.memory.Scope;
import org.pc4j.trainers.engine.memory.StepMemory;
import org.pc4j.trainers.engine.network.BatchValidation;

/**
 * One weight update from the gradients read so far: the readout leaves in the gradient view exactly what is to be
 * applied, the layers' per-batch state adds its part (batch normalisation's running statistics), a non-finite
 * gradient stops the run before anything is applied, and the network's own updater applies it
 * ({@link WeightUpdate}). Afterwards every layer with parameters is stale. Per-batch object.
 */
final class WeightStep {

    private final BatchState state;
    private final Plan plan;
    private final GradientReadout readout;
    private final WeightUpdate update;
    private final StepMemory memory;
    private final VarianceLearning variances;
    private final double gamma;
    private final GradientCapture capture;

    /**
     * @param variances the variance M-step, or null where the plan learns none
     * @param capture   where the update goes instead of the network, or null to apply it
     */
    WeightStep(BatchState state, Plan plan, GradientReadout readout, WeightUpdate update, StepMemory memory,
               VarianceLearning variances, double gamma, GradientCapture capture) {
        this.state = state;
        this.plan = plan;
        this.readout = readout;
        this.update = update;
        this.memory = memory;
        this.variances = variances;
        this.gamma = gamma;
        this.capture = capture;
    }

    /**
     * Applies the update read up to step {@code e}.
     *
     * @throws org.pc4j.trainers.DivergenceException if the gradient is not finite; nothing is applied
     * @throws org.pc4j.trainers.InvalidBatchException if that is because the batch holds NaN or infinite values
     */
    void apply(int e) {
        boolean finite;
        try (Scope checks = memory.open()) {
            readout.prepare();
            for (int k = 0; k < state.size; k++) {
                state.view.predictor(k).state().beforeUpdate();
            }
            finite = update.gradientIsFinite();
        }
        if (!finite) {
            BatchValidation.requireFiniteData(state.batch);
            throw update.divergence(e, plan.schedule(), gamma, state.batch);
        }
        if (capture != null) {
            capture.take(state.view.network().flattenedGradients(), state.labelledExamples, state.initialLoss / state.labelledExamples);
        } else {
            update.apply(state.labelledExamples, state.initialLoss / state.labelledExamples, memory.updaterMgr());
        }
        state.updates++;
        if (variances != null) {
            variances.learn();
        }
        readout.reset();
        for (int k = 0; k < state.size; k++) {
            if (state.view.predictor(k).gradientView() != null) {
                state.wavefront.inputChanged(k);
            }
        }
    }
}
