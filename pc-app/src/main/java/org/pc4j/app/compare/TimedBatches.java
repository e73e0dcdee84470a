package org.pc4j.app.compare;

import java.util.Iterator;
import java.util.List;
import java.util.function.IntConsumer;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * A {@link DataSetIterator} over one epoch of a {@link Workload}'s batches that reports each batch it hands out
 * (for the progress bar and the memory sampler) and measures the time spent making batches, so that the training
 * time can leave it out. No prefetching thread ({@link #asyncSupported()} is false): backprop and PC read their
 * batches the same way.
 */
final class TimedBatches implements DataSetIterator {

    private final Iterable<DataSet> batches;
    private final IntConsumer onBatch;
    private Iterator<DataSet> it;
    private int served;
    private long makingNanos;
    private DataSetPreProcessor preProcessor;

    /**
     * @param batches the epoch's batches
     * @param onBatch called with the number of batches handed out so far, after each one
     */
    TimedBatches(Iterable<DataSet> batches, IntConsumer onBatch) {
        this.batches = batches;
        this.onBatch = onBatch;
        reset();
    }

    /** @return nanoseconds spent making the batches handed out since the last reset */
    long makingNanos() {
        return makingNanos;
    }

    @Override
    public boolean hasNext() {
        long start = System.nanoTime();
        boolean has = it.hasNext();
        makingNanos += System.nanoTime() - start;
        return has;
    }

    @Override
    public DataSet next() {
        long start = System.nanoTime();
        DataSet d = it.next();
        if (preProcessor != null) {
            preProcessor.preProcess(d);
        }
        served++;
        onBatch.accept(served);
        makingNanos += System.nanoTime() - start;
        return d;
    }

    @Override
    public DataSet next(int num) {
        throw new UnsupportedOperationException("batches are fixed by the workload");
    }

    @Override
    public int inputColumns() {
        return -1;
    }

    @Override
    public int totalOutcomes() {
        return -1;
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public void reset() {
        it = batches.iterator();
        served = 0;
        makingNanos = 0;
    }

    @Override
    public int batch() {
        return -1;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        return null;
    }
}
