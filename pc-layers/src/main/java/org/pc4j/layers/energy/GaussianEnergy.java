package org.pc4j.layers.energy;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The energy of a Gaussian value node with identity covariance, the energy of classic predictive coding
 * (Rao and Ballard; Whittington and Bogacz):
 *
 * <pre>
 *   E(x, mu)  = 1/2 * sum (x - mu)^2        (summed over the minibatch and all elements)
 *   dE/dmu    = mu - x  = -eps
 *   dE/dx     = x - mu  =  eps,             eps = x - mu, the prediction error
 * </pre>
 *
 * It is {@code -log N(x; mu, I)} up to a constant (docs/algorithms.md §3).
 */
public final class GaussianEnergy implements ErrorEnergy {

    /** The one instance; the energy has no parameters. */
    public static final GaussianEnergy INSTANCE = new GaussianEnergy();

    private GaussianEnergy() {
    }

    @Override
    public double valueOfError(INDArray error) {
        double norm = error.norm2Number().doubleValue();
        return 0.5 * norm * norm;
    }

    @Override
    public INDArray gradientOfError(INDArray error) {
        return error.dup();
    }

    @Override
    public double value(INDArray x, INDArray mu) {
        double norm = x.distance2(mu);
        return 0.5 * norm * norm;
    }

    @Override
    public INDArray gradientWrtPrediction(INDArray x, INDArray mu) {
        return mu.sub(x);
    }

    @Override
    public INDArray gradientWrtValue(INDArray x, INDArray mu) {
        return x.sub(mu);
    }

    @Override
    public INDArray addGradientWrtValue(INDArray x, INDArray mu, INDArray accumulator) {
        return accumulator.addi(x).subi(mu);
    }

    @Override
    public double valueOfDrop(INDArray drop) {
        return valueOfError(drop);
    }

    @Override
    public INDArray predictionGradientOfDrop(INDArray drop) {
        return drop.dup();
    }

    @Override
    public INDArray addValueGradientOfDrop(INDArray drop, INDArray accumulator) {
        return accumulator.subi(drop);
    }

    @Override
    public String toString() {
        return "GaussianEnergy";
    }
}
