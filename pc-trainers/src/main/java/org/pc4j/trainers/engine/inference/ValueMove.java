package org.pc4j.trainers.engine.inference;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The value half of one synchronous step: every free node that the wavefront has not passed moves by
 * {@code x <- x - rate * (dE_own/dx + sum of the messages from its consumers)}, every message computed from the same
 * snapshot before any node moves, the gradient turned into a step by the {@link ValueSteps} of the configured value
 * optimiser (gradient descent: the gradient itself); and the inference-rate control ({@link InferenceRateControl}) that halves the rate
 * for the rest of the batch after a step that raised the energy. Per-batch object.
 */
final class ValueMove {

    private final BatchState state;
    private final Plan plan;
    private final double gamma;
    private final boolean control;
    private final InferenceRateControl rateControl;
    private final ValueSteps steps;
    /** the moving nodes and their gradients of a step, where the value optimiser takes the whole step at once */
    private final int[] moving;
    private final INDArray[] gradients;

    /** @param control whether the configuration enables the inference-rate control */
    ValueMove(BatchState state, Plan plan, double gamma, boolean control, InferenceRateControl rateControl, ValueSteps steps) {
        this.state = state;
        this.steps = steps;
        this.plan = plan;
        this.gamma = gamma;
        this.control = control && StepRules.learnsFromRelaxedState(plan.schedule());
        this.rateControl = rateControl;
        this.moving = steps.acceleratesWholeSteps() ? new int[state.size] : null;
        this.gradients = steps.acceleratesWholeSteps() ? new INDArray[state.size] : null;
    }

    /** Moves the value nodes after step {@code e}. */
    void move(int e) {
        int count = 0;
        for (int j = 0; j < state.size; j++) {
            if (state.view.isOutput(j) || !plan.moves(state.view.predictor(j).level(), e)) {
                continue;
            }
            INDArray message = null;
            int[] consumers = state.view.consumers(j);
            int[] slots = state.view.consumerSlots(j);
            for (int i : sumOrder(consumers)) {
                INDArray m = state.messages[consumers[i]][slots[i]];
                if (m != null) {
                    // messages are this step's scratch arrays: the first one accumulates the others
                    message = message == null ? m : message.addi(m);
                }
            }
            boolean moved = !state.nodes[j].isAtPrediction();
            if (message == null && !moved) {
                continue;
            }
            INDArray gradient = message != null ? state.nodes[j].addValueGradient(message) : state.nodes[j].valueGradient();
            if (moving != null) {
                // every gradient first (each reads only its own node and this step's messages), then every move
                moving[count] = j;
                gradients[count++] = gradient;
                continue;
            }
            state.nodes[j].descend(steps.direction(j, e, gradient), state.rate, plan.stableActivations());
            state.moved(j);
        }
        if (moving != null) {
            steps.accelerate(moving, gradients, count, state.rate);
            for (int i = 0; i < count; i++) {
                state.nodes[moving[i]].descend(gradients[i], state.rate, plan.stableActivations());
                state.moved(moving[i]);
                gradients[i] = null;
            }
        }
    }

    /**
     * @param consumers a node's consumers in topological order, one entry per use (a consumer's uses by slot)
     * @return the order in which to add their messages: DL4J's backprop order, so that a sum of three or more messages is
     *         rounded as {@code net.fit} rounds it (a {@code ComputationGraph} accumulates a vertex's epsilon from its
     *         consumers in reverse topological order, each consumer's inputs by slot)
     */
    static int[] sumOrder(int[] consumers) {
        int[] order = new int[consumers.length];
        int n = 0;
        int end = consumers.length;
        while (end > 0) {
            int start = end - 1;
            while (start > 0 && consumers[start - 1] == consumers[end - 1]) {
                start--;
            }
            for (int i = start; i < end; i++) {
                order[n++] = i;
            }
            end = start;
        }
        return order;
    }

    /**
     * If the value step before step {@code e} raised the total energy from {@code before} to {@code after} (beyond
     * rounding): restarts the value optimiser ({@link ValueSteps#restart}), and halves the rate for the rest of the
     * batch where the control is on, down to {@link InferenceRateControl#FLOOR} times gamma.
     */
    void controlRate(int e, double before, double after, int iteration) {
        if (!(after > before * (1 + InferenceRateControl.TOLERANCE))) {
            return;
        }
        steps.restart();
        if (control && state.rate > gamma * InferenceRateControl.FLOOR) {
            double halved = state.rate / 2;
            rateControl.halved(plan.schedule(), gamma, state.rate, halved, e, before, after, iteration);
            state.rate = halved;
        }
    }
}
