package org.pc4j.trainers;

/**
 * How well Fa-Z-IL's error-onset detector phi found the Z-IL moment of every neuron in one batch
 * ([003] Table 3, docs/algorithms.md §3). A neuron (one element of a value node, for one example) is detected
 * correctly when phi fired only at the step equal to the level of the layer it belongs to, or never fired because its error was still
 * exactly zero at that step (a miss that does no harm: the update would have been zero).
 *
 * @param neurons        neurons observed (elements of all gated nodes, over the batch)
 * @param firedOnTime    neurons whose detector fired at their level's step
 * @param firedOffTime   neurons whose detector fired at any other step (detection failures)
 */
public record DetectionStats(long neurons, long firedOnTime, long firedOffTime) {

    public DetectionStats {
        if (neurons < 0 || firedOnTime < 0 || firedOffTime < 0 || firedOffTime > neurons || firedOnTime > neurons) {
            throw new IllegalArgumentException("inconsistent detection counts: " + neurons + ", " + firedOnTime + ", " + firedOffTime);
        }
    }

    /** @return the fraction of neurons detected correctly, in [0, 1]; 1 when there were no neurons. */
    public double successRate() {
        return neurons == 0 ? 1.0 : 1.0 - (double) firedOffTime / neurons;
    }

    /** @return the sum of two batches' counts. */
    public DetectionStats plus(DetectionStats other) {
        return new DetectionStats(neurons + other.neurons, firedOnTime + other.firedOnTime, firedOffTime + other.firedOffTime);
    }
}
