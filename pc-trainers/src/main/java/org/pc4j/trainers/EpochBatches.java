package org.pc4j.trainers;

import java.util.Iterator;
import org.deeplearning4j.datasets.iterator.AsyncDataSetIterator;
import org.deeplearning4j.datasets.iterator.AsyncMultiDataSetIterator;
import org.nd4j.linalg.dataset.adapter.MultiDataSetIteratorAdapter;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

/**
 * The batches of one epoch as the network's own {@code fit} reads them: read ahead on another thread where the
 * iterator allows it, reset first if it is exhausted, and up to the first incomplete batch (a batch without features
 * or labels ends the epoch, as in DL4J). A {@link DataSetIterator} is read through DL4J's
 * {@link MultiDataSetIteratorAdapter}, so every network trains from one kind of batch.
 */
final class EpochBatches implements Iterator<MultiDataSet>, AutoCloseable {

    private final MultiDataSetIterator iter;
    private final Runnable shutdown;
    private MultiDataSet next;

    private EpochBatches(MultiDataSetIterator iter, Runnable shutdown) {
        this.iter = iter;
        this.shutdown = shutdown;
        if (!iter.hasNext() && iter.resetSupported()) {
            iter.reset();
        }
    }

    /** @return one epoch of {@code data}. */
    static EpochBatches of(DataSetIterator data) {
        DataSetIterator iter = data.asyncSupported() ? new AsyncDataSetIterator(data, 2, false) : data;
        return new EpochBatches(new MultiDataSetIteratorAdapter(iter), () -> {
            if (iter instanceof AsyncDataSetIterator async) {
                async.shutdown();
            }
        });
    }

    /** @return one epoch of {@code data}. */
    static EpochBatches of(MultiDataSetIterator data) {
        MultiDataSetIterator iter = data.asyncSupported() ? new AsyncMultiDataSetIterator(data, 2, false) : data;
        return new EpochBatches(iter, () -> {
            if (iter instanceof AsyncMultiDataSetIterator async) {
                async.shutdown();
            }
        });
    }

    @Override
    public boolean hasNext() {
        if (next == null && iter.hasNext()) {
            next = iter.next();
        }
        return next != null && next.getFeatures() != null && next.getLabels() != null
                && java.util.Arrays.stream(next.getFeatures()).allMatch(java.util.Objects::nonNull)
                && java.util.Arrays.stream(next.getLabels()).allMatch(java.util.Objects::nonNull);
    }

    @Override
    public MultiDataSet next() {
        if (!hasNext()) {
            throw new java.util.NoSuchElementException("the epoch has no more batches");
        }
        MultiDataSet b = next;
        next = null;
        return b;
    }

    @Override
    public void close() {
        shutdown.run();
    }
}
