package org.pc4j.zoo.models;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.nd4j.linalg.activations.Activation;

/** {@code layers} dense layers of {@code width} units, each reading the one before: the MLP's and the VAE's stacks. */
final class DenseStack {

    private DenseStack() {
    }

    /**
     * Appends the layers to {@code list}.
     *
     * @param in the width of the input to the first layer
     * @return the width of the last layer's output ({@code in} if {@code layers} is 0)
     */
    static int append(NeuralNetConfiguration.ListBuilder list, int in, int width, int layers, Activation activation) {
        int n = in;
        for (int i = 0; i < layers; i++) {
            list.layer(new DenseLayer.Builder().nIn(n).nOut(width).activation(activation).build());
            n = width;
        }
        return n;
    }
}
