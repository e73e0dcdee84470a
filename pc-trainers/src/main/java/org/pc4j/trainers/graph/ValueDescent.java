package org.pc4j.trainers.graph;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The value steps of one training batch or query: {@code x <- x - gamma g}, with {@code g} the energy's gradient in the
 * free values, and, when the control is on, a <em>backtracking</em> step. With the weights fixed a value step lowers
 * the energy whenever gamma is below {@code 2 / L}, {@code L} the largest curvature of the energy in the values; above
 * it the values oscillate or run away. {@code L} grows with the weights (a graph memory stored for longer needs a
 * smaller recall step: thesis-style storing at gamma 0.5 left a 1,000-neuron graph whose recall from half images ran
 * away at 0.5 and 0.1 alike), so no fixed gamma suits every graph. With the control, when the energy after a step is
 * above the energy before it (beyond a relative {@link #tolerance} for the data type) or not finite, the step is taken back, halved and
 * retaken, and the rest of the batch keeps the halved rate, down to {@link #FLOOR} times gamma; below that, steps are
 * taken as they come (a non-finite energy is then the caller's divergence). Above the floor the accepted energies
 * never rise. A batch whose energies never rise is bit-identical to one
 * without the control. Each batch or query starts at the configured gamma.
 *
 * <p>Per batch; the move buffer is {@code [B, n]}, allocated once in the batch's workspace.
 */
final class ValueDescent {

    /** In double precision, a rise smaller than this, relative to the energy before the step, is rounding. */
    static final double TOLERANCE = 1e-9;
    /**
     * In single precision the same: a batch's energy sums tens of thousands of float terms, whose rounding moves it by
     * about 1e-5 relative (measured: a 1,000-neuron graph's energy over 64 test images, converged, rose from 15.8559 to
     * 15.8560 in one step); an unstable step grows its error geometrically and passes this within a few steps.
     */
    static final double FLOAT_TOLERANCE = 1e-4;
    /** The rate is not halved below this fraction of gamma. */
    static final double FLOOR = 1.0 / 1024;

    private final double gamma;
    private final double tolerance;
    private final boolean control;
    private final INDArray move;
    private double rate;

    /**
     * @param x       the values, {@code [B, n]}
     * @param gamma   the configured value step, > 0
     * @param control whether to backtrack on a rising energy
     */
    ValueDescent(INDArray x, double gamma, boolean control) {
        this(x.dataType(), gamma, control, control ? x.ulike() : null);
    }

    /**
     * A descent whose caller keeps and takes back the moves itself ({@link GraphKernel}): only {@link #retake} and
     * {@link #rate} are used.
     */
    ValueDescent(org.nd4j.linalg.api.buffer.DataType type, double gamma, boolean control) {
        this(type, gamma, control, null);
    }

    private ValueDescent(org.nd4j.linalg.api.buffer.DataType type, double gamma, boolean control, INDArray move) {
        this.gamma = gamma;
        this.tolerance = tolerance(type);
        this.control = control;
        this.rate = gamma;
        this.move = move;
    }

    /** @return the relative rise taken for rounding in energies of this type: {@link #TOLERANCE} for double, else {@link #FLOAT_TOLERANCE} */
    static double tolerance(org.nd4j.linalg.api.buffer.DataType type) {
        return type == org.nd4j.linalg.api.buffer.DataType.DOUBLE ? TOLERANCE : FLOAT_TOLERANCE;
    }

    /** @return the step in use now: gamma, or gamma / 2^k after k halvings */
    double rate() {
        return rate;
    }

    /**
     * Whether the step that led to energy {@code after} from {@code before} is refused: it rose beyond rounding or is not
     * finite, the control is on and the rate is above the floor. If so the rate is halved and the caller takes half the
     * step back (the step's values are then the previous ones plus half the move) and evaluates the energy again.
     */
    boolean retake(double before, double after) {
        boolean rose = !(after <= before + tolerance * Math.abs(before));
        if (!control || !rose || rate / 2 < gamma * FLOOR) {
            return false;
        }
        rate /= 2;
        return true;
    }

    /**
     * Whether the energy {@code after} the last step is accepted against the energy {@code before} it. If not
     * ({@link #retake}), takes half the step back from {@code x}, halves the rate, and returns false: the caller
     * evaluates the energy at {@code x} again.
     */
    boolean accept(INDArray x, double before, double after) {
        if (!retake(before, after)) {
            return true;
        }
        move.muli(0.5);
        x.addi(move);
        return false;
    }

    /** Moves {@code x} down {@code gradient} (already zero on the fixed neurons; overwritten) by the current rate. */
    void step(INDArray x, INDArray gradient) {
        move(x, gradient.muli(rate));
    }

    /** {@code x <- x - move}, keeping the move to take half of it back ({@link #accept}). */
    void move(INDArray x, INDArray move) {
        if (this.move != null) {
            this.move.assign(move);
        }
        x.subi(move);
    }
}
