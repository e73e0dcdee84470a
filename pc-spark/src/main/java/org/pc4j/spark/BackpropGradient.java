package org.pc4j.spark;

import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * DL4J's own backprop gradient of one batch, for the backprop baseline on Spark ({@link SparkPcTrainer#backprop}):
 * {@code computeGradientAndScore} on the batch, whose flattened gradient is dC/dθ summed over the batch's examples
 * (DL4J's updater divides by the batch size later), in {@code net.params()} order. Nothing is updated.
 */
final class BackpropGradient {

    private BackpropGradient() {
    }

    /** @return the batch's gradient (summed over its examples), its examples and its loss summed over them */
    static WorkerGradient of(NeuralNetwork net, DataSet batch) {
        int examples = batch.numExamples();
        INDArray gradient;
        double score;
        if (net instanceof MultiLayerNetwork m) {
            m.setInput(batch.getFeatures());
            m.setLabels(batch.getLabels());
            m.setLayerMaskArrays(batch.getFeaturesMaskArray(), batch.getLabelsMaskArray());
            m.computeGradientAndScore();
            gradient = m.getFlattenedGradients();
            score = m.score();
        } else {
            ComputationGraph g = (ComputationGraph) net;
            g.setInputs(batch.getFeatures());
            g.setLabels(batch.getLabels());
            g.setLayerMaskArrays(batch.getFeaturesMaskArray() == null ? null : new INDArray[] {batch.getFeaturesMaskArray()},
                    batch.getLabelsMaskArray() == null ? null : new INDArray[] {batch.getLabelsMaskArray()});
            g.computeGradientAndScore();
            gradient = g.getFlattenedGradients();
            score = g.score();
        }
        return new WorkerGradient(ArrayBytes.of(gradient.reshape(1, gradient.length())), examples, score * examples);
    }
}
