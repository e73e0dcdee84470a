package org.pc4j.layers.energy;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The energy {@code E(x, mu)} of one value node: how far the node's value {@code x} is from the prediction
 * {@code mu} that the layer feeding it makes. Predictive coding minimises the sum of these energies over all
 * value nodes, with respect to the free values (inference) and to the parameters that produce the predictions
 * (learning).
 *
 * <p>Shapes: {@code x} and {@code mu} have the node's shape, minibatch first ({@code [mb, n]} for dense nodes,
 * {@code [mb, c, h, w]} for convolutional ones, {@code [mb, n, T]} for recurrent ones). Energies are
 * <b>summed</b> over the minibatch, so that the value-node step size means the same for any batch size and the
 * parameter gradient is on DL4J's scale (DL4J's updater divides by the minibatch size).
 *
 * <p>Implementations are stateless and thread-safe.
 */
public interface Energy {

    /** @return {@code E(x, mu)}, summed over the minibatch and all elements. */
    double value(INDArray x, INDArray mu);

    /**
     * @return {@code dE/dmu}, shaped like {@code mu}: the gradient a layer needs to compute its local parameter
     *         gradient and the message to the node below (DL4J's {@code epsilon}, "dC/d(output)"). A new array,
     *         which the caller may modify.
     */
    INDArray gradientWrtPrediction(INDArray x, INDArray mu);

    /** @return {@code dE/dx}, shaped like {@code x}; a new array, which the caller may modify. */
    INDArray gradientWrtValue(INDArray x, INDArray mu);

    /**
     * Adds {@code dE/dx} to {@code accumulator} in place (the inference engine sums it with the messages of the
     * node's consumers without allocating).
     *
     * @return {@code accumulator}
     */
    default INDArray addGradientWrtValue(INDArray x, INDArray mu, INDArray accumulator) {
        return accumulator.addi(gradientWrtValue(x, mu));
    }

    /**
     * @return true if a value step is plain gradient descent, {@code x <- x - rate * dE_total/dx}; false if the node
     *         lives on a constrained set and {@link #step} moves it there
     */
    default boolean euclidean() {
        return true;
    }

    /**
     * Moves {@code x} in place one inference step down {@code gradient}, the total {@code dE/dx} (own term plus the
     * messages of the node's consumers). The default is gradient descent; an energy whose node is constrained (a
     * probability vector) overrides it with a step that keeps the node valid.
     *
     * @param gradient shaped like {@code x}; may be used as scratch space
     * @return {@code x}
     */
    default INDArray step(INDArray x, INDArray gradient, double rate) {
        return x.subi(gradient.muli(rate));
    }
}
