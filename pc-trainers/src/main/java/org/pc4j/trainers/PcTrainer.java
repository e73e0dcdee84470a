package org.pc4j.trainers;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.deeplearning4j.datasets.iterator.AsyncDataSetIterator;
import org.deeplearning4j.datasets.iterator.AsyncMultiDataSetIterator;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.pc4j.trainers.engine.Preflight;
import org.pc4j.trainers.engine.PredictorGraph;
import org.pc4j.trainers.engine.TrainingSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains an unmodified DL4J network with predictive coding instead of backpropagation: swap
 * {@code net.fit(iter, epochs)} for {@code trainer.fit(net, iter, epochs)}.
 *
 * <pre>{@code
 * PcTrainer trainer = PcTrainer.builder()
 *         .schedule(Schedule.ipc(8))      // or pc(20), zil(), faZil(4)
 *         .inferenceRate(0.1)             // gamma
 *         .build();
 * trainer.fit(net, trainIter, 10);        // weights move through net's own updater (Adam, SGD, ...)
 * Evaluation eval = net.evaluate(testIter);
 * }</pre>
 *
 * <p>Every hidden layer's output gets a value node {@code x}, with the Gaussian energy {@code 1/2 ||x - mu||^2}
 * against the layer's prediction {@code mu}; the labels clamp the output node, whose energy is the output layer's
 * own loss. Each batch starts from a forward pass; inference moves the value nodes down the energy; the weight
 * gradients of the local energies, computed by each layer's own backprop, go through the network's updater and
 * gradient normaliser exactly as under {@code net.fit}. DL4J's iteration and epoch counters advance and the
 * network's {@link TrainingListener}s are called. Prediction stays DL4J's forward pass ({@code net.output},
 * {@code net.evaluate}).
 *
 * <p>The trainer holds only its configuration: it is immutable and can train any number of networks, one call at
 * a time per network. Unsupported networks are rejected before any computation
 * ({@link UnsupportedNetworkException}), bad batches change nothing ({@link InvalidBatchException}), and a diverging
 * run stops before the bad update ({@link DivergenceException}).
 */
public final class PcTrainer {

    private static final Logger log = LoggerFactory.getLogger(PcTrainer.class);

    private final PcConfig config;
    private final List<PcListener> listeners;

    private PcTrainer(PcConfig config, List<PcListener> listeners) {
        this.config = config;
        this.listeners = List.copyOf(listeners);
    }

    /** @return a builder; {@link Builder#schedule(Schedule)} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The settings pc4j recommends for a network it has no recipe for: PC(T) with {@code T = max(20, m)} and iPC(T) with
     * {@code T = max(5, m)}, where {@code m} is the fewest steps with which the output error reaches every layer with
     * parameters ({@link #check}), both at inference rate 0.1; Z-IL; Fa-Z-IL with the detector window 4. The zoo's
     * models have recipes of their own.
     *
     * @throws UnsupportedNetworkException if pc4j cannot train the network
     */
    public static PcTrainer recommended(Schedule.Kind kind, MultiLayerNetwork net) {
        return recommended(kind, PredictorGraph.of(initialised(net)));
    }

    /** As {@link #recommended(Schedule.Kind, MultiLayerNetwork)}, for a graph. */
    public static PcTrainer recommended(Schedule.Kind kind, ComputationGraph net) {
        return recommended(kind, PredictorGraph.of(initialised(net)));
    }

    private static PcTrainer recommended(Schedule.Kind kind, PredictorGraph graph) {
        Schedule schedule = switch (kind) {
            case PC -> Schedule.pc(Math.max(20, minimumSteps(Schedule.Kind.PC, graph)));
            case IPC -> Schedule.ipc(Math.max(5, minimumSteps(Schedule.Kind.IPC, graph)));
            case ZIL -> Schedule.zil();
            case FA_ZIL -> Schedule.faZil(4);
        };
        return builder().schedule(schedule).build();
    }

