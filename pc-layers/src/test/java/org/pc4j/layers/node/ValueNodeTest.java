package org.pc4j.layers.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.pc4j.testkit.NdAssertions.assertBitIdentical;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.pc4j.layers.energy.CategoricalEnergy;
import org.pc4j.layers.energy.GaussianEnergy;

class ValueNodeTest {

    /** An in-memory store that counts the copies it makes. */
    static final class CountingStore implements ArrayStore {
        final Map<String, INDArray> slots = new HashMap<>();
        int copies;

        @Override
        public INDArray buffer(String slot, INDArray like) {
            copies++;
            return slots.computeIfAbsent(slot, s -> Nd4j.createUninitialized(like.dataType(), like.shape()));
        }
    }

    private final CountingStore store = new CountingStore();
    private final INDArray mu = Nd4j.createFromArray(new double[][] {{1.0, 2.0}, {3.0, 4.0}});

    @Test
    void forwardInitialisationSharesOneArrayAndHasExactlyZeroEnergy() {
        ValueNode node = new ValueNode("n", GaussianEnergy.INSTANCE, store);
        node.predict(mu, true);
        assertThat(node.isAtPrediction()).isTrue();
        assertThat(node.value()).isSameAs(node.prediction()).isSameAs(mu);
        assertThat(node.energy()).isZero();
        assertThat(store.copies).isZero();
    }

    @Test
    void assigningAStartCopiesItLeavesThePredictionAndGivesTheGaussianEnergyThere() {
        ValueNode node = new ValueNode("n", GaussianEnergy.INSTANCE, store);
        node.predict(mu, true);
        INDArray start = Nd4j.createFromArray(new double[][] {{1.5, 2.0}, {2.0, 4.0}});
        node.assign(start);
        start.putScalar(0, 0, 9.0); // the node holds a copy
        assertBitIdentical(node.value(), Nd4j.createFromArray(new double[][] {{1.5, 2.0}, {2.0, 4.0}}));
        assertBitIdentical(node.prediction(), Nd4j.createFromArray(new double[][] {{1.0, 2.0}, {3.0, 4.0}}));
        assertThat(node.isAtPrediction()).isFalse();
        assertThat(node.energy()).as("1/2 (0.5^2 + 1^2)").isCloseTo(0.625, within(1e-15));
        assertThatThrownBy(() -> node.assign(Nd4j.zeros(3, 2))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 2]");
    }

    @Test
    void anUnstablePredictionIsCopiedIntoTheStore() {
        ValueNode node = new ValueNode("n", GaussianEnergy.INSTANCE, store);
        node.predict(mu, false);
        assertThat(node.prediction()).isNotSameAs(mu);
        assertBitIdentical(node.prediction(), mu);
        assertThat(store.copies).isEqualTo(1);
    }

    @Test
    void descendingMovesTheValueAndLeavesThePredictionUntouched() {
        ValueNode node = new ValueNode("n", GaussianEnergy.INSTANCE, store);
        node.predict(mu, true);
        INDArray gradient = Nd4j.createFromArray(new double[][] {{1.0, 0.0}, {0.0, -2.0}});
        node.descend(gradient.dup(), 0.5, false);
        assertThat(node.isAtPrediction()).isFalse();
        assertBitIdentical(node.prediction(), Nd4j.createFromArray(new double[][] {{1.0, 2.0}, {3.0, 4.0}}));
        assertBitIdentical(node.value(), Nd4j.createFromArray(new double[][] {{0.5, 2.0}, {3.0, 5.0}}));
        // error (-0.5, 0, 0, 1): energy 1/2 (0.25 + 1)
        assertThat(node.energy()).isCloseTo(0.625, within(1e-15));
        assertBitIdentical(node.valueGradient(), node.value().sub(node.prediction()));
        INDArray acc = Nd4j.ones(mu.dataType(), 2, 2);
        INDArray added = node.addValueGradient(acc);
        assertThat(added).isSameAs(acc);
        assertBitIdentical(added, node.value().sub(node.prediction()).addi(1.0));
        INDArray inPlace = node.value();
        node.descend(gradient.dup(), 0.5, false);
        assertThat(node.value()).isSameAs(inPlace);
    }

    @Test
    void aStableFirstStepIsKeptPendingAndGivesTheSameEnergyAndGradientsAsTheFormedValue() {
        INDArray step = Nd4j.createFromArray(new double[][] {{0.5, -1.0}, {0.25, 2.0}});
        ValueNode lazy = new ValueNode("lazy", GaussianEnergy.INSTANCE, store);
        ValueNode formed = new ValueNode("formed", GaussianEnergy.INSTANCE, new CountingStore());
        lazy.predict(mu, true);
        formed.predict(mu, true);
        lazy.descend(step.dup(), 1.0, true);
        formed.descend(step.dup(), 1.0, false);
        assertThat(store.copies).as("nothing formed yet").isZero();
        assertThat(lazy.isAtPrediction()).isFalse();
        assertThat(lazy.energy()).isCloseTo(formed.energy(), within(1e-15));
        // dE/dmu = mu - x = the step itself, exactly (no cancellation through x)
        assertBitIdentical(lazy.predictionGradient(), step);
        INDArray acc = Nd4j.ones(mu.dataType(), 2, 2);
        assertBitIdentical(lazy.addValueGradient(acc.dup()), formed.addValueGradient(acc.dup()));
        assertBitIdentical(lazy.value(), formed.value());
        assertThat(store.copies).as("x formed on first read").isEqualTo(1);
        assertThat(lazy.isAtPrediction()).isFalse();
    }

