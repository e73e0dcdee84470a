package org.pc4j.spark;

import java.io.Serializable;

/**
 * What a worker sends back for its batch of a round: the gradient summed over the batch ({@code Nd4j.toByteArray}
 * of {@code [1, numParams]}), the batch's examples and its loss summed over them.
 */
record WorkerGradient(byte[] gradient, int examples, double lossSum) implements Serializable {
}
