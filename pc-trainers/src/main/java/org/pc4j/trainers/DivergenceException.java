package org.pc4j.trainers;

/**
 * Inference or learning diverged: an energy or a gradient became NaN or infinite, or the energy grew beyond the
 * trainer's divergence factor times the energy at the start of the batch. Thrown before the weight update of the
 * step that showed it, so parameters and updater state are those after the last good update. The message says
 * where it happened and what to change.
 */
public class DivergenceException extends PcException {
    private static final long serialVersionUID = 1L;

    private final int step;

    public DivergenceException(String message, int step) {
        super(message);
        this.step = step;
    }

    /** @return the inference step of the batch at which the divergence was detected. */
    public int step() {
        return step;
    }
}
