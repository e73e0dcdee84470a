package org.pc4j.trainers.engine.network;

import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.CenterLossOutputLayer;
import org.deeplearning4j.nn.conf.layers.Cnn3DLossLayer;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.RnnLossLayer;
import org.deeplearning4j.nn.conf.layers.objdetect.Yolo2OutputLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.pc4j.trainers.InvalidBatchException;
import org.pc4j.trainers.kernel.Finite;

/**
 * Checks a minibatch before anything is computed (missing arrays, sizes that do not fit), so that bad data changes
 * nothing and says what is wrong; NaN and infinite values are looked for by one pass over each array
 * ({@link #requireFinite} before a batch, {@link #requireFiniteData}, the same check, when an energy or gradient is
 * non-finite).
 */
public final class BatchValidation {

    private BatchValidation() {
    }

    /** @throws InvalidBatchException if the batch or its features or labels are missing */
    public static void checkPresent(DataSet batch) {
        if (batch == null || batch.getFeatures() == null || batch.getLabels() == null) {
            throw new InvalidBatchException("The batch needs features and labels (got " + (batch == null ? "null" : "features "
                    + shape(batch.getFeatures()) + ", labels " + shape(batch.getLabels())) + ")");
        }
    }

    /** @return the batch as a multi-array batch (the same arrays, no copy). */
    public static MultiDataSet toMulti(DataSet batch) {
        checkPresent(batch);
        return new org.nd4j.linalg.dataset.MultiDataSet(batch.getFeatures(), batch.getLabels(),
                batch.getFeaturesMaskArray(), batch.getLabelsMaskArray());
    }

    /**
     * @throws InvalidBatchException if the batch does not hold one array per network input and output, the arrays
     *                               disagree on the number of examples, or an array does not fit the layer reading it
     */
    public static void check(MultiDataSet batch, NetworkView view) {
        List<String> inputs = view.inputNames();
        List<String> outputs = view.outputNames();
        if (batch == null || batch.getFeatures() == null || batch.getLabels() == null
                || batch.getFeatures().length != inputs.size() || batch.getLabels().length != outputs.size()) {
            throw new InvalidBatchException("The network has inputs " + inputs + " and outputs " + outputs + ": the batch "
                    + "needs " + inputs.size() + " features and " + outputs.size() + " labels arrays (got "
                    + (batch == null ? "null" : count(batch.getFeatures()) + " and " + count(batch.getLabels())) + ")");
        }
        // a space-to-batch layer turns each example into several: then its labels have their own count
        boolean batchChanges = view.changesBatchSize();
        if (batchChanges && batch.getFeatures()[0] != null && batch.getLabels()[0] != null
                && batch.getLabels()[0].size(0) != batch.getFeatures()[0].size(0) * view.examplesPerExample()) {
            throw new InvalidBatchException("The network's space-to-batch layers turn each example into "
                    + view.examplesPerExample() + ": the labels must hold " + batch.getFeatures()[0].size(0) * view.examplesPerExample()
                    + " examples for features " + shape(batch.getFeatures()[0]) + ", got " + shape(batch.getLabels()[0]));
        }
        long examples = -1;
        for (INDArray[] arrays : new INDArray[][] {batch.getFeatures(), batch.getLabels()}) {
            if (batchChanges) {
                examples = -1;
            }
            for (INDArray a : arrays) {
                if (a == null || a.size(0) == 0 || (examples >= 0 && a.size(0) != examples)) {
                    throw new InvalidBatchException("Every features and labels array must hold the same non-zero number of "
                            + "examples" + (batchChanges ? " (features and labels each, since a space-to-batch layer "
                            + "multiplies the examples)" : "") + ": features " + shapes(batch.getFeatures()) + ", labels "
                            + shapes(batch.getLabels()));
                }
                examples = a.size(0);
            }
        }
        for (int k = 0; k < view.size(); k++) {
            int[] sources = view.sources(k);
            if (sources.length == 1 && sources[0] < 0 && view.predictor(k) instanceof LayerPredictor lp) {
                checkFeatures(batch.getFeatures()[-sources[0] - 1], lp);
            }
        }
        for (int o = 0; o < outputs.size(); o++) {
            LayerPredictor out = view.output(view.outputPredictor(o));
            checkLabels(batch.getLabels()[o], out.layer().conf().getLayer(), out.toString());
        }
    }

