package org.pc4j.layers.energy;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An energy that depends on a node's value and prediction only through the prediction error {@code e = x - mu}:
 * {@code E(x, mu) = F(e)}, so that {@code dE/dx = F'(e)} and {@code dE/dmu = -F'(e)}.
 *
 * <p>Such a node that has moved once from its prediction, {@code x = mu - d} (one value step {@code d}), needs no
 * {@code x} at all to give its energy and gradients: {@code e = -d}. The {@code ...OfDrop} methods compute them
 * from {@code d} directly, which saves array passes and avoids the cancellation in {@code (mu - d) - mu}.
 */
public interface ErrorEnergy extends Energy {

    /** @return {@code F(e)}, summed over the minibatch. */
    double valueOfError(INDArray error);

    /** @return {@code F'(e)}, a new array. */
    INDArray gradientOfError(INDArray error);

    @Override
    default double value(INDArray x, INDArray mu) {
        return valueOfError(x.sub(mu));
    }

    @Override
    default INDArray gradientWrtPrediction(INDArray x, INDArray mu) {
        return gradientOfError(x.sub(mu)).negi();
    }

    @Override
    default INDArray gradientWrtValue(INDArray x, INDArray mu) {
        return gradientOfError(x.sub(mu));
    }

    /** @return {@code E} at {@code x = mu - drop}: {@code F(-drop)}. */
    default double valueOfDrop(INDArray drop) {
        return valueOfError(drop.neg());
    }

    /** @return {@code dE/dmu} at {@code x = mu - drop}: {@code -F'(-drop)}, a new array. */
    default INDArray predictionGradientOfDrop(INDArray drop) {
        return gradientOfError(drop.neg()).negi();
    }

    /** Adds {@code dE/dx} at {@code x = mu - drop}, {@code F'(-drop)}, to {@code accumulator} in place. */
    default INDArray addValueGradientOfDrop(INDArray drop, INDArray accumulator) {
        return accumulator.addi(gradientOfError(drop.neg()));
    }
}
