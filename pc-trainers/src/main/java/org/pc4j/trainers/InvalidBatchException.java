package org.pc4j.trainers;

/**
 * A minibatch the network cannot be trained on: missing or mismatched arrays, shapes that do not fit the network,
 * NaN or infinite values. Thrown before any weight update of that batch, so parameters, updater state and counters
 * are unchanged.
 */
public class InvalidBatchException extends PcException {
    private static final long serialVersionUID = 1L;

    public InvalidBatchException(String message) {
        super(message);
    }

    public InvalidBatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
