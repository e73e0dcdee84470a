package org.pc4j.trainers;

/** The base of the exceptions with which pc4j rejects a network, a batch or a diverging run. */
public class PcException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PcException(String message) {
        super(message);
    }

    public PcException(String message, Throwable cause) {
        super(message, cause);
    }
}
