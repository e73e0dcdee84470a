package org.pc4j.trainers;

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
        if (steps < 1 || steps > Schedule.MAX_STEPS) {
            throw new IllegalArgumentException("inference needs 1 <= steps <= " + Schedule.MAX_STEPS + ", got " + steps);
        }
        if (!(tolerance >= 0 && tolerance < 1)) {
            throw new IllegalArgumentException("the convergence tolerance must be in [0, 1), got " + tolerance);
        }
        return session.infer(batch, steps, tolerance);
    }

    /** As {@link #infer(MultiDataSet, int, double)}, for a batch with one features and one labels array. */
    public Inference infer(DataSet batch, int steps, double tolerance) {
        return infer(BatchValidation.toMulti(batch), steps, tolerance);
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
}
