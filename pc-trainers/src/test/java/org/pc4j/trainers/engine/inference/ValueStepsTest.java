package org.pc4j.trainers.engine.inference;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.pc4j.trainers.ValueOptimizer;
import org.pc4j.trainers.engine.memory.BufferPool;

/**
 * Nesterov's directions do not depend on a node's shape: a convolutional node's {@code [B, C, H, W]} gradients give,
 * element for element, the directions that the same numbers laid out as {@code [B, C*H*W]} give (the dense case, which
 * {@code ValueOptimizerTest} checks against the rule run by hand), step after step, restarts included.
 */
class ValueStepsTest {

    @Test
    void nesterovGivesARankFourNodeTheDirectionsOfTheSameNumbersAsAMatrix() {
        int rows = 3;
        long[] image = {rows, 2, 3, 2};
        try (BufferPool poolA = new BufferPool(); BufferPool poolB = new BufferPool()) {
            ValueSteps conv = new ValueSteps(ValueOptimizer.nesterov(), poolA, 2);
            ValueSteps dense = new ValueSteps(ValueOptimizer.nesterov(), poolB, 2);
            org.nd4j.linalg.api.rng.Random rng = Nd4j.getRandomFactory().getNewRandomInstance(7);
            INDArray drift = Nd4j.randn(Nd4j.create(DataType.DOUBLE, 2, rows, 12), rng);
            int restarts = 0;
            for (int step = 0; step < 12; step++) {
                // gradients that keep a direction for a few steps and then turn, so that momentum builds and restarts
                INDArray g0 = drift.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0)).mul(Math.cos(step * 0.7))
                        .addi(Nd4j.randn(Nd4j.create(DataType.DOUBLE, rows, 12), rng).muli(0.1));
                INDArray g1 = Nd4j.randn(Nd4j.create(DataType.DOUBLE, rows, 5), rng);
                INDArray[] asConv = {g0.dup('c').reshape('c', image), g1.dup()};
                INDArray[] asDense = {g0.dup(), g1.dup()};
                conv.accelerate(new int[] {0, 1}, asConv, 2, 0.1);
                dense.accelerate(new int[] {0, 1}, asDense, 2, 0.1);
                assertThat(asConv[0].shape()).containsExactly(image);
                assertThat(asConv[0].reshape('c', rows, 12).toDoubleMatrix()).as("step %d", step).isEqualTo(asDense[0].toDoubleMatrix());
                assertThat(asConv[1].toDoubleMatrix()).isEqualTo(asDense[1].toDoubleMatrix());
                for (int b = 0; b < rows && step > 0; b++) {
                    if (asDense[1].getRow(b).equalsWithEps(g1.getRow(b), 0)) {
                        restarts++;
                    }
                }
            }
            assertThat(restarts).as("some examples took a plain step (a restart) after the first").isGreaterThan(0);
        }
    }
}
