package org.pc4j.trainers.engine.inference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.pc4j.trainers.BatchResult;
import org.pc4j.trainers.FaZilSchedule;
import org.pc4j.trainers.Inference;
import org.pc4j.trainers.engine.memory.Scope;
import org.pc4j.trainers.engine.memory.StepMemory;

/**
 * The predictive-coding inference of one minibatch, for any schedule, in named parts: the value initialisation
 * ({@link ValueInitialiser}); per step, the {@link Wavefront} marks the layers with work, {@link LayerCalls} runs their
 * forward passes, {@link StepEnergies} evaluates the energies at that snapshot, the {@link StepObserver} reports and
 * guards them, the {@link BackwardSweep} computes every message and gradient at the same snapshot, the
 * {@link MessageDelays} level skip edges, the {@link ValueMove} moves the value nodes, and the {@link WeightStep}
 * applies the weight update where the {@link Plan} says.
 *
 * <p><b>Work done once.</b> A layer is computed at a step only if its error may be non-zero (its node moved off its
 * prediction, or its prediction is stale); Z-IL also skips the layers the wavefront has passed, so it computes each
 * layer once: one forward and one backward pass, like backprop. Value nodes move in place; parameters are never
 * copied. Per-batch object: created for one batch and dropped.
 */
final class BatchInference {

    private final Engine engine;
    private final Plan plan;
    private final BatchState state;
    private final ValueInitialiser init;
    private final LayerCalls calls;
    private final StepEnergies energies;
    private final StepObserver observer;
    private final BackwardSweep backward;
    private final MessageDelays delays;
    private final ValueMove move;
    private final VarianceLearning variances;
    private final WeightStep weights;
    private final FaZilGate gate;

    BatchInference(Engine engine, Plan plan, MultiDataSet batch) {
        this(engine, plan, batch, null, null);
    }

    BatchInference(Engine engine, Plan plan, MultiDataSet batch, GradientCapture capture) {
        this(engine, plan, batch, capture, null);
    }

    /**
     * @param capture where the batch's update goes instead of the network, or null to apply it
     * @param start   the hidden nodes' starting values in node order, or null for the configured value initialisation
     */
    BatchInference(Engine engine, Plan plan, MultiDataSet batch, GradientCapture capture, List<INDArray> start) {
        this.engine = engine;
        this.plan = plan;
        double gamma = engine.config().inferenceRate();
        this.state = new BatchState(engine.view(), batch, engine.energies(), engine.pool(), gamma);
        this.calls = new LayerCalls(state, plan);
        this.init = new ValueInitialiser(state, calls, engine.config().valueInit(), engine.view().network().iteration(), start);
        this.energies = new StepEnergies(state, plan);
        this.observer = new StepObserver(state, plan, engine.listeners(), engine.guard(), gamma);
        GradientReadout readout = new GradientReadout(engine.view(), engine.pool());
        this.gate = plan.schedule() instanceof FaZilSchedule fz
                ? new FaZilGate(state, calls, readout, fz.window(), engine.pool()) : null;
        this.backward = new BackwardSweep(state, plan, calls, readout, gate);
        MessageDelays d = StepRules.delaysMessages(plan.schedule()) ? new MessageDelays(engine.view(), engine.pool()) : null;
        this.delays = d != null && d.any() ? d : null;
        this.move = new ValueMove(state, plan, gamma, engine.config().inferenceRateControl(), engine.rateControl(),
                new ValueSteps(engine.config().valueOptimizer(), engine.pool(), state.size));
        this.variances = plan.learnsVariances() ? new VarianceLearning(state, engine.pool()) : null;
        this.weights = new WeightStep(state, plan, readout, engine.weightUpdate(), engine.memory(), variances, gamma, capture);
    }

    /** @return the batch's energies and counts, or null if the engine does not trace energies */
    BatchResult run() {
        double[][] trace = steps();
        if (!engine.tracesEnergies()) {
            return null;
        }
        return new BatchResult(plan.schedule(), engine.view().descriptions(), trace, state.updates,
                gate == null ? Optional.empty() : Optional.of(gate.stats()));
    }

