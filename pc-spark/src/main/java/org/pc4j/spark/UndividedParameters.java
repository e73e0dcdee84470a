package org.pc4j.spark;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The parameters whose "gradient" DL4J's updater applies as it is, not divided by the batch size
 * ({@code updaterDivideByMinibatch(p) == false}): BatchNorm's global mean and variance, whose gradient is the step
 * towards the batch's statistics ({@code (1 - decay) (global - batch)}). Under gradient averaging, summing N workers'
 * steps would move them N times as far; the driver takes their mean instead, so that a round moves the running
 * statistics to the mean of where each worker's batch alone would have moved them.
 *
 * <p>Ranges are offsets into {@code net.params()} (and, in the same layout, the flattened gradient).
 */
final class UndividedParameters {

    private final List<long[]> ranges; // {offset, length}

    private UndividedParameters(List<long[]> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /** @return the undivided parameters of {@code net} (none for most networks) */
    static UndividedParameters of(NeuralNetwork net) {
        Layer[] layers = net instanceof MultiLayerNetwork m ? m.getLayers() : ((ComputationGraph) net).getLayers();
        INDArray flat = net.params();
        List<long[]> ranges = new ArrayList<>();
        for (Layer layer : layers) {
            layer.paramTable().forEach((key, view) -> {
                if (!layer.updaterDivideByMinibatch(key)) {
                    ranges.add(new long[] {view.offset() - flat.offset(), view.length()});
                }
            });
        }
        return new UndividedParameters(ranges);
    }

    /** @return true if the network has none */
    boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Divides these parameters' entries of {@code gradientSum} (in {@code params()} layout) by {@code workers}, in place. */
    void average(INDArray gradientSum, int workers) {
        if (ranges.isEmpty() || workers == 1) {
            return;
        }
        INDArray flat = gradientSum.reshape(gradientSum.length());
        for (long[] r : ranges) {
            flat.get(NDArrayIndex.interval(r[0], r[0] + r[1])).divi(workers);
        }
        if (flat != gradientSum && !flat.isView()) { // reshape copied: write back
            gradientSum.assign(flat.reshape(gradientSum.shape()));
        }
    }
}
