package org.pc4j.spark;

/**
 * One synchronous round of data-parallel training: every worker's batch, one update on the driver.
 *
 * @param round          the round's number in the fit call, from 0
 * @param workers        the partitions that took part (each one batch)
 * @param examples       the examples of the round's batches together
 * @param lossPerExample the round's loss per example, as the workers measured it before their inference
 * @param seconds        wall-clock seconds of the round, driver included
 * @param bytesMoved     bytes sent between driver and workers: the parameters to each worker and each worker's
 *                       gradient back (the batches stay on the workers)
 */
public record RoundStats(int round, int workers, int examples, double lossPerExample, double seconds, long bytesMoved) {

    /** @return one line for a log: round, workers, examples, loss, seconds, MB moved */
    public String line() {
        return String.format(java.util.Locale.ROOT, "round %d: %d workers, %d examples, loss %.5f, %.2f s, %.2f MB moved", round,
                workers, examples, lossPerExample, seconds, bytesMoved / 1e6);
    }
}
