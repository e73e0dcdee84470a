package org.pc4j.app.memory;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The classic binary Hopfield network (Hopfield, PNAS 1982): patterns binarised at 0.5 to {@code p in {-1, +1}^d},
 * Hebbian weights {@code W = (1/N) sum_n p_n p_n^T} with a zero diagonal, and synchronous sign updates
 * {@code s <- sign(W s)} (a zero field keeps the unit's state) until the state stops changing. It stores binary
 * patterns, so its recall is scored against the binarised images ({@link #target}). For a partial key the unknown units
 * start at -1 (background) and the known ones are put back after every update.
 */
public final class ClassicHopfield implements MemoryMethod {

    private final int maxIterations;
    private INDArray weights;

    /** @param maxIterations the most updates per recall, >= 1 */
    public ClassicHopfield(int maxIterations) {
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations must be >= 1, got " + maxIterations);
        }
        this.maxIterations = maxIterations;
    }

    @Override
    public String name() {
        return "hopfield";
    }

    @Override
    public String description() {
        return "classic Hopfield network, Hebbian weights, binarised patterns, synchronous sign updates";
    }

    /** @return {@code 2 * (x >= 0.5) - 1}, the +-1 pattern of each row */
    static INDArray bipolar(INDArray x) {
        return x.gte(0.5).castTo(x.dataType()).muli(2).subi(1);
    }

    @Override
    public INDArray target(INDArray patterns) {
        return patterns.gte(0.5).castTo(patterns.dataType());
    }

    @Override
    public void store(INDArray patterns) {
        INDArray p = bipolar(patterns);
        INDArray w = p.transpose().mmul(p).divi(p.size(0));
        long d = w.size(0);
        for (long i = 0; i < d; i++) {
            w.putScalar(i, i, 0.0);
        }
        this.weights = w;
    }

    /** @return the Hebbian weights, {@code [d, d]} */
    public INDArray weights() {
        if (weights == null) {
            throw new IllegalStateException("store patterns first");
        }
        return weights;
    }

    /** @return one synchronous update of every row state {@code s} (+-1): {@code sign(W s)}, a zero field keeping s */
    public INDArray update(INDArray states) {
        INDArray field = states.mmul(weights());
        INDArray sign = Transforms.sign(field, true);
        INDArray zero = sign.eq(0).castTo(states.dataType());
        return sign.addi(zero.muli(states));
    }

    @Override
    public Recalled complete(INDArray key, INDArray known) {
        INDArray start = bipolar(key).muli(known).addi(known.rsub(1.0).negi());
        return binary(FixedPointRecall.iterate(start, known, maxIterations, this::update, 0));
    }

    @Override
    public Recalled denoise(INDArray key) {
        return binary(FixedPointRecall.iterate(bipolar(key), null, maxIterations, this::update, 0));
    }

    /** @return the +-1 states as 0/1 patterns */
    private static Recalled binary(Recalled r) {
        return new Recalled(r.patterns().add(1).divi(2), r.iterations());
    }

}
