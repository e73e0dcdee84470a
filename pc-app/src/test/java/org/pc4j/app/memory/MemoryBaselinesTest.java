package org.pc4j.app.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.pc4j.testkit.NdAssertions.assertBitIdentical;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The baselines against closed forms. */
class MemoryBaselinesTest {

    @Test
    void aModernHopfieldStepOnTwoOrthogonalPatternsReturnsTheNearerOneAsTheSoftmaxBlend() {
        INDArray x = Nd4j.createFromArray(new double[][] {{1, 0, 0, 0}, {0, 1, 0, 0}});
        ModernHopfield mhn = new ModernHopfield(4.0, 10);
        mhn.store(x);
        INDArray key = Nd4j.createFromArray(new double[][] {{0.6, 0.3, 0, 0}});
        INDArray once = mhn.update(key);
        // softmax(beta * [0.6, 0.3]) = [e^2.4, e^1.2] / (e^2.4 + e^1.2)
        double w = Math.exp(2.4) / (Math.exp(2.4) + Math.exp(1.2));
        assertThat(once.getDouble(0, 0)).isCloseTo(w, within(1e-12));
        assertThat(once.getDouble(0, 1)).isCloseTo(1 - w, within(1e-12));
        MemoryMethod.Recalled r = mhn.denoise(key);
        // iterated, the nearer pattern wins: the fixed point of w = sigmoid(beta (2w - 1)), w = 0.9797...
        double fixed = r.patterns().getDouble(0, 0);
        assertThat(fixed).isGreaterThan(0.95);
        assertThat(fixed).isCloseTo(1 / (1 + Math.exp(-4.0 * (2 * fixed - 1))), within(1e-5));
        assertThat(r.iterations()).isGreaterThan(1);
    }

    @Test
    void hebbianWeightsOfOnePatternAreItsOuterProductWithoutTheDiagonal() {
        INDArray x = Nd4j.createFromArray(new double[][] {{1, 0, 1, 0.2}});
        ClassicHopfield h = new ClassicHopfield(10);
        h.store(x);
        double[] p = {1, -1, 1, -1};
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                assertThat(h.weights().getDouble(i, j)).isEqualTo(i == j ? 0 : p[i] * p[j]);
            }
        }
        INDArray flipped = Nd4j.createFromArray(new double[][] {{1, 1, 1, 0}}); // one unit wrong
        assertBitIdentical(h.denoise(flipped).patterns(), h.target(x));
    }

    @Test
    void partialKeysKeepTheirKnownValuesInEveryBaseline() {
        INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 3, 16);
        MemoryKey half = MemoryKey.parse("keep:0.5");
        INDArray known = half.known(x, 1, 4, 4);
        assertThat(known.sumNumber().doubleValue()).isEqualTo(3 * 8);
        INDArray key = half.keys(x, known, 1);
        for (MemoryMethod m : new MemoryMethod[] {new ModernHopfield(8, 20), new MemoryAutoencoder(8, 1, 20, 1e-2, 5, 1)}) {
            m.store(x);
            INDArray r = m.complete(key, known).patterns();
            assertBitIdentical(m.name(), r.mul(known), key.mul(known));
        }
    }

    @Test
    void keysAreParsedOrRefusedWithTheAcceptedForms() {
        assertThat(MemoryKey.parse("noise:0.2").threshold()).isEqualTo(0.005);
        assertThat(MemoryKey.parse("keep:0.25").threshold()).isEqualTo(0.001);
        assertThat(MemoryKey.parse("random").partial()).isFalse();
        assertThatThrownBy(() -> MemoryKey.parse("keep:1")).hasMessageContaining("0 < p < 1");
        MemoryKey stored = MemoryKey.parse("stored:0.5");
        assertThat(stored.partial() && stored.startsAtStored() && stored.threshold() == 0.001).as("a partial key, from the stored image").isTrue();
        assertThat(MemoryKey.parse("keep:0.5").startsAtStored()).isFalse();
        assertThat(stored).hasToString("stored:0.5");
        assertThatThrownBy(() -> MemoryKey.parse("stored:0")).hasMessageContaining("stored:p needs 0 < p < 1");
        assertThatThrownBy(() -> MemoryKey.parse("blur")).hasMessageContaining("noise:ETA");
        assertThatThrownBy(() -> new ModernHopfield(0, 1)).hasMessageContaining("beta");
    }
}
