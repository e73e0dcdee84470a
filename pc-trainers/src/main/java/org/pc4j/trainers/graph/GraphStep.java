package org.pc4j.trainers.graph;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One value step of a PC graph, as a {@link GraphListener} sees it: the state at which the step evaluates the energy,
 * before the free neurons move. {@code values} is the graph's own array, valid only during the call: do not modify
 * it, and {@code dup()} what you keep.
 *
 * @param step   the step, from 0; the last call of a training batch ({@code step == T}) is the state the weight
 *               update reads
 * @param energy E at this state, the batch mean of each example's energy
 * @param values the neurons' values, {@code [B, n]}
 */
public record GraphStep(int step, double energy, INDArray values) {
}
