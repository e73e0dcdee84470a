package org.pc4j.trainers;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.pc4j.trainers.engine.TrainingSession;

/**
 * Trains an unmodified DL4J network ({@code MultiLayerNetwork} or {@code ComputationGraph}) with predictive coding
 * instead of backpropagation: swap {@code net.fit(iter, epochs)} for {@code trainer.fit(net, iter, epochs)}.
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
 * {@code net.evaluate}). A network whose {@code init()} was not called is initialised first, as {@code net.fit} does.
 *
 * <p>The trainer holds only its configuration: it is immutable and can train any number of networks, one call at
 * a time per network. Unsupported networks are rejected before any computation
 * ({@link UnsupportedNetworkException}), bad batches change nothing ({@link InvalidBatchException}), and a diverging
 * run stops before the bad update ({@link DivergenceException}); a network another call is training is refused
 * ({@link IllegalStateException}).
 */
public final class PcTrainer {

    private final PcConfig config;
    private final List<PcListener> listeners;

    PcTrainer(PcConfig config, List<PcListener> listeners) {
        this.config = config;
        this.listeners = List.copyOf(listeners);
    }

    /** @return a builder; {@link PcTrainerBuilder#schedule(Schedule)} is required. */
    public static PcTrainerBuilder builder() {
        return new PcTrainerBuilder();
    }

    /**
     * The settings pc4j recommends for a network it has no recipe for: PC(T) with {@code T = max(20, m)} and iPC(T) with
     * {@code T = max(5, m)}, where {@code m} is {@link PcNetworks#minimumSteps}, both at inference rate 0.1; Z-IL;
     * Fa-Z-IL with the detector window 4. The zoo's models have recipes of their own.
     *
     * @throws UnsupportedNetworkException if pc4j cannot train the network
     */
    public static PcTrainer recommended(Schedule.Kind kind, NeuralNetwork net) {
        Schedule schedule = switch (kind) {
            case PC -> Schedule.pc(Math.max(20, PcNetworks.minimumSteps(Schedule.Kind.PC, net)));
            case IPC -> Schedule.ipc(Math.max(5, PcNetworks.minimumSteps(Schedule.Kind.IPC, net)));
            case ZIL -> Schedule.zil();
            case FA_ZIL -> Schedule.faZil(4);
        };
        return builder().schedule(schedule).build();
    }

    /**
     * Trains for {@code epochs} passes over {@code data}, like {@code net.fit(DataSetIterator, int)} (a graph needs one
     * input and one output).
     *
     * @throws UnsupportedNetworkException if pc4j cannot train the network (nothing changes)
     * @throws InvalidBatchException       if a batch does not fit (that batch changes nothing)
     * @throws DivergenceException         if training diverges (the bad update is not applied)
     * @throws IllegalStateException       if the network is being trained by another call
     */
    public void fit(NeuralNetwork net, DataSetIterator data, int epochs) {
        checkEpochs(data, epochs, data == null || data.resetSupported());
        train(net, epochs, () -> EpochBatches.of(data));
    }

    /** Trains for one pass over {@code data}, like {@code net.fit(DataSetIterator)}. */
    public void fit(NeuralNetwork net, DataSetIterator data) {
        fit(net, data, 1);
    }

    /**
     * Trains for {@code epochs} passes over {@code data}, like {@code net.fit(MultiDataSetIterator, int)}: one features
     * array per network input and one labels array per output.
     *
     * @throws UnsupportedNetworkException if pc4j cannot train the network (nothing changes)
     * @throws InvalidBatchException       if a batch does not fit (that batch changes nothing)
     * @throws DivergenceException         if training diverges (the bad update is not applied)
     * @throws IllegalStateException       if the network is being trained by another call
     */
    public void fit(NeuralNetwork net, MultiDataSetIterator data, int epochs) {
        checkEpochs(data, epochs, data == null || data.resetSupported());
        train(net, epochs, () -> EpochBatches.of(data));
    }

    /** Trains for one pass over {@code data}, like {@code net.fit(MultiDataSetIterator)}. */
    public void fit(NeuralNetwork net, MultiDataSetIterator data) {
        fit(net, data, 1);
    }

