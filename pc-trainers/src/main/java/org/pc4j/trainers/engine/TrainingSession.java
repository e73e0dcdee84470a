package org.pc4j.trainers.engine;

import java.util.List;
import org.deeplearning4j.exception.DL4JException;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.pc4j.trainers.BatchResult;
import org.pc4j.trainers.InvalidBatchException;
import org.pc4j.trainers.PcConfig;
import org.pc4j.trainers.PcListener;

/**
 * Everything one training call on one network needs across batches: the validated network view, the reusable
 * buffers and scratch memory, the updater bridge. Created by {@code PcTrainer.fit}/{@code fitBatch} and closed at
 * its end, which frees all of its memory; nothing is kept on the trainer or the network.
 */
public final class TrainingSession implements AutoCloseable {

    private final LayerChain chain;
    private final PcConfig config;
    private final List<PcListener> listeners;
    private final boolean tracesEnergies;
    private final BufferPool pool = new BufferPool();
    private final StepMemory memory;
    private final WeightUpdate weightUpdate;
    private final DivergenceGuard guard;
    private final RunningStatistics runningStatistics;
    private long batchesSeen;

    /**
     * @param traceEnergies true to record every layer's energy at every step and return a {@link BatchResult} per
     *                      batch (always when there are listeners); false saves the energy evaluations that only a
     *                      trace would read
     * @throws org.pc4j.trainers.UnsupportedNetworkException if pc4j cannot train this network
     */
    public TrainingSession(MultiLayerNetwork net, PcConfig config, List<PcListener> listeners, boolean traceEnergies) {
        this.chain = LayerChain.of(net);
        this.config = config;
        this.listeners = List.copyOf(listeners);
        this.tracesEnergies = traceEnergies || !listeners.isEmpty();
        this.memory = new StepMemory(config.workspaceMode());
        this.weightUpdate = new WeightUpdate(chain);
        this.guard = new DivergenceGuard(config.divergenceFactor());
        this.runningStatistics = new RunningStatistics(net.getLayers());
    }

    /**
     * Infers and learns on one minibatch.
     *
     * @return the batch's energy trace, or null if this session does not trace energies
     * @throws InvalidBatchException if the batch does not fit; nothing changes
     * @throws org.pc4j.trainers.DivergenceException if the run diverges; the update of the diverging step is not applied
     */
    public BatchResult fit(DataSet batch) {
        MultiLayerNetwork net = chain.network();
        BatchValidation.check(batch, net);
        INDArray featuresMask = batch.getFeaturesMaskArray();
        INDArray labelsMask = batch.getLabelsMaskArray();
        for (Layer l : net.getLayers()) {
            l.setIterationCount(net.getIterationCount());
            l.setEpochCount(net.getEpochCount());
        }
        try {
            net.setLayerMaskArrays(featuresMask, labelsMask);
            try (DropoutMasks ignored = new DropoutMasks(net.getLayers(), pool)) {
                return new BatchInference(this, batch).run();
            }
        } catch (DL4JException e) {
            throw new InvalidBatchException("The batch (features " + java.util.Arrays.toString(batch.getFeatures().shape())
                    + ", labels " + java.util.Arrays.toString(batch.getLabels().shape()) + ") does not fit the network: "
                    + e.getMessage(), e);
        } finally {
            batchesSeen++;
            net.clearLayerMaskArrays();
            for (Layer l : net.getLayers()) {
                l.clear();
            }
        }
    }

    boolean tracesEnergies() {
        return tracesEnergies;
    }

    LayerChain chain() {
        return chain;
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

    RunningStatistics runningStatistics() {
        return runningStatistics;
    }

    long batchesSeen() {
        return batchesSeen;
    }

    /** Frees the session's buffers and scratch memory. */
    @Override
    public void close() {
        for (Layer l : chain.network().getLayers()) {
            l.clear();
        }
        pool.close();
        memory.close();
    }
}