    /**
     * The one rule for how many steps PC and iPC need: under forward-pass initialisation the output error reaches a
     * layer at the step equal to its shortest distance to an output; PC reads its gradients after T value steps and
     * iPC at steps 0 to T - 1, so the smallest T with which every layer with parameters learns from the labels is
     * that distance (PC) or one more (iPC). Training with fewer logs a warning ({@link #check}).
     *
     * @param kind {@link Schedule.Kind#PC} or {@link Schedule.Kind#IPC} (Z-IL and Fa-Z-IL choose their steps: 0)
     * @throws UnsupportedNetworkException if pc4j cannot train the network
     */
    public static int minimumSteps(Schedule.Kind kind, MultiLayerNetwork net) {
        return minimumSteps(kind, PredictorGraph.of(initialised(net)));
    }

    /** As {@link #minimumSteps(Schedule.Kind, MultiLayerNetwork)}, for a graph. */
    public static int minimumSteps(Schedule.Kind kind, ComputationGraph net) {
        return minimumSteps(kind, PredictorGraph.of(initialised(net)));
    }

    private static int minimumSteps(Schedule.Kind kind, PredictorGraph graph) {
        return switch (kind) {
            case PC -> Preflight.minimumSteps(graph, Schedule.pc(1));
            case IPC -> Preflight.minimumSteps(graph, Schedule.ipc(1));
            default -> 0;
        };
    }

    /**
     * Trains for {@code epochs} passes over {@code data}, like {@code MultiLayerNetwork.fit(DataSetIterator, int)}.
     *
     * @throws UnsupportedNetworkException if pc4j cannot train the network (nothing changes)
     * @throws InvalidBatchException       if a batch does not fit (that batch changes nothing)
     * @throws DivergenceException         if training diverges (the bad update is not applied)
     * @throws IllegalStateException       if the network is being trained by another call
     */
    public void fit(MultiLayerNetwork net, DataSetIterator data, int epochs) {
        checkEpochs(data, epochs, data == null || data.resetSupported());
        try (TrainingSession session = session(net, false)) {
            train(session, epochs, () -> batches(data), session::fit);
        }
    }

    /** Trains for one pass over {@code data}, like {@code MultiLayerNetwork.fit(DataSetIterator)}. */
    public void fit(MultiLayerNetwork net, DataSetIterator data) {
        fit(net, data, 1);
    }

    /**
     * Infers and learns on one minibatch, like {@code MultiLayerNetwork.fit(DataSet)} (no epoch is counted and no
     * epoch listener is called). Repeated calls cost what {@link #fit(MultiLayerNetwork, DataSetIterator)} costs per
     * batch.
     *
     * @throws UnsupportedNetworkException if pc4j cannot train the network (nothing changes)
     * @throws InvalidBatchException       if the batch does not fit (nothing changes)
     * @throws DivergenceException         if training diverges (the bad update is not applied)
     */
    public void fit(MultiLayerNetwork net, DataSet batch) {
        try (TrainingSession session = session(net, false)) {
            session.fit(batch);
        }
    }

    /** Like {@code MultiLayerNetwork.fit(INDArray, INDArray)}; see {@link #fit(MultiLayerNetwork, DataSet)}. */
    public void fit(MultiLayerNetwork net, INDArray features, INDArray labels) {
        fit(net, features, labels, null, null);
    }

    /**
     * Like {@code MultiLayerNetwork.fit(INDArray, INDArray, INDArray, INDArray)}; see
     * {@link #fit(MultiLayerNetwork, DataSet)}.
     */
    public void fit(MultiLayerNetwork net, INDArray features, INDArray labels, INDArray featuresMask, INDArray labelsMask) {
        fit(net, new DataSet(features, labels, featuresMask, labelsMask));
    }

    /** Like {@code MultiLayerNetwork.fit(MultiDataSet)}: one features and one labels array. */
    public void fit(MultiLayerNetwork net, MultiDataSet batch) {
        try (TrainingSession session = session(net, false)) {
            session.fit(batch);
        }
    }

    /**
     * Trains a graph with one input and one output for {@code epochs} passes over {@code data}, like
     * {@code ComputationGraph.fit(DataSetIterator, int)}.
     *
     * @throws UnsupportedNetworkException if pc4j cannot train the graph (nothing changes)
     * @throws InvalidBatchException       if a batch does not fit (that batch changes nothing)
     * @throws DivergenceException         if training diverges (the bad update is not applied)
     * @throws IllegalStateException       if the graph is being trained by another call
     */
    public void fit(ComputationGraph net, DataSetIterator data, int epochs) {
        checkEpochs(data, epochs, data == null || data.resetSupported());
        try (TrainingSession session = session(net, false)) {
            train(session, epochs, () -> batches(data), session::fit);
        }
    }

