package org.pc4j.trainers.catalogue;

import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * One small double-precision network that exercises some DL4J layer or vertex kinds, with its batches.
 *
 * @param name     what the test reports
 * @param kinds    the DL4J configuration classes (layers or graph vertices) it is the Z-IL test of
 * @param factory  builds the network afresh with an updater, initialised, from a fixed seed (the same parameters every call)
 * @param batch    a batch from a random source (features, labels and masks in double precision)
 * @param dl4j     whether DL4J's own backprop is right on it
 * @param sameDiff the layer indices or vertex names of its SameDiff layers and vertices (DL4J M2.1 doubles their
 *                 backprop), empty if none
 */
record CatalogueCase(String name, Set<Class<?>> kinds, Function<IUpdater, NeuralNetwork> factory,
                     Function<Random, MultiDataSet> batch, Dl4j dl4j, Set<String> sameDiff) {

    /** What DL4J's own backprop ({@code net.fit}) does on a case. */
    enum Dl4j {
        /** the loss's gradient: the oracle is {@code net.fit} itself */
        RIGHT,
        /** twice the loss's gradient through each SameDiff layer or vertex */
        DOUBLES,
        /** another wrong gradient: the oracle is the central difference of the loss */
        WRONG
    }

    /** @return the network with Adam (learning rate 0.01) */
    NeuralNetwork network() {
        return factory.apply(new Adam(0.01));
    }

    /** @return the network with {@code updater} */
    NeuralNetwork network(IUpdater updater) {
        return factory.apply(updater);
    }

    /** @return {@code count} batches from one fixed random source */
    List<MultiDataSet> batches(int count) {
        Random r = new Random(name.hashCode());
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> batch.apply(r)).toList();
    }

    /** @return a network of the same architecture and parameters in another precision */
    static NeuralNetwork convert(NeuralNetwork net, DataType type) {
        return net instanceof MultiLayerNetwork m ? m.convertDataType(type) : ((ComputationGraph) net).convertDataType(type);
    }

    /** @return the batch's arrays in another precision */
    static MultiDataSet convert(MultiDataSet b, DataType type) {
        return new org.nd4j.linalg.dataset.MultiDataSet(cast(b.getFeatures(), type), cast(b.getLabels(), type),
                cast(b.getFeaturesMaskArrays(), type), cast(b.getLabelsMaskArrays(), type));
    }

    private static INDArray[] cast(INDArray[] a, DataType type) {
        if (a == null) {
            return null;
        }
        INDArray[] out = new INDArray[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] == null ? null : a[i].castTo(type);
        }
        return out;
    }

    @Override
    public String toString() {
        return name;
    }
}
