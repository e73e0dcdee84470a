package org.pc4j.spark;

import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * DL4J's own backprop gradient of one batch, for the backprop baseline on Spark ({@link SparkPcTrainer#backprop}):
 * {@code computeGradientAndScore} on the batch, whose flattened gradient is dC/dθ summed over the batch's examples
 * (DL4J's updater divides by the batch size later), in {@code net.params()} order. Nothing is updated.
 */
final class BackpropGradient {

    private BackpropGradient() {
    }

    /** @return the batch's gradient (summed over its examples), its examples and its loss summed over them */
    static WorkerGradient of(NeuralNetwork net, MultiDataSet batch) {
        int examples = Batches.examples(batch);
        INDArray gradient;
        double score;
        if (net instanceof MultiLayerNetwork m) {
            if (batch.numFeatureArrays() != 1 || batch.numLabelsArrays() != 1) {
                throw new IllegalArgumentException("a MultiLayerNetwork takes one features and one labels array, the batch has "
                        + batch.numFeatureArrays() + " and " + batch.numLabelsArrays());
            }
            m.setInput(batch.getFeatures(0));
            m.setLabels(batch.getLabels(0));
            m.setLayerMaskArrays(batch.getFeaturesMaskArray(0), batch.getLabelsMaskArray(0));
            m.computeGradientAndScore();
            gradient = m.getFlattenedGradients();
            score = m.score();
        } else {
            ComputationGraph g = (ComputationGraph) net;
            g.setInputs(batch.getFeatures());
            g.setLabels(batch.getLabels());
            g.setLayerMaskArrays(batch.getFeaturesMaskArrays(), batch.getLabelsMaskArrays());
            g.computeGradientAndScore();
            gradient = g.getFlattenedGradients();
            score = g.score();
        }
        return new WorkerGradient(ArrayBytes.of(gradient.reshape(1, gradient.length())), examples, score * examples);
    }
}
