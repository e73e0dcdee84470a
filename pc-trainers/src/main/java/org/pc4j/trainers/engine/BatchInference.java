package org.pc4j.trainers.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.pc4j.layers.energy.PrecisionWeightedEnergy;
import org.pc4j.layers.node.ValueNode;
import org.pc4j.trainers.BatchResult;
import org.pc4j.trainers.DetectionStats;
import org.pc4j.trainers.InferenceStep;
import org.pc4j.trainers.PcListener;
import org.pc4j.trainers.Schedule;
import org.pc4j.trainers.ValueInit;

/**
 * The predictive-coding inference of one minibatch on a {@link PredictorGraph}, for any {@link Schedule}.
 *
 * <p>State: value node {@code k} holds the output of predictor {@code k}; the inputs and the output nodes (labels)
 * are clamped. Each step evaluates the energy and its gradients at one snapshot, then (unless it is the last step)
 * moves every free value node by {@code x -= gamma * (dE_own/dx + sum of the messages from its consumers)}; weight
 * gradients are read and applied as the schedule says. Node {@code u} moves at step {@code e} only if its level
 * minus one is still computed ({@code schedule.computes(level(u) - 1, e)}): the wavefront has not passed it. Under a
 * levelling schedule the messages on edges that skip levels are delayed ({@link MessageDelays}).
 *
 * <p><b>Work done once.</b> A layer is computed at a step only if its error may be non-zero: its node has moved off
 * its prediction, or its prediction is stale (its input or its weights changed). Under forward-pass initialisation
 * every hidden error is exactly zero until the output error reaches it, so the first steps compute only the layers
 * the wavefront has reached; Z-IL additionally skips the layers the wavefront has passed, so it computes each layer
 * once: one forward and one backward pass, like backprop. A forward pass is repeated only when a layer's input or
 * weights changed, or its cached activations are gone (after a per-step scratch scope, or a batch normalisation
 * backprop). Value nodes move in place; parameters are never copied.
 *
 * <p>Per-batch object: created for one batch and dropped.
 */
final class BatchInference {

    private final TrainingSession session;
    private final PredictorGraph graph;
    private final Schedule schedule;
    private final double gamma;
    /** The inference rate of this batch's next value step: gamma, halved where a step raised the energy. */
    private double rate;
    private final MultiDataSet batch;
    private final INDArray[] features;
    private final INDArray[] labels;
    private final int miniBatch;
    private final int size;
    private final boolean batchScope;
    private final boolean stableActivations;
    private final boolean hiddenEnergies;

    private final ValueNode[] nodes;
    private final boolean[] stale;
    private final boolean[] cached;
    private final boolean[] active;
    private final boolean[] outputEnergyStale;
    private final INDArray[][] messages;
    private final double[] energies;
    private final long[] energyVersion;
    private final INDArray[] varianceErrors;
    private final ErrorOnsetDetector detector;
    /** The step at which each vertex's prediction was last recomputed from changed inputs (-1: the forward pass's). */
    private final int[] predictionChangedAt;
    private int currentStep;
    private final GradientReadout readout;
    private final MessageDelays delays;
    private double initialLoss;
    private int updates;

    BatchInference(TrainingSession session, MultiDataSet batch) {
        this.session = session;
        this.graph = session.graph();
        this.schedule = session.config().schedule();
        this.gamma = session.config().inferenceRate();
        this.rate = gamma;
        this.batch = batch;
        this.features = batch.getFeatures();
        this.labels = batch.getLabels();
        this.miniBatch = (int) features[0].size(0);
        this.size = graph.size();
        // a schedule that computes each layer once keeps the forward pass's caches for the whole batch
        this.batchScope = !schedule.relaxes();
        this.stableActivations = batchScope || !session.memory().enabled();
        // hidden energies are read by traces, and by the divergence guard wherever updates read the relaxed state
        this.hiddenEnergies = session.tracesEnergies() || schedule.learnsFromRelaxedState();
        this.nodes = new ValueNode[size];
        this.messages = new INDArray[size][];
        for (int k = 0; k < size; k++) {
            if (!graph.isOutput(k)) {
                nodes[k] = new ValueNode("node " + k, session.energy(k), session.pool());
            }
            messages[k] = new INDArray[graph.sources(k).length];
        }
        this.stale = new boolean[size];
        this.cached = new boolean[size];
        this.active = new boolean[size];
        this.outputEnergyStale = new boolean[size];
        this.energies = new double[size];
        this.varianceErrors = new INDArray[size];
        this.predictionChangedAt = new int[size];
        Arrays.fill(predictionChangedAt, -1);
        this.energyVersion = new long[size];
        Arrays.fill(energyVersion, -1);
        this.detector = schedule instanceof Schedule.FaZil fz ? new ErrorOnsetDetector(size, fz.window(), session.pool()) : null;
        this.readout = new GradientReadout(graph, session.pool());
        MessageDelays d = schedule.delaysMessages() ? new MessageDelays(graph, session.pool()) : null;
        this.delays = d != null && d.any() ? d : null;
    }

