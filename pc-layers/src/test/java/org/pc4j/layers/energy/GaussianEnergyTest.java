package org.pc4j.layers.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.pc4j.testkit.NdAssertions.assertBitIdentical;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GaussianEnergyTest {

    private final INDArray x = Nd4j.createFromArray(new double[][] {{1.0, -2.0, 0.5}, {0.0, 3.0, -1.0}});
    private final INDArray mu = Nd4j.createFromArray(new double[][] {{0.5, -1.0, 0.5}, {1.0, 1.0, 0.0}});

    @Test
    void energyIsHalfTheSquaredErrorSummedOverTheBatch() {
        // errors: (0.5, -1, 0), (-1, 2, -1): squares sum to 0.25 + 1 + 0 + 1 + 4 + 1 = 7.25
        assertThat(GaussianEnergy.INSTANCE.value(x, mu)).isCloseTo(3.625, within(1e-15));
        // the same from the error alone (the value node's first step, where it keeps the error it moved by)
        assertThat(GaussianEnergy.INSTANCE.valueOfError(x.sub(mu))).isCloseTo(3.625, within(1e-15));
        assertThat(GaussianEnergy.INSTANCE.valueOfError(mu.sub(x))).isCloseTo(3.625, within(1e-15));
    }

    @Test
    void gradientsAreMinusAndPlusTheError() {
        INDArray error = x.sub(mu);
        assertBitIdentical(GaussianEnergy.INSTANCE.gradientWrtValue(x, mu), error);
        assertBitIdentical(GaussianEnergy.INSTANCE.gradientWrtPrediction(x, mu), error.neg());
    }

    @Test
    void gradientsMatchFiniteDifferencesOfTheEnergy() {
        double h = 1e-6;
        INDArray gx = GaussianEnergy.INSTANCE.gradientWrtValue(x, mu);
        INDArray gmu = GaussianEnergy.INSTANCE.gradientWrtPrediction(x, mu);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                INDArray xp = x.dup();
                xp.putScalar(i, j, x.getDouble(i, j) + h);
                INDArray xm = x.dup();
                xm.putScalar(i, j, x.getDouble(i, j) - h);
                double fdX = (GaussianEnergy.INSTANCE.value(xp, mu) - GaussianEnergy.INSTANCE.value(xm, mu)) / (2 * h);
                INDArray mup = mu.dup();
                mup.putScalar(i, j, mu.getDouble(i, j) + h);
                INDArray mum = mu.dup();
                mum.putScalar(i, j, mu.getDouble(i, j) - h);
                double fdMu = (GaussianEnergy.INSTANCE.value(x, mup) - GaussianEnergy.INSTANCE.value(x, mum)) / (2 * h);
                assertThat(gx.getDouble(i, j)).isCloseTo(fdX, within(1e-8));
                assertThat(gmu.getDouble(i, j)).isCloseTo(fdMu, within(1e-8));
            }
        }
    }

    @Test
    void addingTheValueGradientAccumulatesInPlace() {
        INDArray acc = Nd4j.ones(x.dataType(), 2, 3);
        INDArray added = GaussianEnergy.INSTANCE.addGradientWrtValue(x, mu, acc);
        assertThat(added).isSameAs(acc);
        assertBitIdentical(added, x.sub(mu).addi(1.0));
    }

    @Test
    void gradientsAreFreshArraysTheCallerMayModify() {
        INDArray before = x.dup();
        GaussianEnergy.INSTANCE.gradientWrtValue(x, mu).muli(10);
        GaussianEnergy.INSTANCE.gradientWrtPrediction(x, mu).muli(10);
        assertBitIdentical(x, before);
    }
}
