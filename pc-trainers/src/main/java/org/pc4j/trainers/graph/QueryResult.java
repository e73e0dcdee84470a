package org.pc4j.trainers.graph;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a query of a PC graph returns.
 *
 * @param values   every neuron's value at the end, {@code [B, n]}
 * @param energies E before each value move and at the end (steps + 1 entries), batch means
 * @param steps    the value moves made (the budget, or fewer if the energy converged)
 * @param rate     the value step at the end: the configured gamma, or less where the energy rose and the step was
 *                 halved ({@link GraphConfig#inferenceRateControl})
 */
public record QueryResult(INDArray values, double[] energies, int steps, double rate) {

    public QueryResult {
        energies = energies.clone();
    }

    @Override
    public double[] energies() {
        return energies.clone();
    }

    /** @return neurons {@code from .. from + count - 1} of every example, {@code [B, count]} */
    public INDArray neurons(int from, int count) {
        return values.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(from, from + count)).dup();
    }
}