    /** @return the batch's energies and counts, or null if the session does not trace energies */
    BatchResult run() {
        int steps = schedule.steps(graph.depth());
        double[][] trace = new double[steps][];
        session.runningStatistics().startBatch();
        try (MemoryWorkspace outside = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            try (Scope batchMemory = batchScope ? session.memory().open() : Scope.NONE) {
                for (int e = 0; e < steps; e++) {
                    try (Scope stepMemory = batchScope ? Scope.NONE : session.memory().open()) {
                        trace[e] = step(e, steps, trace);
                    }
                    if (!stableActivations) {
                        Arrays.fill(cached, false);
                    }
                    if (!batchScope && schedule.updatesWeightsAfter(e, steps)) {
                        applyWeights(e);
                    }
                }
            }
            if (batchScope && schedule.updatesWeightsAfter(steps - 1, steps)) {
                applyWeights(steps - 1);
            }
        }
        if (!session.tracesEnergies()) {
            return null;
        }
        Optional<DetectionStats> detection = detector == null ? Optional.empty() : Optional.of(detector.stats());
        BatchResult result = new BatchResult(schedule, graph.descriptions(), trace, updates, detection);
        for (PcListener l : session.listeners()) {
            l.onBatchEnd(graph.network().model(), result);
        }
        return result;
    }

