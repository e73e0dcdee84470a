package org.pc4j.trainers;

import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.pc4j.trainers.engine.TrainingSession;

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