    /** Trains for one pass over {@code data}, like {@code ComputationGraph.fit(DataSetIterator)}. */
    public void fit(ComputationGraph net, DataSetIterator data) {
        fit(net, data, 1);
    }

    /**
     * Trains a graph for {@code epochs} passes over {@code data}, like
     * {@code ComputationGraph.fit(MultiDataSetIterator, int)}.
     *
     * @throws UnsupportedNetworkException if pc4j cannot train the graph (nothing changes)
     * @throws InvalidBatchException       if a batch does not fit (that batch changes nothing)
     * @throws DivergenceException         if training diverges (the bad update is not applied)
     * @throws IllegalStateException       if the graph is being trained by another call
     */
    public void fit(ComputationGraph net, MultiDataSetIterator data, int epochs) {
        checkEpochs(data, epochs, data == null || data.resetSupported());
        try (TrainingSession session = session(net, false)) {
            train(session, epochs, () -> multiBatches(data), session::fit);
        }
    }

    /** Trains for one pass over {@code data}, like {@code ComputationGraph.fit(MultiDataSetIterator)}. */
    public void fit(ComputationGraph net, MultiDataSetIterator data) {
        fit(net, data, 1);
    }

    /** One minibatch of a one-input, one-output graph, like {@code ComputationGraph.fit(DataSet)}. */
    public void fit(ComputationGraph net, DataSet batch) {
        try (TrainingSession session = session(net, false)) {
            session.fit(batch);
        }
    }

    /** One minibatch, like {@code ComputationGraph.fit(MultiDataSet)}. */
    public void fit(ComputationGraph net, MultiDataSet batch) {
        try (TrainingSession session = session(net, false)) {
            session.fit(batch);
        }
    }

    /** One minibatch, like {@code ComputationGraph.fit(INDArray[], INDArray[])}: one array per input and output. */
    public void fit(ComputationGraph net, INDArray[] inputs, INDArray[] labels) {
        fit(net, inputs, labels, null, null);
    }

    /** One minibatch with masks, like {@code ComputationGraph.fit(INDArray[], INDArray[], INDArray[], INDArray[])}. */
    public void fit(ComputationGraph net, INDArray[] inputs, INDArray[] labels, INDArray[] featuresMasks, INDArray[] labelsMasks) {
        fit(net, new org.nd4j.linalg.dataset.MultiDataSet(inputs, labels, featuresMasks, labelsMasks));
    }

    /**
     * Infers and learns on one minibatch; the lower-level entry for studying PC.
     *
     * @return the energy of every layer at every inference step, and the number of weight updates
     */
    public BatchResult fitBatch(MultiLayerNetwork net, DataSet batch) {
        try (TrainingSession session = session(net, true)) {
            return session.fit(batch);
        }
    }

    /**
     * Infers and learns on one minibatch of a one-input, one-output graph.
     *
     * @return the energy of every non-input vertex (in topological order) at every inference step, and the number
     *         of weight updates
     */
    public BatchResult fitBatch(ComputationGraph net, DataSet batch) {
        try (TrainingSession session = session(net, true)) {
            return session.fit(batch);
        }
    }

    /**
     * Infers and learns on one minibatch of a graph, one features array per input and one labels array per output.
     *
     * @return the energy of every non-input vertex (in topological order) at every inference step, and the number
     *         of weight updates
     */
    public BatchResult fitBatch(ComputationGraph net, MultiDataSet batch) {
        try (TrainingSession session = session(net, true)) {
            return session.fit(batch);
        }
    }

    /** @return a session on {@code net}, initialising it first where {@code net.fit} would. */
    private TrainingSession session(MultiLayerNetwork net, boolean traceEnergies) {
        return new TrainingSession(initialised(net), config, listeners, traceEnergies);
    }

