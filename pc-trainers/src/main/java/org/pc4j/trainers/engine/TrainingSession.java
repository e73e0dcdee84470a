package org.pc4j.trainers.engine;

import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.exception.DL4JException;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.pc4j.trainers.BatchResult;
import org.pc4j.trainers.InvalidBatchException;
import org.pc4j.trainers.PcConfig;
import org.pc4j.trainers.PcListener;
import org.pc4j.layers.conf.GaussianSampling;
import org.pc4j.layers.energy.Energy;
import org.pc4j.layers.noise.BatchNoise;
import org.pc4j.trainers.NodeEnergies;

/**
 * Everything one training call on one network needs across batches: the validated network view, the reusable
 * buffers and scratch memory, the updater bridge. Created by {@code PcTrainer.fit}/{@code fitBatch} and closed at
 * its end, which frees all of its memory; nothing is kept on the trainer or the network.
 */
public final class TrainingSession implements AutoCloseable {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(TrainingSession.class);

    private final NetworkLease lease;
    private final PredictorGraph graph;
    private final MultiLayerNetwork chainNet;
    private final ComputationGraph graphNet;
    private final PcConfig config;
    private final List<PcListener> listeners;
    private final boolean tracesEnergies;
    private final BufferPool pool = new BufferPool();
    private final StepMemory memory;
    private final WeightUpdate weightUpdate;
    private final DivergenceGuard guard;
    private final RunningStatistics runningStatistics;
    private final InferenceRateControl rateControl = new InferenceRateControl();
    private final Energy[] energies;

    /**
     * @param traceEnergies true to record every layer's energy at every step and return a {@link BatchResult} per
     *                      batch (always when there are listeners); false saves the energy evaluations that only a
     *                      trace would read
     * @throws org.pc4j.trainers.UnsupportedNetworkException if pc4j cannot train this network
     */
    public TrainingSession(MultiLayerNetwork net, PcConfig config, List<PcListener> listeners, boolean traceEnergies) {
        this(PredictorGraph.of(net), net, null, config, listeners, traceEnergies);
    }

    /**
     * @param traceEnergies as for a {@code MultiLayerNetwork}; energies are per non-input vertex, in topological order
     * @throws org.pc4j.trainers.UnsupportedNetworkException if pc4j cannot train this graph
     */
    public TrainingSession(ComputationGraph net, PcConfig config, List<PcListener> listeners, boolean traceEnergies) {
        this(PredictorGraph.of(net), null, net, config, listeners, traceEnergies);
    }

