package org.pc4j.trainers.engine;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.pc4j.trainers.InvalidBatchException;

/**
 * Checks a minibatch before anything is computed (missing arrays, sizes that do not fit), so that bad data changes
 * nothing and says what is wrong; NaN and infinite values are looked for only once an energy or a gradient is
 * non-finite, before anything is applied ({@link #requireFiniteData}).
 */
final class BatchValidation {

    private BatchValidation() {
    }

    /** @throws InvalidBatchException if the batch is missing arrays or does not fit the network */
    static void check(DataSet batch, MultiLayerNetwork net) {
        checkPresent(batch);
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
        checkLabels(y, last, LayerSupport.describe(net.getnLayers() - 1, last));
    }

    /** @throws InvalidBatchException if the batch or its features or labels are missing */
    static void checkPresent(DataSet batch) {
        if (batch == null || batch.getFeatures() == null || batch.getLabels() == null) {
            throw new InvalidBatchException("The batch needs features and labels (got " + (batch == null ? "null" : "features "
                    + shape(batch.getFeatures()) + ", labels " + shape(batch.getLabels())) + ")");
        }
    }

    /** @throws InvalidBatchException if the batch does not hold one array per graph input and output, or does not fit */
    static void check(MultiDataSet batch, ComputationGraph graph) {
        List<String> inputs = graph.getConfiguration().getNetworkInputs();
        List<String> outputs = graph.getConfiguration().getNetworkOutputs();
        if (batch == null || batch.getFeatures() == null || batch.getLabels() == null
                || batch.getFeatures().length != inputs.size() || batch.getLabels().length != outputs.size()) {
            throw new InvalidBatchException("The graph has inputs " + inputs + " and outputs " + outputs + ": the batch needs "
                    + inputs.size() + " features and " + outputs.size() + " labels arrays (got "
                    + (batch == null ? "null" : count(batch.getFeatures()) + " and " + count(batch.getLabels())) + ")");
        }
        long examples = -1;
        for (INDArray[] arrays : new INDArray[][] {batch.getFeatures(), batch.getLabels()}) {
            for (INDArray a : arrays) {
                if (a == null || a.size(0) == 0 || (examples >= 0 && a.size(0) != examples)) {
                    throw new InvalidBatchException("Every features and labels array must hold the same non-zero number of "
                            + "examples: features " + shapes(batch.getFeatures()) + ", labels " + shapes(batch.getLabels()));
                }
                examples = a.size(0);
            }
        }
        for (int o = 0; o < outputs.size(); o++) {
            Layer layer = graph.getVertex(outputs.get(o)).getLayer();
            checkLabels(batch.getLabels()[o], layer.conf().getLayer(), GraphSupport.describe(graph.getVertex(outputs.get(o))));
        }
    }

    private static void checkLabels(INDArray y, org.deeplearning4j.nn.conf.layers.Layer last, String description) {
        if (last instanceof OutputLayer out && (y.rank() != 2 || y.size(1) != out.getNOut())) {
            throw new InvalidBatchException("Labels " + shape(y) + " do not fit " + description
                    + ", which expects [minibatch, " + out.getNOut() + "]");
        }
        if (last instanceof RnnOutputLayer out) {
            boolean nwc = out.getRnnDataFormat() == RNNFormat.NWC; // as RnnOutputLayer reads its labels: unset is NCW
            if (y.rank() != 3 || y.size(nwc ? 2 : 1) != out.getNOut()) {
                throw new InvalidBatchException("Labels " + shape(y) + " do not fit " + description + ", which expects "
                        + (nwc ? "[minibatch, time, " + out.getNOut() + "]" : "[minibatch, " + out.getNOut() + ", time]"));
            }
        }
    }

    /** @return the batch as a multi-array batch (the same arrays, no copy). */
    static MultiDataSet toMulti(DataSet batch) {
        return new org.nd4j.linalg.dataset.MultiDataSet(batch.getFeatures(), batch.getLabels(),
                batch.getFeaturesMaskArray(), batch.getLabelsMaskArray());
    }

    /** @return a one-input, one-output multi-array batch as a batch (the same arrays, no copy). */
    static DataSet toSingle(MultiDataSet batch) {
        if (batch == null || batch.getFeatures() == null || batch.getLabels() == null
                || batch.getFeatures().length != 1 || batch.getLabels().length != 1) {
            throw new InvalidBatchException("A MultiLayerNetwork has one input and one output: the batch needs one features "
                    + "and one labels array (got " + (batch == null ? "null" : count(batch.getFeatures()) + " and "
                    + count(batch.getLabels())) + ")");
        }
        return new org.nd4j.linalg.dataset.DataSet(batch.getFeatures(0), batch.getLabels(0),
                batch.getFeaturesMaskArray(0), batch.getLabelsMaskArray(0));
    }

    private static int count(INDArray[] arrays) {
        return arrays == null ? 0 : arrays.length;
    }

    private static String shapes(INDArray[] arrays) {
        return Arrays.toString(Arrays.stream(arrays).map(BatchValidation::shape).toArray());
    }

    private static boolean isEmbedding(org.deeplearning4j.nn.conf.layers.Layer l) {
        return l instanceof org.deeplearning4j.nn.conf.layers.EmbeddingLayer
                || l instanceof org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
    }

    /**
     * Refuses a batch with NaN or infinite values before anything is computed or updated, under every schedule (with a
     * bounded activation such as tanh an infinite feature gives finite energies, and iPC would apply the updates of its
     * first steps before a gradient turned non-finite). One reduction per array; the exact check runs only if a sum is
     * not finite (which huge but finite values can also cause).
     *
     * @throws InvalidBatchException if the batch holds NaN or infinite values
     */
    static void requireFinite(MultiDataSet batch) {
        for (INDArray[] arrays : new INDArray[][] {batch.getFeatures(), batch.getLabels(), batch.getFeaturesMaskArrays(),
                batch.getLabelsMaskArrays()}) {
            for (int i = 0; arrays != null && i < arrays.length; i++) {
                if (arrays[i] != null && arrays[i].dataType().isFPType() && !Double.isFinite(arrays[i].sumNumber().doubleValue())) {
                    requireFiniteData(batch);
                    return;
                }
            }
        }
    }

    /**
     * The check for NaN and infinite values, run only when an energy or a gradient came out non-finite (it costs
     * several passes over the data, which a healthy batch does not need): tells bad data from divergence.
     *
     * @throws InvalidBatchException if the batch holds NaN or infinite values
     */
    static void requireFiniteData(MultiDataSet batch) {
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
        if (a != null && (a.isNaN().any() || a.isInfinite().any())) {
            throw new InvalidBatchException("The batch's " + what + " " + shape(a) + " contain NaN or infinite values");
        }
    }

    private static String shape(INDArray a) {
        return a == null ? "null" : Arrays.toString(a.shape());
    }
}