    private TrainingSession session(ComputationGraph net, boolean traceEnergies) {
        return new TrainingSession(initialised(net), config, listeners, traceEnergies);
    }

    /** {@code net.fit} initialises a network whose {@code init()} was not called; so does pc4j. */
    private static MultiLayerNetwork initialised(MultiLayerNetwork net) {
        Objects.requireNonNull(net, "net");
        if (!net.isInitCalled()) {
            net.init();
        }
        return net;
    }

    private static ComputationGraph initialised(ComputationGraph net) {
        Objects.requireNonNull(net, "net");
        if (net.getVertices() == null || net.params() == null) {
            net.init();
        }
        return net;
    }

    private static void checkEpochs(Object data, int epochs, boolean resettable) {
        Objects.requireNonNull(data, "data");
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        if (epochs > 1 && !resettable) {
            throw new IllegalArgumentException("Training for several epochs needs an iterator that supports reset()");
        }
    }

    /** The batches of one epoch, read ahead on another thread where the iterator allows it. */
    private interface Batches<T> extends Iterator<T>, AutoCloseable {
        @Override
        void close();
    }

    private <T> void train(TrainingSession session, int epochs, Supplier<Batches<T>> epochData, Consumer<T> fit) {
        for (int epoch = 0; epoch < epochs; epoch++) {
            try (Batches<T> batches = epochData.get()) {
                session.startEpoch();
                while (batches.hasNext()) {
                    fit.accept(batches.next());
                }
                session.endEpoch();
            }
        }
    }

    private static Batches<DataSet> batches(DataSetIterator data) {
        DataSetIterator iter = data.asyncSupported() ? new AsyncDataSetIterator(data, 2, false) : data;
        if (!iter.hasNext() && iter.resetSupported()) {
            iter.reset();
        }
        return batches(iter, b -> b.getFeatures() != null && b.getLabels() != null,
                () -> {
                    if (iter instanceof AsyncDataSetIterator async) {
                        async.shutdown();
                    }
                });
    }

    private static Batches<MultiDataSet> multiBatches(MultiDataSetIterator data) {
        MultiDataSetIterator iter = data.asyncSupported() ? new AsyncMultiDataSetIterator(data, 2, false) : data;
        if (!iter.hasNext() && iter.resetSupported()) {
            iter.reset();
        }
        return batches(iter, b -> b.getFeatures() != null && b.getLabels() != null,
                () -> {
                    if (iter instanceof AsyncMultiDataSetIterator async) {
                        async.shutdown();
                    }
                });
    }

    /** @return the batches of {@code iter} up to the first incomplete one (as DL4J's fit stops there) */
    private static <T> Batches<T> batches(Iterator<T> iter, Predicate<T> complete, Runnable shutdown) {
        return new Batches<>() {
            private T next;

            @Override
            public boolean hasNext() {
                if (next == null && iter.hasNext()) {
                    next = iter.next();
                }
                return next != null && complete.test(next);
            }

            @Override
            public T next() {
                T b = next;
                next = null;
                return b;
            }

            @Override
            public void close() {
                shutdown.run();
            }
        };
    }

    /**
     * Checks {@code net} as training would, without training: rejects what pc4j cannot train (unsupported layers and
     * settings; DL4J's uncorrected Nadam under PC or iPC) and returns the warnings a training call would log before its
     * first batch (too few inference steps for the output error to reach every layer). Changes nothing, except that an
     * un-initialised network is initialised, as training would.
     *
     * @throws UnsupportedNetworkException if pc4j cannot train the network
     */
    public List<String> check(MultiLayerNetwork net) {
        return check(PredictorGraph.of(initialised(net)));
    }

    /** As {@link #check(MultiLayerNetwork)}, for a graph. */
    public List<String> check(ComputationGraph net) {
        return check(PredictorGraph.of(initialised(net)));
    }

    private List<String> check(PredictorGraph graph) {
        Preflight.requireTrainable(graph, config);
        return Preflight.warnings(graph, config);
    }

    /** @return the trainer's configuration. */
    public PcConfig config() {
        return config;
    }

    /** @return the PC listeners, in call order. */
    public List<PcListener> listeners() {
        return listeners;
    }

