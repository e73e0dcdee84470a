package org.pc4j.spark;

import org.pc4j.trainers.PcException;

/**
 * A round of data-parallel training failed on a worker (a batch that does not fit, a diverging inference, an error of
 * the worker's JVM) or its summed gradient was not finite. The round's update was not applied: the driver's network
 * holds the parameters and updater state of the last good round. The message names the round and the cause.
 */
public class SparkTrainingException extends PcException {
    private static final long serialVersionUID = 1L;

    public SparkTrainingException(String message, Throwable cause) {
        super(message, cause);
    }
}
