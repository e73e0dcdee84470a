package org.pc4j.layers.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The categorical (F_KL) energy of a softmax node: docs/algorithms.md, tests V11 and the simplex-keeping step. */
class CategoricalEnergyTest {

    private static final CategoricalEnergy E = CategoricalEnergy.INSTANCE;

    /** Two examples, three classes; the logits of the prediction and a value on the simplex (one entry exactly 0). */
    private final INDArray logits = Nd4j.createFromArray(new double[][] {{0.3, -1.2, 2.0}, {1.0, 0.0, -0.5}});
    private final INDArray mu = Transforms.softmax(logits, true);
    private final INDArray x = Nd4j.createFromArray(new double[][] {{0.2, 0.0, 0.8}, {0.5, 0.3, 0.2}});

    @Test
    void energyIsTheKlDivergenceWithZeroLogZeroTakenAsZero() {
        double expected = 0;
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                double xi = x.getDouble(i, j);
                expected += xi == 0 ? 0 : xi * Math.log(xi / mu.getDouble(i, j));
            }
        }
        assertThat(E.value(x, mu)).isCloseTo(expected, within(1e-14));
        assertThat(E.value(mu, mu)).isCloseTo(0.0, within(1e-15));
    }

    /** V11: through DL4J's own softmax backprop, dE/dmu becomes the logit error softmax(a) - x. */
    @Test
    void theLogitGradientThroughDl4jsSoftmaxIsPredictionMinusValue() {
        INDArray dEdLogits = new ActivationSoftmax().backprop(logits.dup(), E.gradientWrtPrediction(x, mu)).getFirst();
        INDArray expected = mu.sub(x);
        assertThat(dEdLogits.sub(expected).amaxNumber().doubleValue()).isLessThan(1e-14);
    }

    /** dE/dmu by central differences; dE/dx along directions that stay on the simplex (the left-out +1 cancels). */
    @Test
    void gradientsMatchFiniteDifferences() {
        double h = 1e-6;
        INDArray gmu = E.gradientWrtPrediction(x, mu);
        INDArray gx = E.gradientWrtValue(x, mu);
        for (int j = 0; j < 3; j++) {
            INDArray mup = mu.dup();
            mup.putScalar(1, j, mu.getDouble(1, j) + h);
            INDArray mum = mu.dup();
            mum.putScalar(1, j, mu.getDouble(1, j) - h);
            assertThat((E.value(x, mup) - E.value(x, mum)) / (2 * h)).isCloseTo(gmu.getDouble(1, j), within(1e-7));
        }
        // move mass from class 0 to class 2 in example 1: d/dt E(x + t(e2 - e0))
        INDArray dir = Nd4j.zeros(2, 3);
        dir.putScalar(1, 2, 1.0).putScalar(1, 0, -1.0);
        double fd = (E.value(x.add(dir.mul(h)), mu) - E.value(x.sub(dir.mul(h)), mu)) / (2 * h);
        assertThat(fd).isCloseTo(gx.mul(dir).sumNumber().doubleValue(), within(1e-7));
    }

    @Test
    void aValueStepKeepsEveryRowADistributionAndExactZerosAtZero() {
        INDArray value = x.dup();
        INDArray gradient = Nd4j.createFromArray(new double[][] {{3.0, -2.0, 0.5}, {-1.0, 4.0, 0.0}});
        E.step(value, gradient, 0.7);
        assertThat(value.minNumber().doubleValue()).isGreaterThanOrEqualTo(0.0);
        assertThat(value.getDouble(0, 1)).isEqualTo(0.0);
        INDArray sums = value.sum(1);
        assertThat(sums.getDouble(0)).isCloseTo(1.0, within(1e-15));
        assertThat(sums.getDouble(1)).isCloseTo(1.0, within(1e-15));
    }

    /** At gamma = 1 from x = mu the step gives the posterior mu * exp(-message) / Z. */
    @Test
    void aUnitStepFromThePredictionIsThePosteriorGivenTheMessage() {
        INDArray value = mu.dup();
        INDArray message = Nd4j.createFromArray(new double[][] {{0.4, -0.3, 1.1}, {-2.0, 0.5, 0.0}});
        INDArray total = E.gradientWrtValue(value, mu).addi(message);
        E.step(value, total, 1.0);
        INDArray expected = mu.mul(Transforms.exp(message.neg()));
        expected.diviColumnVector(expected.sum(1).reshape(2, 1));
        assertThat(value.sub(expected).amaxNumber().doubleValue()).isLessThan(1e-15);
    }

    @Test
    void aFullyMaskedRowStaysZero() {
        INDArray value = Nd4j.createFromArray(new double[][] {{0.0, 0.0, 0.0}, {0.2, 0.3, 0.5}});
        E.step(value, Nd4j.ones(2, 3), 0.5);
        assertThat(value.getRow(0).sumNumber().doubleValue()).isEqualTo(0.0);
        assertThat(value.getRow(1).sumNumber().doubleValue()).isCloseTo(1.0, within(1e-15));
    }
}
