package org.pc4j.trainers.engine;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.deeplearning4j.exception.DL4JException;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.pc4j.trainers.BatchGradient;
import org.pc4j.trainers.BatchResult;
import org.pc4j.trainers.Inference;
import org.pc4j.trainers.InvalidBatchException;
import org.pc4j.trainers.PcConfig;
import org.pc4j.trainers.PcListener;
import org.pc4j.trainers.engine.inference.Engine;
import org.pc4j.trainers.engine.inference.Preflight;
import org.pc4j.trainers.engine.memory.BufferPool;
import org.pc4j.trainers.engine.memory.DropoutMasks;
import org.pc4j.trainers.engine.memory.StepMemory;
import org.pc4j.trainers.engine.network.BatchValidation;
import org.pc4j.trainers.engine.network.NetworkView;
import org.pc4j.trainers.engine.network.TrainedNetwork;

/**
 * One training call on one network: the network's one view (built and validated once, at the entry), the
 * {@link Engine} with the memory every batch reuses, and each batch's life cycle on the network (counters, masks,
 * dropout masks held for the batch, caches cleared after it). Closing it frees its memory and lets other calls train
 * the network; nothing is kept on the trainer or the network.
 */
public final class TrainingSession implements AutoCloseable {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(TrainingSession.class);

    private final NetworkLease lease;
    private final NetworkView view;
    private final BufferPool pool = new BufferPool();
    private final Engine engine;

