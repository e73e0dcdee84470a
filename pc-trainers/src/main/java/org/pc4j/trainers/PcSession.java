package org.pc4j.trainers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.pc4j.trainers.engine.TrainingSession;
import org.pc4j.trainers.engine.network.BatchValidation;

/**
 * A training call kept open on one network ({@link PcTrainer#open}): batches are trained one by one, as by
 * {@link PcTrainer#fitBatch}, but the network is checked once and the inference memory is reused. Holds the network
 * for its thread until closed; one thread.
 */
public final class PcSession implements AutoCloseable {

    private final TrainingSession session;

    PcSession(TrainingSession session) {
        this.session = session;
    }

    /**
     * @return true if this session runs its batches on the kernel path ({@link KernelPath}: a chain of dense layers
     *         under PC or iPC, unmasked batches), false if on the general path
     */
    public boolean usesKernelPath() {
        return session.usesKernelPath();
    }

    /**
     * @return true if some 2-D convolution of the network runs through libnd4j's {@code conv2d} and {@code conv2d_bp}
     *         operations in this session ({@link ConvolutionPath}), false if every one runs DL4J's im2col computation
     */
    public boolean usesConvolutionOperations() {
        return session.usesConvolutionOperations();
    }

    /**
     * Infers and learns on one minibatch.
     *
     * @return the batch's energy trace, or null if the session was opened without tracing
     * @throws InvalidBatchException if the batch does not fit; nothing changes
     * @throws DivergenceException   if training diverges; the bad update is not applied
     */
    public BatchResult fit(DataSet batch) {
        return session.fit(batch);
    }

    /** As {@link #fit(DataSet)}, with one features array per network input and one labels array per output. */
    public BatchResult fit(MultiDataSet batch) {
        return session.fit(batch);
    }

    /**
     * Infers on one minibatch as {@link #fit(DataSet)} does, but reads the weight update instead of applying it: the
     * gradient summed over the batch, the batch size and loss. The parameters, the updater state and the network's
     * counters stay as they are. For data-parallel training: the sum of several batches' gradients, applied with
     * {@link #apply}, is the update of their union batch.
     *
     * @throws IllegalStateException if the schedule updates the weights more than once per batch (iPC) or learns node
     *                               variances
     * @throws InvalidBatchException if the batch does not fit; nothing changes
     */
    public BatchGradient gradient(DataSet batch) {
        return session.gradient(BatchValidation.toMulti(batch));
    }

    /** As {@link #gradient(DataSet)}, with one features array per network input and one labels array per output. */
    public BatchGradient gradient(MultiDataSet batch) {
        return session.gradient(batch);
    }

    /**
     * Applies gradients read by {@link #gradient} (on copies of this network, summed) as one update of the network's
     * own updater with {@code examples} as the batch size: what {@code net.fit} on the union batch applies.
     *
     * @param gradientSum    the summed gradients, {@code numParams} values in {@code net.params()} order
     * @param examples       the examples they were summed over
     * @param lossPerExample the loss reported as the network's score
     * @throws IllegalArgumentException if the length is wrong
     * @throws DivergenceException if the gradient is NaN or infinite; nothing is applied
     */
    public void apply(INDArray gradientSum, int examples, double lossPerExample) {
        session.apply(gradientSum, examples, lossPerExample);
    }

    /**
     * Inference alone on one minibatch: from the trainer's value initialisation, {@code steps} synchronous value steps
     * (PC's, at the trainer's inference rate and rate control) with the weights frozen, stopping early once the total
     * energy changes by at most {@code tolerance} of itself in one step. Nothing is learnt: the parameters stay
     * bit-identical, the updater and the network's counters are not touched. The labels are the clamped outputs; a
     * labels mask frees the outputs it zeroes (their error is zero: each sits at its own prediction, the minimum of
     * its energy), which is how a generative network completes a partly known picture ({@code generative}).
     *
     * @param steps     the number of energy evaluations, at least 1
     * @param tolerance the relative energy change per step at which to stop, 0 to run every step
     * @return the values and the outputs' predictions reached, copied
     * @throws InvalidBatchException if the batch does not fit; nothing changes
     * @throws DivergenceException   if inference diverges (lower the inference rate)
     */
    public Inference infer(MultiDataSet batch, int steps, double tolerance) {
        requireInferenceArguments(steps, tolerance);
        return session.infer(batch, steps, tolerance);
    }

    /** As {@link #infer(MultiDataSet, int, double)}, for a batch with one features and one labels array. */
    public Inference infer(DataSet batch, int steps, double tolerance) {
        return infer(BatchValidation.toMulti(batch), steps, tolerance);
    }

    /**
     * As {@link #infer(MultiDataSet, int, double)}, but every hidden value node starts where an earlier inference on
     * the same examples left it ({@code from.values()}), not at the trainer's value initialisation: inference continued
     * under another clamp, e.g. a generative network relaxed with a whole pattern clamped, then with part of it freed.
     *
     * @param from an inference of this network on as many examples
     * @throws IllegalArgumentException if {@code from} is of other nodes, other shapes or another number of examples;
     *                                  nothing changes
     */
    public Inference infer(MultiDataSet batch, int steps, double tolerance, Inference from) {
        java.util.Objects.requireNonNull(from, "from");
        requireInferenceArguments(steps, tolerance);
        return session.infer(batch, steps, tolerance, from);
    }

    /** As {@link #infer(MultiDataSet, int, double, Inference)}, for a batch with one features and one labels array. */
    public Inference infer(DataSet batch, int steps, double tolerance, Inference from) {
        return infer(BatchValidation.toMulti(batch), steps, tolerance, from);
    }

    /** Calls the network's listeners' {@code onEpochStart}, as the network's own {@code fit} does. */
    public void startEpoch() {
        session.startEpoch();
    }

    /** Calls the network's listeners' {@code onEpochEnd} and advances the network's epoch counter. */
    public void endEpoch() {
        session.endEpoch();
    }

    /** Frees the session's buffers and lets other calls train the network. */
    @Override
    public void close() {
        session.close();
    }

    private static void requireInferenceArguments(int steps, double tolerance) {
        if (steps < 1 || steps > Schedule.MAX_STEPS) {
            throw new IllegalArgumentException("inference needs 1 <= steps <= " + Schedule.MAX_STEPS + ", got " + steps);
        }
        if (!(tolerance >= 0 && tolerance < 1)) {
            throw new IllegalArgumentException("the convergence tolerance must be in [0, 1), got " + tolerance);
        }
    }
}