    private double[] step(int e, int steps, double[][] trace) {
        currentStep = e;
        LayerWorkspaceMgr mgr = session.memory().mgr();
        if (e == 0) {
            initialise(mgr);
        }
        for (int k = 0; k < size; k++) {
            active[k] = schedule.computes(graph.predictor(k).level(), e)
                    && (graph.isOutput(k) || stale[k] || !nodes[k].isAtPrediction());
        }
        forward(mgr);
        double[] stepEnergies = evaluateEnergies(mgr);
        if (!session.listeners().isEmpty()) {
            List<INDArray> values = new ArrayList<>();
            List<INDArray> predictions = new ArrayList<>();
            for (ValueNode node : nodes) {
                if (node != null) {
                    values.add(node.value());
                    predictions.add(node.prediction());
                }
            }
            InferenceStep view = new InferenceStep(e, stepEnergies, values, predictions);
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                for (PcListener l : session.listeners()) {
                    l.onInferenceStep(graph.network().model(), view);
                }
            }
        }
        double total = Arrays.stream(stepEnergies).sum();
        if (!Double.isFinite(total)) {
            BatchValidation.requireFiniteData(batch);
        }
        if (e > 0) {
            controlRate(e, Arrays.stream(trace[e - 1]).sum(), total);
        }
        double initialTotal = e == 0 ? total : Arrays.stream(trace[0]).sum();
        session.guard().check(e, stepEnergies, initialTotal, batch, graph, schedule, gamma);
        backward(e, steps, mgr);
        if (delays != null) {
            delays.shift(e, messages);
        }
        if (!batchScope && schedule.updatesWeightsAfter(e, steps)) {
            captureVarianceErrors();
        }
        if (e < steps - 1) {
            updateValues(e);
        }
        return stepEnergies;
    }

    /** @return the values feeding predictor {@code k}: value nodes, or network inputs. */
    private INDArray[] inputsOf(int k) {
        int[] sources = graph.sources(k);
        INDArray[] in = new INDArray[sources.length];
        for (int s = 0; s < sources.length; s++) {
            in[s] = sources[s] >= 0 ? nodes[sources[s]].value() : features[-sources[s] - 1];
        }
        return in;
    }

    /** Forward pass from the clamped inputs: every hidden value node starts at its prediction (C1, docs/algorithms.md §3). */
    private void initialise(LayerWorkspaceMgr mgr) {
        initialLoss = 0;
        for (int k = 0; k < size; k++) {
            if (graph.isOutput(k)) {
                graph.output(k).clamp(inputsOf(k)[0], labels[graph.labelIndex(k)], miniBatch, mgr);
                energies[k] = graph.output(k).energy(miniBatch, mgr);
                initialLoss += energies[k];
            } else {
                nodes[k].predict(graph.predictor(k).predict(inputsOf(k), miniBatch, mgr), stableActivations);
            }
            stale[k] = false;
            cached[k] = true;
        }
        if (session.config().valueInit() instanceof ValueInit.Perturbed p && p.sigma() > 0) {
            Random random = new Random(p.seed() + graph.network().iteration());
            for (int k = 0; k < size; k++) {
                if (graph.isOutput(k)) {
                    continue;
                }
                INDArray value = nodes[k].value();
                double[] noise = new double[(int) value.length()];
                for (int i = 0; i < noise.length; i++) {
                    noise[i] = p.sigma() * random.nextGaussian();
                }
                nodes[k].shift(Nd4j.createFromArray(noise).reshape(value.shape()).castTo(value.dataType()));
                for (int c : graph.consumers(k)) {
                    stale[c] = true;
                    cached[c] = false;
                }
            }
        }
    }

    private void forward(LayerWorkspaceMgr mgr) {
        for (int k = 0; k < size; k++) {
            if (active[k] && (stale[k] || !cached[k])) {
                recompute(k, mgr);
            }
        }
    }

    /** Runs predictor k's forward pass: a new prediction if it is stale, else only to refresh its caches. */
    private void recompute(int k, LayerWorkspaceMgr mgr) {
        if (stale[k]) {
            predictionChangedAt[k] = currentStep;
        }
        if (graph.isOutput(k)) {
            graph.output(k).clamp(inputsOf(k)[0], labels[graph.labelIndex(k)], miniBatch, mgr);
            outputEnergyStale[k] |= stale[k];
        } else {
            INDArray mu = graph.predictor(k).predict(inputsOf(k), miniBatch, mgr);
            if (stale[k]) {
                nodes[k].predict(mu, stableActivations);
            }
        }
        stale[k] = false;
        cached[k] = true;
    }

    private double[] evaluateEnergies(LayerWorkspaceMgr mgr) {
        for (int k = 0; k < size; k++) {
            if (graph.isOutput(k)) {
                if (outputEnergyStale[k]) {
                    energies[k] = graph.output(k).energy(miniBatch, mgr);
                    outputEnergyStale[k] = false;
                }
            } else if (hiddenEnergies && nodes[k].version() != energyVersion[k]) {
                energies[k] = nodes[k].energy();
                energyVersion[k] = nodes[k].version();
            }
        }
        return energies.clone();
    }

    private void backward(int e, int steps, LayerWorkspaceMgr mgr) {
        for (int k = size - 1; k >= 0; k--) {
            Arrays.fill(messages[k], null);
            if (!active[k]) {
                if (detector != null) {
                    detector.observeQuiet(k);
                }
                continue;
            }
            Predictor predictor = graph.predictor(k);
            boolean output = graph.isOutput(k);
            ErrorOnsetDetector.Gate gate = detector == null ? null
                    : detector.observe(k, e, predictor.level(), output ? graph.output(k).error(mgr) : nodes[k].predictionGradient(),
                            predictionChangedAt[k] == e);
            ensureCached(k, mgr);
            LayerWorkspaceMgr bpMgr = session.memory().backpropMgr();
            INDArray[] sent = predictor.backprop(output ? null : nodes[k].predictionGradient(), miniBatch, bpMgr);
            keepMessages(k, sent);
            afterBackprop(k);
            switch (schedule.readout(predictor.level(), e, steps)) {
                case FULL -> readout.read(k);
                case NONE -> readout.discard(k);
                case GATED -> readGated(k, gate, mgr);
                default -> throw new IllegalStateException("unknown readout");
            }
        }
    }

    /** Keeps the messages predictor {@code k} sent to value nodes, each in the shape of its node and its own array. */
    private void keepMessages(int k, INDArray[] sent) {
        int[] sources = graph.sources(k);
        for (int s = 0; s < sources.length; s++) {
            if (sources[s] < 0 || sent[s] == null) {
                continue;
            }
            INDArray message = inNodeShape(sent[s], nodes[sources[s]].prediction(), graph.predictor(k));
            for (int t = 0; t < s; t++) {
                if (messages[k][t] == message) {
                    message = message.dup(); // each node adds its own term in place
                    break;
                }
            }
            messages[k][s] = message;
        }
    }

    /**
     * @return the message in the shape of the node it is for. Some DL4J preprocessors are not symmetric: an
     *         {@code RnnToFeedForwardPreProcessor} passes a 2-d input through unchanged but returns its error as
     *         {@code [mb, n, 1]}; such unit dimensions are dropped here, as DL4J's next backprop would.
     */
    private static INDArray inNodeShape(INDArray message, INDArray node, Predictor consumer) {
        if (Arrays.equals(message.shape(), node.shape())) {
            return message;
        }
        long[] a = Arrays.stream(message.shape()).filter(d -> d != 1).toArray();
        long[] b = Arrays.stream(node.shape()).filter(d -> d != 1).toArray();
        if (!Arrays.equals(a, b)) {
            throw new IllegalStateException(consumer + " returned an error of shape " + Arrays.toString(message.shape())
                    + " for its input of shape " + Arrays.toString(node.shape()));
        }
        return message.reshape(node.shape());
    }

    /** Fa-Z-IL: adds predictor k's gradient, gated per neuron by phi, to its update of this batch. */
    private void readGated(int k, ErrorOnsetDetector.Gate gate, LayerWorkspaceMgr mgr) {
        if (gate == ErrorOnsetDetector.Gate.NONE) {
            return;
        }
        if (gate == ErrorOnsetDetector.Gate.PARTIAL && graph.predictor(k).gradientView() != null) {
            INDArray phi = detector.lastGate();
            ensureCached(k, mgr);
            if (!graph.isOutput(k)) {
                graph.predictor(k).backprop(nodes[k].predictionGradient().muli(phi), miniBatch, session.memory().backpropMgr());
            } else {
                graph.output(k).gatedBackprop(phi, session.memory().backpropMgr());
            }
            afterBackprop(k);
        }
        readout.accumulate(k);
    }

    private void ensureCached(int k, LayerWorkspaceMgr mgr) {
        if (!cached[k]) {
            recompute(k, mgr);
        }
    }

    private void afterBackprop(int k) {
        if (graph.predictor(k).consumesCache()) {
            cached[k] = false;
        }
        session.runningStatistics().afterBackprop(k, session.pool());
    }

    /** One synchronous value step: every message was computed from the same snapshot before any node moves. */
    private void updateValues(int e) {
        for (int j = 0; j < size; j++) {
            if (graph.isOutput(j) || !schedule.computes(graph.predictor(j).level() - 1, e)) {
                continue;
            }
            INDArray message = null;
            int[] consumers = graph.consumers(j);
            int[] slots = graph.consumerSlots(j);
            for (int i = 0; i < consumers.length; i++) {
                INDArray m = messages[consumers[i]][slots[i]];
                if (m != null) {
                    // messages are this step's scratch arrays: the first one accumulates the others
                    message = message == null ? m : message.addi(m);
                }
            }
            boolean moved = !nodes[j].isAtPrediction();
            if (message == null && !moved) {
                continue;
            }
            INDArray gradient = message != null ? nodes[j].addValueGradient(message) : nodes[j].valueGradient();
            nodes[j].descend(gradient, rate, stableActivations);
            for (int c : consumers) {
                stale[c] = true;
                cached[c] = false;
            }
        }
    }

    /**
     * Inference-rate control ({@link InferenceRateControl}): a step that raised the total energy was too large for the
     * current weights; the rest of the batch steps at half the rate.
     */
    private void controlRate(int e, double before, double after) {
        if (session.config().inferenceRateControl() && schedule.learnsFromRelaxedState()
                && after > before * (1 + InferenceRateControl.TOLERANCE) && rate > gamma * InferenceRateControl.FLOOR) {
            double halved = rate / 2;
            session.rateControl().halved(schedule, gamma, rate, halved, e, before, after, graph.network().iteration());
            rate = halved;
        }
    }

    /**
     * Keeps, for every node with learnable variances, its error {@code x - mu} at this step's snapshot: the state the
     * weight update after this step learns from (under iPC the values move before that update is applied).
     */
    private void captureVarianceErrors() {
        for (int k = 0; k < size; k++) {
            if (nodes[k] != null && nodes[k].energyFunction() instanceof PrecisionWeightedEnergy p && p.isLearnable()) {
                INDArray x = nodes[k].value();
                varianceErrors[k] = session.pool().buffer("variance-error/" + k, x).assign(x).subi(nodes[k].prediction());
            }
        }
    }

    /** The M-step of learnable node variances, with each node's error at the state the weights just learned from. */
    private void learnVariances() {
        for (int k = 0; k < size; k++) {
            if (varianceErrors[k] != null && nodes[k].energyFunction() instanceof PrecisionWeightedEnergy p) {
                try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                    p.learn(varianceErrors[k]);
                }
                varianceErrors[k] = null;
            }
        }
    }

    private void applyWeights(int e) {
        boolean finite;
        try (Scope checks = session.memory().open()) {
            readout.prepare();
            session.runningStatistics().beforeUpdate();
            finite = session.weightUpdate().gradientIsFinite();
        }
        if (!finite) {
            BatchValidation.requireFiniteData(batch);
            throw session.weightUpdate().divergence(e, schedule, gamma, batch);
        }
        session.weightUpdate().apply(miniBatch, initialLoss / miniBatch, session.memory().updaterMgr());
        updates++;
        if (!batchScope) {
            learnVariances(); // a schedule that computes each layer once (Z-IL) reads no relaxed errors to learn from
        }
        readout.reset();
        for (int k = 0; k < size; k++) {
            if (graph.predictor(k).gradientView() != null) {
                stale[k] = true;
                cached[k] = false;
            }
        }
    }
}
