package org.pc4j.app.memory;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The modern (continuous) Hopfield network of Ramsauer et al., "Hopfield Networks is All You Need" (ICLR 2021,
 * arXiv:2008.02217): the stored patterns are the rows of {@code X [N, d]}, and a state {@code xi} moves by
 * {@code xi <- X^T softmax(beta X xi)} (in rows: {@code K <- softmax(beta K X^T) X}). For a partial key the known
 * values are put back after every update. Stops when no value moves by more than 1e-6, or after the iteration budget.
 */
public final class ModernHopfield implements MemoryMethod {

    private final double beta;
    private final int maxIterations;
    private INDArray stored;

    /**
     * @param beta          the inverse temperature, > 0 (large: nearest pattern; small: a blend)
     * @param maxIterations the most updates per recall, >= 1
     */
    public ModernHopfield(double beta, int maxIterations) {
        if (!(beta > 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta must be finite and > 0, got " + beta);
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations must be >= 1, got " + maxIterations);
        }
        this.beta = beta;
        this.maxIterations = maxIterations;
    }

    @Override
    public String name() {
        return "mhn";
    }

    @Override
    public String description() {
        return "modern Hopfield network, beta " + beta;
    }

    @Override
    public void store(INDArray patterns) {
        this.stored = patterns.dup();
    }

    /** @return one update of every row of {@code keys}: {@code softmax(beta K X^T) X} */
    public INDArray update(INDArray keys) {
        requireStored();
        INDArray scores = keys.mmul(stored.transpose()).muli(beta);
        return Transforms.softmax(scores, false).mmul(stored); // ND4J's softmax is per row and subtracts the row max
    }

    @Override
    public Recalled complete(INDArray key, INDArray known) {
        return FixedPointRecall.iterate(key.mul(known), known, maxIterations, this::update, 1e-6);
    }

    @Override
    public Recalled denoise(INDArray key) {
        return FixedPointRecall.iterate(key, null, maxIterations, this::update, 1e-6);
    }


    private void requireStored() {
        if (stored == null) {
            throw new IllegalStateException("store patterns before recalling");
        }
    }
}
