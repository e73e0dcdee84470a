package org.pc4j.trainers.engine.inference;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.pc4j.trainers.DetectionStats;
import org.pc4j.trainers.engine.memory.BufferPool;

/**
 * Fa-Z-IL's phi from its definition: a neuron fires at step t iff its error was exactly zero at the {@code window}
 * steps before t (the history before step 0 counts as zeros) and is non-zero at t, and its prediction did not change
 * at t. Fed by hand, one layer of two neurons (one example), window 2.
 */
class ErrorOnsetDetectorTest {

    private final BufferPool pool = new BufferPool();

    @AfterEach
    void close() {
        pool.close();
    }

    private static org.nd4j.linalg.api.ndarray.INDArray e(double a, double b) {
        return Nd4j.createFromArray(new double[][] {{a, b}});
    }

    @Test
    void aNeuronFiresAtItsFirstNonZeroErrorAndNeverAgainWhileItStaysNonZero() {
        ErrorOnsetDetector d = new ErrorOnsetDetector(1, 2, pool);
        assertThat(d.observe(0, 0, 1, e(0, 0), false)).isEqualTo(ErrorOnsetDetector.Gate.NONE);
        assertThat(d.observe(0, 1, 1, e(0.5, 0), false)).as("onset at the Z-IL moment, the only non-zero neuron")
                .isEqualTo(ErrorOnsetDetector.Gate.ALL);
        assertThat(d.lastGate().toDoubleVector()).containsExactly(1, 0);
        assertThat(d.observe(0, 2, 1, e(0.3, 0), false)).as("still non-zero: no new onset").isEqualTo(ErrorOnsetDetector.Gate.NONE);
        assertThat(d.stats()).isEqualTo(new DetectionStats(2, 1, 0));
    }

    @Test
    void whenOnlySomeNonZeroNeuronsHaveAnOnsetTheGateIsPartial() {
        ErrorOnsetDetector d = new ErrorOnsetDetector(1, 2, pool);
        assertThat(d.observe(0, 0, 0, e(0, 1), false)).isEqualTo(ErrorOnsetDetector.Gate.ALL); // history counts as zeros
        assertThat(d.observe(0, 1, 0, e(0, 1), false)).isEqualTo(ErrorOnsetDetector.Gate.NONE);
        assertThat(d.observe(0, 2, 0, e(0, 0), false)).isEqualTo(ErrorOnsetDetector.Gate.NONE);
        // neuron 0 has had 3 zero steps, neuron 1 only one since its last non-zero error
        assertThat(d.observe(0, 3, 0, e(2, 2), false)).isEqualTo(ErrorOnsetDetector.Gate.PARTIAL);
        assertThat(d.lastGate().toDoubleVector()).containsExactly(1, 0);
        // neuron 1 fired on time (step 0 = its level 0), neuron 0 off time (step 3)
        assertThat(d.stats()).isEqualTo(new DetectionStats(2, 1, 1));
    }

    @Test
    void anOnsetAfterFewerZeroStepsThanTheWindowDoesNotFire() {
        ErrorOnsetDetector d = new ErrorOnsetDetector(1, 2, pool);
        d.observe(0, 0, 0, e(1, 0), false);
        d.observe(0, 1, 0, e(0, 0), false);
        assertThat(d.observe(0, 2, 0, e(1, 0), false)).as("one zero step, window 2").isEqualTo(ErrorOnsetDetector.Gate.NONE);
        d.observe(0, 3, 0, e(0, 0), false);
        d.observe(0, 4, 0, e(0, 0), false);
        assertThat(d.observe(0, 5, 0, e(1, 0), false)).as("two zero steps").isEqualTo(ErrorOnsetDetector.Gate.ALL);
    }

    @Test
    void quietStepsCountAsZeroErrorsAndAnOnsetWithAChangedPredictionNeverFires() {
        ErrorOnsetDetector d = new ErrorOnsetDetector(1, 3, pool);
        d.observeQuiet(0);
        assertThat(d.observe(0, 1, 1, e(1, 1), true)).as("caused from below").isEqualTo(ErrorOnsetDetector.Gate.NONE);
        assertThat(d.lastGate()).isNull();
        d.observe(0, 2, 1, e(0, 0), false);
        d.observe(0, 3, 1, e(0, 0), false);
        d.observe(0, 4, 1, e(0, 0), false);
        assertThat(d.observe(0, 5, 1, e(0, 3), false)).isEqualTo(ErrorOnsetDetector.Gate.ALL);
        assertThat(d.stats()).isEqualTo(new DetectionStats(2, 0, 1));
        ErrorOnsetDetector quiet = new ErrorOnsetDetector(1, 3, pool);
        quiet.observeQuiet(0);
        quiet.observeQuiet(0);
        // window + quiet steps of zeros before the first observation: fires at once
        assertThat(quiet.observe(0, 2, 2, e(1, 0), false)).isEqualTo(ErrorOnsetDetector.Gate.ALL);
        assertThat(quiet.stats()).isEqualTo(new DetectionStats(2, 1, 0));
    }
}
