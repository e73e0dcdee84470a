package org.pc4j.trainers.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.pc4j.trainers.PcTrainer;

/** Comparisons of a PC-trained network against DL4J's backprop on a clone of it. */
public final class Oracles {

    private Oracles() {
    }

    /** The parameters of one network before and after training, and of a reference trained from the same start. */
    public record Run(MultiLayerNetwork initial, MultiLayerNetwork pc, MultiLayerNetwork bp) {
    }

    /** Trains {@code net} with {@code trainer.fitBatch} and a clone of it with {@code net.fit}, batch by batch. */
    public static Run trainBoth(MultiLayerNetwork net, PcTrainer trainer, List<DataSet> batches) {
        MultiLayerNetwork initial = net.clone();
        MultiLayerNetwork bp = net.clone();
        for (DataSet b : batches) {
            trainer.fitBatch(net, b);
            bp.fit(b);
        }
        return new Run(initial, net, bp);
    }

    /**
     * The largest, over layers, of {@code ||p_pc - p_bp|| / ||p_bp - p_initial||} (Frobenius norms over all of the
     * layer's parameters): the distance between the two trainings relative to how far backprop moved the layer
     * ("per-layer relative Frobenius error", docs/algorithms.md §3). A layer that backprop did not move contributes its absolute
     * distance. Per layer rather than per parameter array, because a parameter whose true gradient is zero (a
     * convolution bias before batch normalisation) moves by round-off only.
     */
    public static double relativeDivergence(Run run) {
        return relativeDivergence(run.pc(), run.bp(), run.initial());
    }

    /** @see #relativeDivergence(Run) */
    public static double relativeDivergence(MultiLayerNetwork actual, MultiLayerNetwork expected, MultiLayerNetwork initial) {
        return relativeDivergence(actual.paramTable(), expected.paramTable(), initial.paramTable());
    }

    /** @see #relativeDivergence(Run); for any networks' parameter tables ({@code "<layer>_<param>"} keys) */
    public static double relativeDivergence(Map<String, INDArray> pc, Map<String, INDArray> bp, Map<String, INDArray> init) {
        assertThat(pc.keySet()).isEqualTo(bp.keySet());
        Map<String, double[]> perLayer = new java.util.TreeMap<>();
        for (String key : bp.keySet()) {
            double diff = pc.get(key).distance2(bp.get(key));
            double moved = bp.get(key).distance2(init.get(key));
            double[] acc = perLayer.computeIfAbsent(key.substring(0, key.lastIndexOf('_')), k -> new double[2]);
            acc[0] += diff * diff;
            acc[1] += moved * moved;
        }
        double worst = 0;
        for (double[] acc : perLayer.values()) {
            double diff = Math.sqrt(acc[0]);
            double moved = Math.sqrt(acc[1]);
            worst = Math.max(worst, moved > 0 ? diff / moved : diff);
        }
        return worst;
    }

    /** @return the largest relative difference between the two networks' updater states (Adam moments etc.). */
    public static double updaterStateDivergence(Run run) {
        INDArray a = run.pc().getUpdater().getStateViewArray();
        INDArray b = run.bp().getUpdater().getStateViewArray();
        if (a == null || b == null) {
            assertThat(a == null && b == null).as("an updater state on one side only").isTrue();
            return 0;
        }
        double scale = b.norm2Number().doubleValue();
        return scale > 0 ? a.distance2(b) / scale : a.distance2(b);
    }
}
