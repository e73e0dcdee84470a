package org.pc4j.trainers.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.pc4j.trainers.InvalidBatchException;

/**
 * A batch of sequences cut into the segments DL4J's truncated BPTT trains one after the other: steps
 * {@code [i L, min((i + 1) L, T))} of every sequence ({@code [mb, n, T]} features and labels, {@code [mb, T]} masks), the
 * other arrays whole, as {@code MultiLayerNetwork} and {@code ComputationGraph} cut them. Where DL4J would only log a
 * warning and train nothing (no sequences, or sequences of different lengths), pc4j refuses the batch.
 */
final class TbpttSegments {

    private TbpttSegments() {
    }

    /**
     * @param forwardLength the segment length {@code L}
     * @return the segments, in order
     * @throws InvalidBatchException if the batch holds no sequence, or sequences of different lengths
     */
    static List<MultiDataSet> split(MultiDataSet batch, int forwardLength) {
        long length = -1;
        for (INDArray[] arrays : new INDArray[][] {batch.getFeatures(), batch.getLabels()}) {
            for (INDArray a : arrays) {
                if (a.rank() != 3) {
                    continue;
                }
                if (length >= 0 && a.size(2) != length) {
                    throw new InvalidBatchException("Truncated BPTT cuts every sequence at the same steps, but the batch's sequences "
                            + "have different lengths: features " + shapes(batch.getFeatures()) + ", labels "
                            + shapes(batch.getLabels()));
                }
                length = a.size(2);
            }
        }
        if (length < 0) {
            throw new InvalidBatchException("The network trains with truncated BPTT, which needs sequences ([minibatch, size, "
                    + "time] features or labels); got features " + shapes(batch.getFeatures()) + ", labels "
                    + shapes(batch.getLabels()) + " (DL4J's own fit would train nothing on this batch)");
        }
        List<MultiDataSet> segments = new ArrayList<>();
        for (long start = 0; start < length; start += forwardLength) {
            long end = Math.min(start + forwardLength, length);
            segments.add(new org.nd4j.linalg.dataset.MultiDataSet(cut(batch.getFeatures(), 3, start, end),
                    cut(batch.getLabels(), 3, start, end), cut(batch.getFeaturesMaskArrays(), 2, start, end),
                    cut(batch.getLabelsMaskArrays(), 2, start, end)));
        }
        return segments;
    }

    /** @return the arrays with those of rank {@code rank} (sequences, or {@code [mb, T]} masks) cut to steps {@code [start, end)} */
    private static INDArray[] cut(INDArray[] arrays, int rank, long start, long end) {
        if (arrays == null) {
            return null;
        }
        INDArray[] out = new INDArray[arrays.length];
        for (int i = 0; i < arrays.length; i++) {
            INDArray a = arrays[i];
            if (a == null || a.rank() != rank) {
                out[i] = a;
            } else if (rank == 3) {
                out[i] = a.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(start, end));
            } else {
                out[i] = a.get(NDArrayIndex.all(), NDArrayIndex.interval(start, end));
            }
        }
        return out;
    }

    private static String shapes(INDArray[] arrays) {
        return Arrays.toString(Arrays.stream(arrays).map(a -> a == null ? "null" : Arrays.toString(a.shape())).toArray());
    }
}