    @Override
    public String toString() {
        return "PcTrainer" + config;
    }

    /** Builds a {@link PcTrainer}; hyper-parameters are validated by {@link #build()}. */
    public static final class Builder {
        private Schedule schedule;
        private Double inferenceRate;
        private ValueInit valueInit = ValueInit.forwardPass();
        private double divergenceFactor = PcConfig.DEFAULT_DIVERGENCE_FACTOR;
        private WorkspaceMode workspaceMode = WorkspaceMode.ENABLED;
        private NodeEnergies energies = NodeEnergies.defaults();
        private boolean inferenceRateControl = true;
        private final List<PcListener> listeners = new ArrayList<>();

        private Builder() {
        }

        /** Required: {@link Schedule#pc(int)}, {@link Schedule#ipc(int)}, {@link Schedule#zil()} or {@link Schedule#faZil(int)}. */
        public Builder schedule(Schedule schedule) {
            this.schedule = schedule;
            return this;
        }

        /**
         * The value-node step size gamma. Default: the schedule's ({@code 0.1} for PC and iPC, {@code 1} for Z-IL and
         * Fa-Z-IL, which equal backprop only at 1).
         */
        public Builder inferenceRate(double gamma) {
            this.inferenceRate = gamma;
            return this;
        }

        /** How value nodes start each batch. Default: {@link ValueInit#forwardPass()}. */
        public Builder valueInit(ValueInit valueInit) {
            this.valueInit = valueInit;
            return this;
        }

        /** Stop when the energy grows beyond this factor; see {@link PcConfig}. Default 1000. */
        public Builder divergenceFactor(double factor) {
            this.divergenceFactor = factor;
            return this;
        }

        /**
         * Whether an inference step of PC or iPC that raised the energy halves the inference rate for the rest of its
         * batch (default true). Runs whose energies never rise are unaffected; see {@link PcConfig}.
         */
        public Builder inferenceRateControl(boolean control) {
            this.inferenceRateControl = control;
            return this;
        }

        /** {@link WorkspaceMode#ENABLED} (default) or {@link WorkspaceMode#NONE} for debugging. */
        public Builder workspaceMode(WorkspaceMode mode) {
            this.workspaceMode = mode;
            return this;
        }

        /**
         * Gives the value node of layer or vertex {@code name} the energy {@code energy}, under every schedule (for a
         * {@code MultiLayerNetwork} with unnamed layers the names are {@code "layer0"}, {@code "layer1"}, ...). A name
         * that is no hidden node of the network is rejected when training starts.
         */
        public Builder energy(String name, org.pc4j.layers.energy.Energy energy) {
            this.energies = energies.with(name, energy);
            return this;
        }

        /**
         * Whether softmax nodes get the categorical energy and VAE bottlenecks the Gaussian-variance energy under PC
         * and iPC (default true); see {@link NodeEnergies}.
         */
        public Builder automaticEnergies(boolean automatic) {
            this.energies = new NodeEnergies(automatic, energies.overrides());
            return this;
        }

        /** Adds listeners that observe the inference steps of every batch. */
        public Builder listeners(PcListener... listeners) {
            for (PcListener l : listeners) {
                this.listeners.add(Objects.requireNonNull(l, "listener"));
            }
            return this;
        }

        /**
         * @throws IllegalArgumentException if a hyper-parameter is invalid
         * @throws NullPointerException     if no schedule was given
         */
        public PcTrainer build() {
            Objects.requireNonNull(schedule, "schedule is required: Schedule.pc(T), ipc(T), zil() or faZil(tD)");
            double gamma = inferenceRate == null ? schedule.defaultInferenceRate() : inferenceRate;
            PcConfig config = new PcConfig(schedule, gamma, valueInit, divergenceFactor, workspaceMode, energies,
                    inferenceRateControl);
            if ((schedule instanceof Schedule.Zil || schedule instanceof Schedule.FaZil) && gamma != 1.0) {
                log.info("{} with inference rate {}: equals backprop with per-layer learning rates alpha * gamma^level "
                        + "under SGD, not backprop itself (that needs gamma = 1)", schedule, gamma);
            }
            return new PcTrainer(config, listeners);
        }
    }
}