    /**
     * Infers and learns on one minibatch, like {@code net.fit(DataSet)} (no epoch is counted and no epoch listener is
     * called). Repeated calls cost what {@link #fit(NeuralNetwork, DataSetIterator)} costs per batch.
     *
     * @throws UnsupportedNetworkException if pc4j cannot train the network (nothing changes)
     * @throws InvalidBatchException       if the batch does not fit (nothing changes)
     * @throws DivergenceException         if training diverges (the bad update is not applied)
     */
    public void fit(NeuralNetwork net, org.nd4j.linalg.dataset.api.DataSet batch) {
        try (PcSession session = open(net, false)) {
            session.fit(batch);
        }
    }

    /** One minibatch, like {@code net.fit(MultiDataSet)}; see {@link #fit(NeuralNetwork, org.nd4j.linalg.dataset.api.DataSet)}. */
    public void fit(NeuralNetwork net, MultiDataSet batch) {
        try (PcSession session = open(net, false)) {
            session.fit(batch);
        }
    }

    /** One minibatch, like {@code MultiLayerNetwork.fit(INDArray, INDArray)}. */
    public void fit(NeuralNetwork net, INDArray features, INDArray labels) {
        fit(net, new DataSet(features, labels));
    }

    /** One minibatch with masks, like {@code MultiLayerNetwork.fit(INDArray, INDArray, INDArray, INDArray)}. */
    public void fit(NeuralNetwork net, INDArray features, INDArray labels, INDArray featuresMask, INDArray labelsMask) {
        fit(net, new DataSet(features, labels, featuresMask, labelsMask));
    }

    /** One minibatch, like {@code ComputationGraph.fit(INDArray[], INDArray[])}: one array per input and output. */
    public void fit(NeuralNetwork net, INDArray[] inputs, INDArray[] labels) {
        fit(net, inputs, labels, null, null);
    }

    /** One minibatch with masks, like {@code ComputationGraph.fit(INDArray[], INDArray[], INDArray[], INDArray[])}. */
    public void fit(NeuralNetwork net, INDArray[] inputs, INDArray[] labels, INDArray[] featuresMasks, INDArray[] labelsMasks) {
        fit(net, new org.nd4j.linalg.dataset.MultiDataSet(inputs, labels, featuresMasks, labelsMasks));
    }

    /**
     * Infers and learns on one minibatch; the lower-level entry for studying PC.
     *
     * @return the energy of every non-input vertex (layers in order; a graph's vertices in topological order) at every
     *         inference step, and the number of weight updates
     */
    public BatchResult fitBatch(NeuralNetwork net, org.nd4j.linalg.dataset.api.DataSet batch) {
        try (PcSession session = open(net, true)) {
            return session.fit(batch);
        }
    }

    /** As {@link #fitBatch(NeuralNetwork, org.nd4j.linalg.dataset.api.DataSet)}, one array per input and output. */
    public BatchResult fitBatch(NeuralNetwork net, MultiDataSet batch) {
        try (PcSession session = open(net, true)) {
            return session.fit(batch);
        }
    }

    /**
     * Opens a session on {@code net} for training it batch by batch without setting up for every batch (the network
     * is checked once and the inference memory is kept); close it to let other calls train the network.
     *
     * @param traceEnergies true to return every energy at every step from each batch (a little slower)
     * @throws UnsupportedNetworkException if pc4j cannot train the network (nothing changes)
     * @throws IllegalStateException       if the network is being trained by another call
     */
    public PcSession open(NeuralNetwork net, boolean traceEnergies) {
        return new PcSession(new TrainingSession(PcNetworks.initialised(net), config, listeners, traceEnergies));
    }

    private void train(NeuralNetwork net, int epochs, Supplier<EpochBatches> epochData) {
        try (PcSession session = open(net, false)) {
            for (int epoch = 0; epoch < epochs; epoch++) {
                try (EpochBatches batches = epochData.get()) {
                    session.startEpoch();
                    while (batches.hasNext()) {
                        session.fit(batches.next());
                    }
                    session.endEpoch();
                }
            }
        }
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

    /**
     * Checks {@code net} as training would, without training: rejects what pc4j cannot train (unsupported layers and
     * settings; DL4J's uncorrected Nadam under PC or iPC) and returns the warnings a training call would log before its
     * first batch (too few inference steps for the output error to reach every layer). Changes nothing, except that an
     * un-initialised network is initialised, as training would.
     *
     * @throws UnsupportedNetworkException if pc4j cannot train the network
     */
    public List<String> check(NeuralNetwork net) {
        return PcNetworks.check(net, config);
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
}
