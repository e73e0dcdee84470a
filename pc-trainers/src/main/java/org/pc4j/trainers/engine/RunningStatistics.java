package org.pc4j.trainers.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Batch normalisation's running mean and variance, moved once per batch. DL4J's batch-norm backprop returns the
 * running-statistics change {@code (1 - decay) * (running - batch)} as a pseudo-gradient that the updater subtracts.
 * The engine keeps the one from the layer's <b>first</b> backprop in the batch: under forward-pass initialisation the layer's input is then still the forward activation, so the statistics are the ones
 * {@code net.fit} would use. It is applied with the first weight update after it was taken (the only update for
 * PC, Z-IL and Fa-Z-IL; the first of T for iPC) and zeroed in every other update.
 */
final class RunningStatistics {

    private static final String[] STAT_KEYS = {BatchNormalizationParamInitializer.GLOBAL_MEAN,
            BatchNormalizationParamInitializer.GLOBAL_VAR, BatchNormalizationParamInitializer.GLOBAL_LOG_STD};

    private final int[] layerOf;
    private final List<List<INDArray>> views = new ArrayList<>();
    private final INDArray[][] taken;
    private final boolean[] applied;

    RunningStatistics(PredictorGraph graph) {
        List<Integer> bn = new ArrayList<>();
        for (int k = 0; k < graph.size(); k++) {
            Layer layer = graph.predictor(k).layer();
            if (layer != null && layer.conf().getLayer() instanceof BatchNormalization) {
                bn.add(k);
                Map<String, INDArray> g = layer.conf().getLayer().initializer()
                        .getGradientsFromFlattened(layer.conf(), layer.getGradientsViewArray());
                List<INDArray> v = new ArrayList<>();
                for (String key : STAT_KEYS) {
                    if (g.containsKey(key)) {
                        v.add(g.get(key));
                    }
                }
                views.add(v);
            }
        }
        layerOf = bn.stream().mapToInt(Integer::intValue).toArray();
        taken = new INDArray[layerOf.length][];
        applied = new boolean[layerOf.length];
    }

    /** Forgets the previous batch's statistics. */
    void startBatch() {
        for (int i = 0; i < layerOf.length; i++) {
            taken[i] = null;
            applied[i] = false;
        }
    }

    /** Keeps the statistics of layer {@code k}'s first backprop in the batch. */
    void afterBackprop(int k, BufferPool pool) {
        int i = indexOf(k);
        if (i < 0 || taken[i] != null) {
            return;
        }
        List<INDArray> v = views.get(i);
        taken[i] = new INDArray[v.size()];
        for (int j = 0; j < v.size(); j++) {
            taken[i][j] = pool.copy("bn-stats/" + k + "/" + j, v.get(j));
        }
    }

    /** Writes the statistics change into the gradient view: the kept one once per batch, zero otherwise. */
    void beforeUpdate() {
        for (int i = 0; i < layerOf.length; i++) {
            List<INDArray> v = views.get(i);
            boolean use = taken[i] != null && !applied[i];
            for (int j = 0; j < v.size(); j++) {
                if (use) {
                    v.get(j).assign(taken[i][j]);
                } else {
                    v.get(j).assign(0);
                }
            }
            applied[i] |= use;
        }
    }

    private int indexOf(int k) {
        for (int i = 0; i < layerOf.length; i++) {
            if (layerOf[i] == k) {
                return i;
            }
        }
        return -1;
    }
}