    /**
     * @param net           a {@code MultiLayerNetwork} or {@code ComputationGraph}, initialised
     * @param traceEnergies true to record every node's energy at every step and return a {@link BatchResult} per
     *                      batch (always when there are listeners); false saves the energy evaluations that only a
     *                      trace would read
     * @throws org.pc4j.trainers.UnsupportedNetworkException if pc4j cannot train this network
     * @throws IllegalStateException if another call is training the network
     */
    public TrainingSession(NeuralNetwork net, PcConfig config, List<PcListener> listeners, boolean traceEnergies) {
        NetworkView v = NetworkView.of(net);
        this.lease = NetworkLease.acquire(v.network().model());
        try {
            this.view = v;
            Preflight.requireTrainable(view, config);
            this.engine = new Engine(view, config, listeners, traceEnergies, pool, new StepMemory(config.workspaceMode()));
            for (String w : Preflight.warnings(view, config)) {
                log.warn(w);
            }
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    /** @return true if this session's batches run on the kernel path where they can ({@link org.pc4j.trainers.KernelPath}) */
    public boolean usesKernelPath() {
        return engine.usesKernelPath();
    }

    /**
     * @return true if some convolution of the network runs through libnd4j's operations in this session
     *         ({@link org.pc4j.trainers.ConvolutionPath})
     */
    public boolean usesConvolutionOperations() {
        return engine.usesConvolutionOperations();
    }

    /** As {@link #fit(MultiDataSet)}, for a batch with one features and one labels array. */
    public BatchResult fit(DataSet batch) {
        return fit(BatchValidation.toMulti(batch));
    }

    /**
     * Infers and learns on one minibatch with one features and one labels array per network input and output.
     *
     * For a network trained with DL4J's truncated BPTT the batch's sequences are cut into segments of the network's
     * forward length ({@link TbpttSegments}), each trained as a batch (one weight update for Z-IL and PC), the recurrent
     * layers starting each segment from the state the previous one ended in, as {@code net.fit} trains them.
     *
     * @return the batch's energy trace (of its last segment, under truncated BPTT), or null if this session does not
     *         trace energies
     * @throws InvalidBatchException if the batch does not fit; nothing changes
     * @throws org.pc4j.trainers.DivergenceException if the run diverges; the update of the diverging step is not applied
     */
    public BatchResult fit(MultiDataSet batch) {
        TrainedNetwork net = view.network();
        if (!net.truncatedBptt()) {
            return onBatch(batch, () -> engine.run(batch));
        }
        // DL4J's truncated BPTT: one batch of the network's schedule per segment, the recurrent state carried between them
        BatchValidation.check(batch, view);
        BatchValidation.requireFinite(batch);
        List<MultiDataSet> segments = TbpttSegments.split(batch, net.tbpttForwardLength());
        net.clearRnnState();
        try {
            BatchResult last = null;
            for (MultiDataSet segment : segments) {
                last = onBatch(segment, () -> {
                    view.startSegment();
                    return engine.run(segment);
                });
                net.carryRnnState();
            }
            return last;
        } finally {
            net.clearRnnState();
        }
    }

    private void refuseTruncatedBptt(String what) {
        if (view.network().truncatedBptt()) {
            throw new IllegalStateException(what + " is not available for a network trained with truncated BPTT, which updates "
                    + "the weights once per segment of each batch; use fit, or train with backpropType(BackpropType.Standard)");
        }
    }

    /**
     * Infers on one minibatch and reads the weight update instead of applying it ({@link Engine#gradient}).
     *
     * @throws InvalidBatchException if the batch does not fit; nothing changes
     * @throws IllegalStateException if the schedule updates the weights more than once per batch
     */
    public BatchGradient gradient(MultiDataSet batch) {
        refuseTruncatedBptt("Reading a batch's gradient");
        return onBatch(batch, () -> engine.gradient(batch));
    }

    /**
     * Applies a gradient summed over batches read elsewhere, as the network's own update ({@link Engine#apply}).
     *
     * @throws IllegalArgumentException if the gradient's length is not the network's parameter count or it is not finite;
     *                                  nothing changes
     */
    public void apply(INDArray gradientSum, int examples, double lossPerExample) {
        long params = view.network().flattenedGradients().length();
        if (gradientSum.length() != params) {
            throw new IllegalArgumentException("the gradient has " + gradientSum.length() + " values, the network " + params
                    + " parameters");
        }
        if (examples < 1) {
            throw new IllegalArgumentException("the gradient must come from at least one example, got " + examples);
        }
        if (!Double.isFinite(gradientSum.sumNumber().doubleValue()) || !Double.isFinite(lossPerExample)) {
            throw new org.pc4j.trainers.DivergenceException("the summed gradient (or the loss) is NaN or infinite: a worker "
                    + "diverged; lower the learning rate or the inference rate. The update was not applied: parameters are as "
                    + "before it.", 0);
        }
        engine.apply(gradientSum, examples, lossPerExample);
    }

    /**
     * Inference alone on one minibatch (see {@link Engine#infer}): the parameters, the updater state and the
     * network's counters stay as they are.
     *
     * @throws InvalidBatchException if the batch does not fit; nothing changes
     */
    public Inference infer(MultiDataSet batch, int steps, double tolerance) {
        return infer(batch, steps, tolerance, null);
    }

    /**
     * As {@link #infer(MultiDataSet, int, double)}, every hidden node starting where {@code from} left it (or at the
     * configured value initialisation where {@code from} is null).
     *
     * @throws IllegalArgumentException if {@code from} is not an inference of this network's nodes on as many examples;
     *                                  nothing changes
     */
    public Inference infer(MultiDataSet batch, int steps, double tolerance, Inference from) {
        refuseTruncatedBptt("Inference alone");
        if (from != null) {
            requireStartFits(from, batch.getFeatures(0).size(0));
        }
        return onBatch(batch, () -> engine.infer(batch, steps, tolerance, from == null ? null : from.values()));
    }

    /** Checks that {@code from} holds this network's hidden nodes, in order, for {@code examples} examples. */
    private void requireStartFits(Inference from, long examples) {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (int k = 0; k < view.size(); k++) {
            if (!view.isOutput(k)) {
                names.add(view.predictor(k).name());
            }
        }
        if (!names.equals(from.nodes())) {
            throw new IllegalArgumentException("The inference to start from has the nodes " + from.nodes() + ", this network " + names);
        }
        for (int i = 0; i < names.size(); i++) {
            if (from.values().get(i).size(0) != examples) {
                throw new IllegalArgumentException("The inference to start from holds " + from.values().get(i).size(0)
                        + " examples at " + names.get(i) + ", the batch " + examples);
            }
        }
    }

    /** Runs {@code work} on a checked batch set on the network, as DL4J's own fit sets it, and clears it after. */
    private <T> T onBatch(MultiDataSet batch, Supplier<T> work) {
        BatchValidation.check(batch, view);
        BatchValidation.requireFinite(batch);
        TrainedNetwork net = view.network();
        for (Layer l : net.layers()) {
            l.setIterationCount(net.iteration());
            l.setEpochCount(net.epoch());
        }
        try {
            net.startBatch(batch);
            try (DropoutMasks ignored = new DropoutMasks(net.layers(), pool)) {
                return work.get();
            }
        } catch (DL4JException e) {
            throw new InvalidBatchException("The batch (features " + shapes(batch.getFeatures()) + ", labels "
                    + shapes(batch.getLabels()) + ") does not fit the network: " + e.getMessage(), e);
        } catch (IllegalStateException | IllegalArgumentException e) {
            if (!shapeCheckOfDl4j(e)) {
                throw e;
            }
            throw new InvalidBatchException("The batch (features " + shapes(batch.getFeatures()) + ", labels "
                    + shapes(batch.getLabels()) + ") does not fit the network: " + e.getMessage(), e);
        } finally {
            net.endBatch();
            for (Layer l : net.layers()) {
                l.clear();
            }
        }
    }

    /**
     * @return true if {@code e} is one of the checks DL4J's preprocessors and layers make of their input's shape (thrown
     *         from DL4J's or ND4J's code, not pc4j's), which a batch that does not fit the network fails
     */
    private static boolean shapeCheckOfDl4j(RuntimeException e) {
        StackTraceElement[] trace = e.getStackTrace();
        String origin = trace.length == 0 ? "" : trace[0].getClassName();
        for (StackTraceElement t : trace) {
            if (!t.getClassName().startsWith("org.nd4j.common.base.Preconditions")) {
                origin = t.getClassName();
                break;
            }
        }
        return (origin.startsWith("org.deeplearning4j.") || origin.startsWith("org.nd4j.")) && e.getMessage() != null
                && (e.getMessage().contains("shape") || e.getMessage().contains("size"));
    }

    private static String shapes(INDArray[] arrays) {
        return Arrays.toString(Arrays.stream(arrays).map(a -> a == null ? "null" : Arrays.toString(a.shape())).toArray());
    }

    /** Calls the network's listeners' {@code onEpochStart}, as the network's own {@code fit} does. */
    public void startEpoch() {
        for (TrainingListener l : view.network().listeners()) {
            l.onEpochStart(view.network().model());
        }
    }

    /** Calls the network's listeners' {@code onEpochEnd} and advances the network's epoch counter. */
    public void endEpoch() {
        for (TrainingListener l : view.network().listeners()) {
            l.onEpochEnd(view.network().model());
        }
        view.network().incrementEpoch();
    }

    /** @return the bytes held in the session's reusable buffers (value nodes, masks, detector counters). */
    public long bufferBytes() {
        return pool.bytes();
    }

    /** @return the validated view of the network. */
    public NetworkView view() {
        return view;
    }

    /**
     * Frees the session's buffers and lets other calls train the network. The thread's inference workspaces stay, sized,
     * for the next training call on this thread (as DL4J keeps its own training workspaces); {@link StepMemory#release()}
     * frees them.
     */
    @Override
    public void close() {
        try {
            for (Layer l : view.network().layers()) {
                l.clear();
            }
            pool.close();
        } finally {
            lease.close();
        }
    }
}