    /**
     * Runs the plan (which learns nothing) and reads the state it reached.
     *
     * @return the hidden value nodes and the outputs' predictions after the last step, copied
     */
    Inference infer() {
        double[][] trace = steps();
        List<String> names = new ArrayList<>();
        List<INDArray> values = new ArrayList<>();
        List<INDArray> outputs = new ArrayList<>();
        try (MemoryWorkspace outside = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            LayerWorkspaceMgr none = LayerWorkspaceMgr.noWorkspaces();
            for (int k = 0; k < state.size; k++) {
                if (state.view.isOutput(k)) {
                    // DL4J's activate zeroes the outputs a labels mask excludes: predict them unmasked
                    Layer layer = state.view.predictor(k).layer();
                    INDArray mask = layer.getMaskArray();
                    layer.setMaskArray(null);
                    try {
                        outputs.add(state.view.predictor(k).predict(state.inputsOf(k), state.miniBatch, none).dup());
                    } finally {
                        layer.setMaskArray(mask);
                    }
                } else {
                    names.add(state.view.predictor(k).name());
                    values.add(state.nodes[k].value().dup());
                }
            }
        }
        double[] totals = Arrays.stream(trace).mapToDouble(t -> Arrays.stream(t).sum()).toArray();
        return new Inference(names, values, outputs, totals);
    }

    /** @return every step's energies, up to the last step or the step at which the energy converged */
    private double[][] steps() {
        double[][] trace = new double[plan.steps()][];
        double[] totals = new double[plan.steps()];
        int done = plan.steps();
        state.steps = plan.steps();
        StepMemory memory = engine.memory();
        try (MemoryWorkspace outside = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            try (Scope batchMemory = plan.batchScope() ? memory.open() : Scope.NONE) {
                for (int e = 0; e < plan.steps(); e++) {
                    try (Scope stepMemory = plan.batchScope() ? Scope.NONE : memory.open()) {
                        trace[e] = step(e, totals, memory);
                        totals[e] = Arrays.stream(trace[e]).sum();
                    }
                    if (!plan.stableActivations()) {
                        state.wavefront.dropCaches();
                    }
                    if (plan.updatesWithinLoop(e, state.steps)) {
                        weights.apply(e);
                    }
                    if (e == state.steps - 1 || e > 0 && !plan.stopsBeforeReadout() && plan.converged(e, totals[e - 1], totals[e])) {
                        done = e + 1;
                        break;
                    }
                }
            }
            if (plan.batchScope() && plan.updatesWeightsAfter(plan.steps() - 1)) {
                weights.apply(plan.steps() - 1);
            }
        }
        return done == trace.length ? trace : Arrays.copyOf(trace, done);
    }

    /**
     * One synchronous step: every energy, message and gradient at one snapshot, then the value move.
     *
     * @param totals the total energy of every step before {@code e}
     */
    private double[] step(int e, double[] totals, StepMemory memory) {
        LayerWorkspaceMgr mgr = memory.mgr();
        if (e == 0) {
            init.initialise(mgr);
        }
        for (int k = 0; k < state.size; k++) {
            boolean output = state.view.isOutput(k);
            state.wavefront.mark(k, plan.computes(state.view.predictor(k).level(), e), output,
                    output || state.nodes[k].isAtPrediction());
        }
        calls.forward(e, mgr);
        double[] stepEnergies = energies.evaluate(mgr);
        observer.report(e, stepEnergies);
        double total = Arrays.stream(stepEnergies).sum();
        if (plan.stopsBeforeReadout() && plan.converged(e, e > 0 ? totals[e - 1] : total, total)) {
            state.steps = e + 1; // PC relaxed: this step reads the weight gradient and ends the batch
        }
        if (e > 0) {
            move.controlRate(e, totals[e - 1], total, state.view.network().iteration());
        }
        observer.guard(e, stepEnergies, e == 0 ? total : totals[0]);
        backward.backward(e, mgr, memory.backpropMgr());
        if (delays != null) {
            delays.shift(e, state.messages);
        }
        if (variances != null && plan.updatesWeightsAfter(e, state.steps)) {
            variances.capture();
        }
        if (plan.movesValues(e, state.steps)) {
            move.move(e);
        }
        return stepEnergies;
    }
}