    private TrainingSession(PredictorGraph graph, MultiLayerNetwork chainNet, ComputationGraph graphNet, PcConfig config,
                            List<PcListener> listeners, boolean traceEnergies) {
        this.lease = NetworkLease.acquire(graph.network().model());
        try {
            this.graph = graph;
        this.chainNet = chainNet;
        this.graphNet = graphNet;
        this.config = config;
        this.listeners = List.copyOf(listeners);
        this.tracesEnergies = traceEnergies || !listeners.isEmpty();
        this.memory = new StepMemory(config.workspaceMode());
        this.weightUpdate = new WeightUpdate(graph);
        this.guard = new DivergenceGuard(config.divergenceFactor());
        this.runningStatistics = new RunningStatistics(graph);
        this.energies = energies(graph, config);
            Preflight.requireTrainable(graph, config);
            for (String w : Preflight.warnings(graph, config)) {
                log.warn(w);
            }
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    /**
     * @return the energy of every hidden node (null for outputs), as {@link PcConfig#energies()} chooses
     * @throws IllegalArgumentException if an override names no hidden node of the network
     */
    private static Energy[] energies(PredictorGraph graph, PcConfig config) {
        Energy[] out = new Energy[graph.size()];
        java.util.Set<String> hidden = new java.util.LinkedHashSet<>();
        for (int k = 0; k < graph.size(); k++) {
            if (graph.isOutput(k)) {
                continue;
            }
            Predictor p = graph.predictor(k);
            hidden.add(p.name());
            out[k] = config.energies().energyOf(p.name(), kindOf(graph, k), config.schedule());
        }
        for (String name : config.energies().overrides().keySet()) {
            if (!hidden.contains(name)) {
                throw new IllegalArgumentException("An energy was chosen for '" + name + "', which is no hidden value node of "
                        + "the network (an output node's energy is its loss). Hidden nodes: " + hidden);
            }
        }
        return out;
    }

    private static NodeEnergies.Kind kindOf(PredictorGraph graph, int k) {
        for (int c : graph.consumers(k)) {
            Layer consumer = graph.predictor(c).layer();
            if (consumer != null && consumer.conf().getLayer() instanceof GaussianSampling) {
                return NodeEnergies.Kind.VARIANCE_BOTTLENECK;
            }
        }
        return graph.predictor(k) instanceof LayerPredictor lp && lp.endsInSoftmax() ? NodeEnergies.Kind.SOFTMAX
                : NodeEnergies.Kind.PLAIN;
    }

    /** @return the energy of predictor {@code k}'s value node (null for an output). */
    Energy energy(int k) {
        return energies[k];
    }

    /**
     * Infers and learns on one minibatch.
     *
     * @return the batch's energy trace, or null if this session does not trace energies
     * @throws InvalidBatchException if the batch does not fit; nothing changes
     * @throws org.pc4j.trainers.DivergenceException if the run diverges; the update of the diverging step is not applied
     */
    public BatchResult fit(DataSet batch) {
        if (graphNet != null) {
            BatchValidation.checkPresent(batch);
            return fit(BatchValidation.toMulti(batch));
        }
        BatchValidation.check(batch, chainNet);
        return run(BatchValidation.toMulti(batch));
    }

    /**
     * Infers and learns on one minibatch with one features and one labels array per network input and output.
     *
     * @return the batch's energy trace, or null if this session does not trace energies
     * @throws InvalidBatchException if the batch does not fit; nothing changes
     * @throws org.pc4j.trainers.DivergenceException if the run diverges; the update of the diverging step is not applied
     */
    public BatchResult fit(MultiDataSet batch) {
        if (chainNet != null) {
            return fit(BatchValidation.toSingle(batch));
        }
        BatchValidation.check(batch, graphNet);
        return run(batch);
    }

    private BatchResult run(MultiDataSet batch) {
        BatchValidation.requireFinite(batch);
        TrainedNetwork net = graph.network();
        for (Layer l : net.layers()) {
            l.setIterationCount(net.iteration());
            l.setEpochCount(net.epoch());
        }
        try {
            net.startBatch(batch);
            for (Layer l : net.layers()) {
                if (l instanceof BatchNoise noisy) {
                    noisy.holdNoise(); // one noise draw for all of the batch's inference steps (docs/algorithms.md §5)
                }
            }
            try (DropoutMasks ignored = new DropoutMasks(net.layers(), pool)) {
                return new BatchInference(this, batch).run();
            }
        } catch (DL4JException e) {
            throw new InvalidBatchException("The batch (features " + shapes(batch.getFeatures()) + ", labels "
                    + shapes(batch.getLabels()) + ") does not fit the network: " + e.getMessage(), e);
        } finally {
            net.endBatch();
            for (Layer l : net.layers()) {
                if (l instanceof BatchNoise noisy) {
                    noisy.releaseNoise();
                }
            }
            for (Layer l : net.layers()) {
                l.clear();
            }
        }
    }

    private static String shapes(INDArray[] arrays) {
        return Arrays.toString(Arrays.stream(arrays).map(a -> a == null ? "null" : Arrays.toString(a.shape())).toArray());
    }

    /** Calls the network's listeners' {@code onEpochStart}, as the network's own {@code fit} does. */
    public void startEpoch() {
        for (org.deeplearning4j.optimize.api.TrainingListener l : graph.network().listeners()) {
            l.onEpochStart(graph.network().model());
        }
    }

    /** Calls the network's listeners' {@code onEpochEnd} and advances the network's epoch counter. */
    public void endEpoch() {
        for (org.deeplearning4j.optimize.api.TrainingListener l : graph.network().listeners()) {
            l.onEpochEnd(graph.network().model());
        }
        graph.network().incrementEpoch();
    }

    boolean tracesEnergies() {
        return tracesEnergies;
    }

    /** @return the validated view of the network. */
    public PredictorGraph graph() {
        return graph;
    }

    PcConfig config() {
        return config;
    }

    List<PcListener> listeners() {
        return listeners;
    }

    BufferPool pool() {
        return pool;
    }

    StepMemory memory() {
        return memory;
    }

    WeightUpdate weightUpdate() {
        return weightUpdate;
    }

    DivergenceGuard guard() {
        return guard;
    }

    InferenceRateControl rateControl() {
        return rateControl;
    }

    RunningStatistics runningStatistics() {
        return runningStatistics;
    }

    /**
     * Frees the session's buffers and lets other calls train the network. The thread's inference workspaces stay, sized,
     * for the next training call on this thread (as DL4J keeps its own training workspaces); {@link StepMemory#release()}
     * frees them.
     */
    @Override
    public void close() {
        try {
            for (Layer l : graph.network().layers()) {
                l.clear();
            }
            pool.close();
        } finally {
            lease.close();
        }
    }
}
