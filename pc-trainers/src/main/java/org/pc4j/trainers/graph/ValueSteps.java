package org.pc4j.trainers.graph;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The value steps of one training batch or query of a {@link PcGraph}, on values {@code x} ({@code [B, n]}, updated in
 * place) with the free neurons {@code free} ({@code [B, n]}, 1 where a neuron moves): the energy at the current values,
 * one step down it, taking a step back, and the weight gradient at the current values. Two implementations compute
 * the same arithmetic ({@link GraphEnergy}): {@link GeneralSteps} with ND4J operations (every configuration, every
 * backend) and {@link GraphKernel} on buffers allocated once per batch size (the common configurations on the CPU).
 *
 * <p>Call order per step: {@link #energy()}, then either {@link #retake} (which, if the step that led here is refused,
 * takes it back halfway; {@link #energy()} is then called again) or {@link #step()} or {@link #weightGradient}.
 */
interface ValueSteps {

    /** @return E at the current values (the batch mean of each example's energy); keeps what the gradients need */
    double energy();

    /**
     * @return whether the step that led to energy {@code after} from {@code before} is refused ({@link ValueDescent}); if
     *         so it is taken back halfway and the rate halved
     */
    boolean retake(double before, double after);

    /** {@code x <- x - rate free ⊙ dE_b/dx_b} at the state of the last {@link #energy()}. */
    void step();

    /** @return the value step in use now */
    double rate();

    /** Writes {@code dE/dW} ({@code [n, n]}, not yet masked) at the state of the last {@link #energy()} into {@code out}. */
    void weightGradient(INDArray out);
}
