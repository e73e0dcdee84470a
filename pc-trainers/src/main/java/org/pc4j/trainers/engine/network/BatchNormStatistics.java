package org.pc4j.trainers.engine.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.pc4j.trainers.spi.LayerState;

/**
 * Batch normalisation's running mean and variance, moved once per batch. DL4J's batch-norm backprop returns the
 * running-statistics change {@code (1 - decay) * (running - batch)} as a pseudo-gradient that the updater subtracts.
 * The engine keeps the one from the layer's <b>first</b> backprop in the batch: under forward-pass initialisation the
 * layer's input is then still the forward activation, so the statistics are the ones {@code net.fit} would use. It is
 * applied with the first weight update after it was taken (the only update for PC, Z-IL and Fa-Z-IL; the first of T
 * for iPC) and zeroed in every other update. The copies are allocated once per training call.
 */
final class BatchNormStatistics implements LayerState {

    private static final String[] STAT_KEYS = {BatchNormalizationParamInitializer.GLOBAL_MEAN,
            BatchNormalizationParamInitializer.GLOBAL_VAR, BatchNormalizationParamInitializer.GLOBAL_LOG_STD};

    private final List<INDArray> views = new ArrayList<>();
    private final List<INDArray> taken = new ArrayList<>();
    private boolean isTaken;
    private boolean applied;

    BatchNormStatistics(Layer layer) {
        Map<String, INDArray> g = layer.conf().getLayer().initializer()
                .getGradientsFromFlattened(layer.conf(), layer.getGradientsViewArray());
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            for (String key : STAT_KEYS) {
                if (g.containsKey(key)) {
                    views.add(g.get(key));
                    taken.add(Nd4j.createUninitialized(g.get(key).dataType(), g.get(key).shape(), g.get(key).ordering()));
                }
            }
        }
    }

    /** Forgets the previous batch's statistics. */
    @Override
    public void startBatch() {
        isTaken = false;
        applied = false;
    }

    /** Keeps the statistics of the layer's first backprop in the batch. */
    @Override
    public void afterBackprop() {
        if (!isTaken) {
            for (int j = 0; j < views.size(); j++) {
                taken.get(j).assign(views.get(j));
            }
            isTaken = true;
        }
    }

    /** Writes the statistics change into the gradient view: the kept one once per batch, zero otherwise. */
    @Override
    public void beforeUpdate() {
        boolean use = isTaken && !applied;
        for (int j = 0; j < views.size(); j++) {
            if (use) {
                views.get(j).assign(taken.get(j));
            } else {
                views.get(j).assign(0);
            }
        }
        applied |= use;
    }
}
