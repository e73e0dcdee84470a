package org.pc4j.trainers.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.deeplearning4j.nn.layers.PcOutputLayerAccess;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.pc4j.layers.energy.GaussianEnergy;
import org.pc4j.layers.node.ValueNode;
import org.pc4j.trainers.BatchResult;
import org.pc4j.trainers.DetectionStats;
import org.pc4j.trainers.InferenceStep;
import org.pc4j.trainers.PcListener;
import org.pc4j.trainers.Schedule;
import org.pc4j.trainers.ValueInit;

/**
 * The predictive-coding inference of one minibatch on a {@link LayerChain}, for any {@link Schedule}.
 *
 * <p>State: value node {@code k} holds the output of layer {@code k} ({@code k < depth - 1}); the input and the
 * labels are clamped. Each step evaluates the energy and its gradients at one snapshot, then (unless it is the last
 * step) moves every free value node by {@code x -= gamma * (dE_own/dx + message from its consumer)}; weight
 * gradients are read and applied as the schedule says.
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
    private final LayerChain chain;
    private final Schedule schedule;
    private final double gamma;
    private final DataSet batch;
    private final INDArray features;
    private final INDArray labels;
    private final int miniBatch;
    private final int depth;
    private final boolean batchScope;
    private final boolean stableActivations;
    private final boolean hiddenEnergies;

    private final ValueNode[] nodes;
    private final boolean[] stale;
    private final boolean[] cached;
    private final boolean[] active;
    private final INDArray[] messages;
    private final double[] energies;
    private final long[] energyVersion;
    private final ErrorOnsetDetector detector;
    private final GradientReadout readout;
    private boolean outputEnergyStale;
    private double initialLoss;
    private int updates;

    BatchInference(TrainingSession session, DataSet batch) {
        this.session = session;
        this.chain = session.chain();
        this.schedule = session.config().schedule();
        this.gamma = session.config().inferenceRate();
        this.batch = batch;
        this.features = batch.getFeatures();
        this.labels = batch.getLabels();
        this.miniBatch = (int) features.size(0);
        this.depth = chain.depth();
        // a schedule that computes each layer once keeps the forward pass's caches for the whole batch
        this.batchScope = !schedule.relaxes();
        this.stableActivations = batchScope || !session.memory().enabled();
        // hidden energies are read by traces, and by the divergence guard wherever values keep relaxing
        this.hiddenEnergies = session.tracesEnergies() || schedule.relaxes();
        this.nodes = new ValueNode[depth - 1];
        for (int k = 0; k < depth - 1; k++) {
            nodes[k] = new ValueNode("node " + k, GaussianEnergy.INSTANCE, session.pool());
        }
        this.stale = new boolean[depth];
        this.cached = new boolean[depth];
        this.active = new boolean[depth];
        this.messages = new INDArray[depth];
        this.energies = new double[depth];
        this.energyVersion = new long[depth];
        Arrays.fill(energyVersion, -1);
        this.detector = schedule instanceof Schedule.FaZil fz ? new ErrorOnsetDetector(depth, fz.window(), session.pool()) : null;
        this.readout = new GradientReadout(chain, session.pool());
    }

    /** @return the batch's energies and counts, or null if the session does not trace energies */
    BatchResult run() {
        int steps = schedule.steps(depth);
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
        BatchResult result = new BatchResult(schedule, chain.descriptions(), trace, updates, detection);
        for (PcListener l : session.listeners()) {
            l.onBatchEnd(chain.network(), result);
        }
        return result;
    }

    private double[] step(int e, int steps, double[][] trace) {
        LayerWorkspaceMgr mgr = session.memory().mgr();
        if (e == 0) {
            initialise(mgr);
        }
        for (int k = 0; k < depth; k++) {
            active[k] = schedule.computes(chain.layer(k).level(), e)
                    && (k == depth - 1 || stale[k] || !nodes[k].isAtPrediction());
        }
        forward(mgr);
        double[] stepEnergies = evaluateEnergies(mgr);
        if (!session.listeners().isEmpty()) {
            List<INDArray> values = new ArrayList<>();
            List<INDArray> predictions = new ArrayList<>();
            for (ValueNode node : nodes) {
                values.add(node.value());
                predictions.add(node.prediction());
            }
            InferenceStep view = new InferenceStep(e, stepEnergies, values, predictions);
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                for (PcListener l : session.listeners()) {
                    l.onInferenceStep(chain.network(), view);
                }
            }
        }
        double total = Arrays.stream(stepEnergies).sum();
        if (!Double.isFinite(total)) {
            BatchValidation.requireFiniteData(batch);
        }
        double initialTotal = e == 0 ? total : Arrays.stream(trace[0]).sum();
        session.guard().check(e, stepEnergies, initialTotal, miniBatch, chain, gamma, chain.network().getIterationCount());
        backward(e, steps, mgr);
        if (e < steps - 1) {
            updateValues(e);
        }
        return stepEnergies;
    }

    /** Forward pass from the clamped input: every hidden value node starts at its prediction (spec §1.2, C1). */
    private void initialise(LayerWorkspaceMgr mgr) {
        for (int k = 0; k < depth; k++) {
            INDArray input = k == 0 ? features : nodes[k - 1].value();
            if (k < depth - 1) {
                nodes[k].predict(chain.layer(k).predict(input, miniBatch, mgr), stableActivations);
            } else {
                chain.output().clamp(input, labels, miniBatch, mgr);
            }
            stale[k] = false;
            cached[k] = true;
        }
        initialLoss = chain.output().energy(miniBatch, mgr);
        energies[depth - 1] = initialLoss;
        if (session.config().valueInit() instanceof ValueInit.Perturbed p && p.sigma() > 0) {
            Random random = new Random(p.seed() + session.batchesSeen());
            for (int k = 0; k < depth - 1; k++) {
                INDArray value = nodes[k].value();
                double[] noise = new double[(int) value.length()];
                for (int i = 0; i < noise.length; i++) {
                    noise[i] = p.sigma() * random.nextGaussian();
                }
                nodes[k].shift(Nd4j.createFromArray(noise).reshape(value.shape()).castTo(value.dataType()));
                stale[k + 1] = true;
                cached[k + 1] = false;
            }
        }
    }

    private void forward(LayerWorkspaceMgr mgr) {
        for (int k = 0; k < depth; k++) {
            if (active[k] && (stale[k] || !cached[k])) {
                recompute(k, mgr);
            }
        }
    }

    /** Runs layer k's forward pass: a new prediction if it is stale, else only to refresh the layer's caches. */
    private void recompute(int k, LayerWorkspaceMgr mgr) {
        INDArray input = k == 0 ? features : nodes[k - 1].value();
        if (k < depth - 1) {
            INDArray mu = chain.layer(k).predict(input, miniBatch, mgr);
            if (stale[k]) {
                nodes[k].predict(mu, stableActivations);
            }
        } else {
            chain.output().clamp(input, labels, miniBatch, mgr);
            outputEnergyStale |= stale[k];
        }
        stale[k] = false;
        cached[k] = true;
    }

    private double[] evaluateEnergies(LayerWorkspaceMgr mgr) {
        for (int k = 0; k < depth - 1 && hiddenEnergies; k++) {
            if (nodes[k].version() != energyVersion[k]) {
                energies[k] = nodes[k].energy();
                energyVersion[k] = nodes[k].version();
            }
        }
        if (outputEnergyStale) {
            energies[depth - 1] = chain.output().energy(miniBatch, mgr);
            outputEnergyStale = false;
        }
        return energies.clone();
    }

    private void backward(int e, int steps, LayerWorkspaceMgr mgr) {
        for (int k = depth - 1; k >= 0; k--) {
            messages[k] = null;
            if (!active[k]) {
                if (detector != null) {
                    detector.observeQuiet(k);
                }
                continue;
            }
            LayerPredictor layer = chain.layer(k);
            ErrorOnsetDetector.Gate gate = detector == null ? null
                    : detector.observe(k, e, layer.level(), k < depth - 1 ? nodes[k].predictionGradient() : chain.output().error(mgr));
            ensureCached(k, mgr);
            LayerWorkspaceMgr bpMgr = session.memory().backpropMgr();
            INDArray message = k < depth - 1
                    ? layer.backprop(nodes[k].predictionGradient(), miniBatch, bpMgr)
                    : chain.output().backprop(miniBatch, bpMgr);
            messages[k] = k > 0 ? inNodeShape(message, nodes[k - 1].prediction(), layer) : null;
            afterBackprop(k);
            switch (schedule.readout(layer.level(), e, steps)) {
                case FULL -> readout.read(k);
                case NONE -> readout.discard(k);
                case GATED -> readGated(k, gate, mgr);
                default -> throw new IllegalStateException("unknown readout");
            }
        }
    }

    /**
     * @return the message in the shape of the node it is for. Some DL4J preprocessors are not symmetric: an
     *         {@code RnnToFeedForwardPreProcessor} passes a 2-d input through unchanged but returns its error as
     *         {@code [mb, n, 1]}; such unit dimensions are dropped here, as DL4J's next backprop would.
     */
    private static INDArray inNodeShape(INDArray message, INDArray node, LayerPredictor consumer) {
        if (message == null || Arrays.equals(message.shape(), node.shape())) {
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

    /** Fa-Z-IL: adds layer k's gradient, gated per neuron by phi, to the layer's update of this batch. */
    private void readGated(int k, ErrorOnsetDetector.Gate gate, LayerWorkspaceMgr mgr) {
        if (gate == ErrorOnsetDetector.Gate.NONE) {
            return;
        }
        if (gate == ErrorOnsetDetector.Gate.PARTIAL) {
            INDArray phi = detector.lastGate();
            ensureCached(k, mgr);
            if (k < depth - 1) {
                chain.layer(k).backprop(nodes[k].predictionGradient().muli(phi), miniBatch, session.memory().backpropMgr());
            } else {
                INDArray userMask = PcOutputLayerAccess.mask2d(chain.output().layer());
                INDArray gateMask = userMask == null ? phi
                        : userMask.isColumnVector() && phi.columns() > 1 ? phi.mulColumnVector(userMask) : phi.mul(userMask);
                PcOutputLayerAccess.setMask2d(chain.output().layer(), gateMask);
                try {
                    chain.output().backprop(miniBatch, session.memory().backpropMgr());
                } finally {
                    PcOutputLayerAccess.setMask2d(chain.output().layer(), userMask);
                }
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
        if (chain.layer(k).consumesCache()) {
            cached[k] = false;
        }
        session.runningStatistics().afterBackprop(k, session.pool());
    }

    /** One synchronous value step: every message was computed from the same snapshot before any node moves. */
    private void updateValues(int e) {
        for (int j = 0; j < depth - 1; j++) {
            int consumer = j + 1;
            if (!schedule.computes(chain.layer(consumer).level(), e)) {
                continue;
            }
            INDArray message = active[consumer] ? messages[consumer] : null;
            boolean moved = !nodes[j].isAtPrediction();
            if (message == null && !moved) {
                continue;
            }
            // the message is this step's scratch array: the node's own term is added to it in place
            INDArray gradient = message != null ? nodes[j].addValueGradient(message) : nodes[j].valueGradient();
            nodes[j].descend(gradient, gamma, stableActivations);
            stale[consumer] = true;
            cached[consumer] = false;
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
            throw session.weightUpdate().divergence(e);
        }
        session.weightUpdate().apply(miniBatch, initialLoss / miniBatch, session.memory().updaterMgr());
        updates++;
        readout.reset();
        for (int k = 0; k < depth; k++) {
            if (chain.layer(k).gradientView() != null) {
                stale[k] = true;
                cached[k] = false;
            }
        }
    }
}
