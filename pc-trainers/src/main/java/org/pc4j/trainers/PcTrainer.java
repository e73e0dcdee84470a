package org.pc4j.trainers;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.deeplearning4j.datasets.iterator.AsyncDataSetIterator;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
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
     * Trains for {@code epochs} passes over {@code data}, like {@code MultiLayerNetwork.fit(DataSetIterator, int)}.
     *
     * @throws UnsupportedNetworkException if pc4j cannot train the network (nothing changes)
     * @throws InvalidBatchException       if a batch does not fit (that batch changes nothing)
     * @throws DivergenceException         if training diverges (the bad update is not applied)
     */
    public void fit(MultiLayerNetwork net, DataSetIterator data, int epochs) {
        Objects.requireNonNull(net, "net");
        Objects.requireNonNull(data, "data");
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        if (epochs > 1 && !data.resetSupported()) {
            throw new IllegalArgumentException("Training for several epochs needs an iterator that supports reset()");
        }
        try (TrainingSession session = new TrainingSession(net, config, listeners, false)) {
            warnIfTooFewSteps(net.getnLayers());
            for (int epoch = 0; epoch < epochs; epoch++) {
                fitEpoch(net, data, session);
            }
        }
    }

    /** Trains for one pass over {@code data}, like {@code MultiLayerNetwork.fit(DataSetIterator)}. */
    public void fit(MultiLayerNetwork net, DataSetIterator data) {
        fit(net, data, 1);
    }

    /**
     * Infers and learns on one minibatch; the lower-level entry for studying PC.
     *
     * @return the energy of every layer at every inference step, and the number of weight updates
     */
    public BatchResult fitBatch(MultiLayerNetwork net, DataSet batch) {
        Objects.requireNonNull(net, "net");
        try (TrainingSession session = new TrainingSession(net, config, listeners, true)) {
            return session.fit(batch);
        }
    }

    private void fitEpoch(MultiLayerNetwork net, DataSetIterator data, TrainingSession session) {
        DataSetIterator iter = data.asyncSupported() ? new AsyncDataSetIterator(data, 2, false) : data;
        try {
            if (!iter.hasNext() && iter.resetSupported()) {
                iter.reset();
            }
            for (TrainingListener l : net.getListeners()) {
                l.onEpochStart(net);
            }
            while (iter.hasNext()) {
                DataSet batch = iter.next();
                if (batch.getFeatures() == null || batch.getLabels() == null) {
                    break;
                }
                session.fit(batch);
            }
            for (TrainingListener l : net.getListeners()) {
                l.onEpochEnd(net);
            }
            net.incrementEpochCount();
        } finally {
            if (iter instanceof AsyncDataSetIterator async) {
                async.shutdown();
            }
        }
    }

    private void warnIfTooFewSteps(int depth) {
        // the output error reaches level l at step l; the last step of a batch is steps - 1
        int reach = config.schedule().steps(depth) - 1;
        if (reach < depth - 1 && config.valueInit() instanceof ValueInit.ForwardPass) {
            log.warn("{} on a network of {} layers: the output error reaches only the top {} layers within the batch's "
                    + "inference steps, so layers 0..{} learn nothing from the labels. Use at least {} steps.",
                    config.schedule(), depth, reach + 1, depth - reach - 2, depth - 1);
        }
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

        /** {@link WorkspaceMode#ENABLED} (default) or {@link WorkspaceMode#NONE} for debugging. */
        public Builder workspaceMode(WorkspaceMode mode) {
            this.workspaceMode = mode;
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
            PcConfig config = new PcConfig(schedule, gamma, valueInit, divergenceFactor, workspaceMode);
            if ((schedule instanceof Schedule.Zil || schedule instanceof Schedule.FaZil) && gamma != 1.0) {
                log.info("{} with inference rate {}: equals backprop with per-layer learning rates alpha * gamma^level "
                        + "under SGD, not backprop itself (that needs gamma = 1)", schedule, gamma);
            }
            return new PcTrainer(config, listeners);
        }
    }
}
