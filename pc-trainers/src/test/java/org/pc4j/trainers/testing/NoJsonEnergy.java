package org.pc4j.trainers.testing;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.pc4j.layers.energy.Energy;

/** An energy of the user's own class: it works in one JVM but has no JSON form (for the recipe-writing tests). */
public final class NoJsonEnergy implements Energy {

    @Override
    public double value(INDArray x, INDArray mu) {
        return 0;
    }

    @Override
    public INDArray gradientWrtPrediction(INDArray x, INDArray mu) {
        return x;
    }

    @Override
    public INDArray gradientWrtValue(INDArray x, INDArray mu) {
        return x;
    }
}