    @Test
    void aPendingStepIsFormedBeforeThePredictionChangesOrTheValueMovesAgain() {
        INDArray step = Nd4j.createFromArray(new double[][] {{1.0, 1.0}, {1.0, 1.0}});
        ValueNode node = new ValueNode("n", GaussianEnergy.INSTANCE, store);
        node.predict(mu, true);
        node.descend(step.dup(), 1.0, true);
        node.predict(mu.mul(2), true);
        assertBitIdentical(node.value(), mu.sub(1.0));
        node.descend(step.dup(), 0.5, true);
        assertBitIdentical(node.value(), mu.sub(1.5));
    }

    @Test
    void atItsPredictionANodeAddsNoValueGradient() {
        ValueNode node = new ValueNode("n", GaussianEnergy.INSTANCE, store);
        node.predict(mu, true);
        INDArray acc = Nd4j.ones(mu.dataType(), 2, 2);
        assertBitIdentical(node.addValueGradient(acc), Nd4j.ones(mu.dataType(), 2, 2));
    }

    @Test
    void replacingThePredictionKeepsTheValue() {
        ValueNode node = new ValueNode("n", GaussianEnergy.INSTANCE, store);
        node.predict(mu, true);
        INDArray original = mu.dup();
        INDArray newMu = mu.add(1.0);
        node.predict(newMu, false);
        assertBitIdentical("an adopted prediction is never written to", mu, original);
        assertBitIdentical(node.value(), mu);
        assertBitIdentical(node.prediction(), newMu);
        assertThat(node.isAtPrediction()).isFalse();
        assertThat(node.energy()).isCloseTo(2.0, within(1e-15));
    }

    @Test
    void versionChangesWheneverTheStateChanges() {
        ValueNode node = new ValueNode("n", GaussianEnergy.INSTANCE, store);
        node.predict(mu, true);
        long v1 = node.version();
        node.shift(Nd4j.onesLike(mu));
        long v2 = node.version();
        node.predict(mu, false);
        assertThat(v2).isGreaterThan(v1);
        assertThat(node.version()).isGreaterThan(v2);
    }

    @Test
    void readingANodeWithoutPredictionFailsWithAMessage() {
        ValueNode node = new ValueNode("hidden 3", GaussianEnergy.INSTANCE, store);
        assertThatThrownBy(node::value).isInstanceOf(IllegalStateException.class).hasMessageContaining("hidden 3");
    }

    @Test
    void fillingSetsEveryValueWithoutTouchingThePredictionFromEveryState() {
        // at the prediction (shared array), after a pending first step, and after a formed move
        for (int state = 0; state < 3; state++) {
            CountingStore own = new CountingStore();
            ValueNode node = new ValueNode("n", GaussianEnergy.INSTANCE, own);
            INDArray prediction = mu.dup();
            node.predict(prediction, true);
            INDArray step = Nd4j.createFromArray(new double[][] {{0.5, 0.0}, {0.0, 1.0}});
            if (state >= 1) {
                node.descend(step.dup(), 1.0, true);
            }
            if (state == 2) {
                node.descend(step.dup(), 1.0, false);
            }
            long version = node.version();
            node.fill(0.0);
            assertThat(node.value().dup().data().asDouble()).as("state %d", state).containsOnly(0.0);
            assertBitIdentical(node.prediction(), mu);
            assertThat(node.isAtPrediction()).isFalse();
            assertThat(node.version()).isGreaterThan(version);
            // the error is now -mu: energy 1/2 (1 + 4 + 9 + 16)
            assertThat(node.energy()).isCloseTo(15.0, within(1e-12));
        }
    }

    @Test
    void aConstrainedNodeRefusesAConstantStart() {
        ValueNode node = new ValueNode("c", CategoricalEnergy.INSTANCE, store);
        node.predict(Nd4j.createFromArray(new double[][] {{0.25, 0.75}}), true);
        assertThatThrownBy(() -> node.fill(0.0)).isInstanceOf(IllegalStateException.class).hasMessageContaining("constrained");
        ValueNode empty = new ValueNode("e", GaussianEnergy.INSTANCE, store);
        assertThatThrownBy(() -> empty.fill(0.0)).hasMessageContaining("no prediction");
    }
}
