package org.pc4j.zoo.data;

/** A data file that is missing, truncated or not in the format its reader expects; the message says which and why. */
public class DataFileException extends RuntimeException {

    public DataFileException(String message) {
        super(message);
    }

    public DataFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