    private static void checkFeatures(INDArray x, LayerPredictor reader) {
        org.deeplearning4j.nn.conf.layers.Layer first = reader.layer().conf().getLayer();
        if (first instanceof FeedForwardLayer ff && !(first instanceof ConvolutionLayer) && !reader.hasPreProcessor()
                && x.rank() == 2 && ff.getNIn() > 0 && x.size(1) != ff.getNIn() && !reader.readsIndices()) {
            throw new InvalidBatchException("Features " + shape(x) + " do not fit " + reader + ", which expects "
                    + ff.getNIn() + " inputs per example");
        }
        if (!reader.hasPreProcessor() && x.rank() == 4 && first instanceof org.deeplearning4j.nn.conf.layers.PrimaryCapsules p
                && p.getInputChannels() > 0 && x.size(1) != p.getInputChannels()) {
            throw new InvalidBatchException("Features " + shape(x) + " do not fit " + reader + ", which expects "
                    + p.getInputChannels() + " channels: [minibatch, channels, height, width]");
        }
        if (reader.hasPreProcessor() || !(first instanceof FeedForwardLayer ff) || ff.getNIn() <= 0 || reader.readsIndices()) {
            return;
        }
        // the channels (or features per step) of sequences, images and volumes, where DL4J's own kernels would fail with
        // a message that does not name the layer
        int channelDim = -1;
        String layout = null;
        if (x.rank() == 3 && first instanceof Convolution1DLayer c) {
            channelDim = c.getRnnDataFormat() == RNNFormat.NWC ? 2 : 1;
            layout = c.getRnnDataFormat() == RNNFormat.NWC ? "[minibatch, time, channels]" : "[minibatch, channels, time]";
        } else if (x.rank() == 3 && first instanceof BaseRecurrentLayer r) {
            channelDim = r.getRnnDataFormat() == RNNFormat.NWC ? 2 : 1;
            layout = r.getRnnDataFormat() == RNNFormat.NWC ? "[minibatch, time, features]" : "[minibatch, features, time]";
        } else if (x.rank() == 4 && first instanceof ConvolutionLayer c && !(first instanceof Convolution1DLayer)) {
            channelDim = c.getCnn2dDataFormat() == CNN2DFormat.NHWC ? 3 : 1;
            layout = c.getCnn2dDataFormat() == CNN2DFormat.NHWC ? "[minibatch, height, width, channels]"
                    : "[minibatch, channels, height, width]";
        } else if (x.rank() == 5 && first instanceof Convolution3D c) {
            channelDim = c.getDataFormat() == Convolution3D.DataFormat.NDHWC ? 4 : 1;
            layout = c.getDataFormat() == Convolution3D.DataFormat.NDHWC ? "[minibatch, depth, height, width, channels]"
                    : "[minibatch, channels, depth, height, width]";
        }
        if (channelDim > 0 && x.size(channelDim) != ff.getNIn()) {
            throw new InvalidBatchException("Features " + shape(x) + " do not fit " + reader + ", which expects " + ff.getNIn()
                    + " channels: " + layout);
        }
    }

    private static void checkLabels(INDArray y, org.deeplearning4j.nn.conf.layers.Layer last, String description) {
        int rank = last instanceof CnnLossLayer || last instanceof Yolo2OutputLayer ? 4
                : last instanceof Cnn3DLossLayer ? 5 : last instanceof RnnLossLayer ? 3 : y.rank();
        if (y.rank() != rank) {
            throw new InvalidBatchException("Labels " + shape(y) + " do not fit " + description + ", which expects labels of rank "
                    + rank + (rank == 3 ? " (sequences)" : rank == 4 ? " (images)" : rank == 5 ? " (volumes)" : ""));
        }
        if ((last instanceof OutputLayer || last instanceof CenterLossOutputLayer)
                && (y.rank() != 2 || y.size(1) != ((FeedForwardLayer) last).getNOut())) {
            long nOut = ((FeedForwardLayer) last).getNOut();
            throw new InvalidBatchException("Labels " + shape(y) + " do not fit " + description
                    + ", which expects [minibatch, " + nOut + "]");
        }
        if (last instanceof RnnOutputLayer out) {
            boolean nwc = out.getRnnDataFormat() == RNNFormat.NWC; // as RnnOutputLayer reads its labels: unset is NCW
            if (y.rank() != 3 || y.size(nwc ? 2 : 1) != out.getNOut()) {
                throw new InvalidBatchException("Labels " + shape(y) + " do not fit " + description + ", which expects "
                        + (nwc ? "[minibatch, time, " + out.getNOut() + "]" : "[minibatch, " + out.getNOut() + ", time]"));
            }
        }
    }

    private static int count(INDArray[] arrays) {
        return arrays == null ? 0 : arrays.length;
    }

    private static String shapes(INDArray[] arrays) {
        return Arrays.toString(Arrays.stream(arrays).map(BatchValidation::shape).toArray());
    }

    /**
     * Refuses a batch with NaN or infinite values before anything is computed or updated, under every schedule (with a
     * bounded activation such as tanh an infinite feature gives finite energies, and iPC would apply the updates of its
     * first steps before a gradient turned non-finite). One pass over each array ({@link Finite#all}), naming the
     * first array that holds one.
     *
     * @throws InvalidBatchException if the batch holds NaN or infinite values
     */
    public static void requireFinite(MultiDataSet batch) {
        requireFiniteData(batch);
    }

    /**
     * The check for NaN and infinite values that names the array holding them, run when an energy or a gradient came
     * out non-finite: tells bad data from divergence.
     *
     * @throws InvalidBatchException if the batch holds NaN or infinite values
     */
    public static void requireFiniteData(MultiDataSet batch) {
        requireFinite("features", batch.getFeatures());
        requireFinite("labels", batch.getLabels());
        requireFinite("features mask", batch.getFeaturesMaskArrays());
        requireFinite("labels mask", batch.getLabelsMaskArrays());
    }

    private static void requireFinite(String what, INDArray[] arrays) {
        for (int i = 0; arrays != null && i < arrays.length; i++) {
            requireFinite(arrays.length == 1 ? what : what + " " + i, arrays[i]);
        }
    }

    private static void requireFinite(String what, INDArray a) {
        if (!Finite.all(a)) {
            throw new InvalidBatchException("The batch's " + what + " " + shape(a) + " contain NaN or infinite values");
        }
    }

    private static String shape(INDArray a) {
        return a == null ? "null" : Arrays.toString(a.shape());
    }
}
