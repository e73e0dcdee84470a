package org.pc4j.spark;

/** Hears of each round of a {@link SparkPcTrainer} fit, on the driver. */
@FunctionalInterface
public interface SparkPcListener {

    /** Called after the round's update was applied to the driver's network. */
    void onRound(RoundStats stats);
}
