package org.pc4j.trainers.engine;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.pc4j.trainers.InvalidBatchException;

/**
 * Checks a minibatch before anything is computed (missing arrays, sizes that do not fit), so that bad data changes
 * nothing and says what is wrong; NaN and infinite values are looked for only once an energy or a gradient is
 * non-finite, before anything is applied ({@link #requireFiniteData}).
 */
final class BatchValidation {

    private BatchValidation() {
    }

    /** @throws InvalidBatchException if the batch is missing arrays, has NaN or infinite values, or does not fit */
    static void check(DataSet batch, MultiLayerNetwork net) {
        if (batch == null || batch.getFeatures() == null || batch.getLabels() == null) {
            throw new InvalidBatchException("The batch needs features and labels (got " + (batch == null ? "null" : "features "
                    + shape(batch.getFeatures()) + ", labels " + shape(batch.getLabels())) + ")");
        }
        INDArray x = batch.getFeatures();
        INDArray y = batch.getLabels();
        if (x.size(0) == 0 || x.size(0) != y.size(0)) {
            throw new InvalidBatchException("Features and labels must hold the same non-zero number of examples: features "
                    + shape(x) + ", labels " + shape(y));
        }
        org.deeplearning4j.nn.conf.layers.Layer first = net.getLayer(0).conf().getLayer();
        if (first instanceof FeedForwardLayer ff && !(first instanceof org.deeplearning4j.nn.conf.layers.ConvolutionLayer)
                && net.getLayerWiseConfigurations().getInputPreProcess(0) == null && x.rank() == 2
                && ff.getNIn() > 0 && x.size(1) != ff.getNIn() && !isEmbedding(first)) {
            throw new InvalidBatchException("Features " + shape(x) + " do not fit " + LayerSupport.describe(0, first)
                    + ", which expects " + ff.getNIn() + " inputs per example");
        }
        org.deeplearning4j.nn.conf.layers.Layer last = net.getLayer(net.getnLayers() - 1).conf().getLayer();
        if (last instanceof OutputLayer out && (y.rank() != 2 || y.size(1) != out.getNOut())) {
            throw new InvalidBatchException("Labels " + shape(y) + " do not fit " + LayerSupport.describe(net.getnLayers() - 1, last)
                    + ", which expects [minibatch, " + out.getNOut() + "]");
        }
        if (last instanceof RnnOutputLayer out) {
            boolean nwc = out.getRnnDataFormat() != RNNFormat.NCW; // as RnnOutputLayer reads it
            if (y.rank() != 3 || y.size(nwc ? 2 : 1) != out.getNOut()) {
                throw new InvalidBatchException("Labels " + shape(y) + " do not fit " + LayerSupport.describe(net.getnLayers() - 1, last)
                        + ", which expects " + (nwc ? "[minibatch, time, " + out.getNOut() + "]" : "[minibatch, " + out.getNOut() + ", time]"));
            }
        }
    }

    private static boolean isEmbedding(org.deeplearning4j.nn.conf.layers.Layer l) {
        return l instanceof org.deeplearning4j.nn.conf.layers.EmbeddingLayer
                || l instanceof org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
    }

    /**
     * The check for NaN and infinite values, run only when an energy or a gradient came out non-finite (it costs
     * several passes over the data, which a healthy batch does not need): tells bad data from divergence.
     *
     * @throws InvalidBatchException if the batch holds NaN or infinite values
     */
    static void requireFiniteData(DataSet batch) {
        requireFinite("features", batch.getFeatures());
        requireFinite("labels", batch.getLabels());
        requireFinite("features mask", batch.getFeaturesMaskArray());
        requireFinite("labels mask", batch.getLabelsMaskArray());
    }

    private static void requireFinite(String what, INDArray a) {
        if (a != null && (a.isNaN().any() || a.isInfinite().any())) {
            throw new InvalidBatchException("The batch's " + what + " " + shape(a) + " contain NaN or infinite values");
        }
    }

    private static String shape(INDArray a) {
        return a == null ? "null" : Arrays.toString(a.shape());
    }
}
