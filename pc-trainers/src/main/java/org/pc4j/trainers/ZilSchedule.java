package org.pc4j.trainers;

/** Zero-divergence inference learning; see {@link Schedule#zil()}. */
public record ZilSchedule(boolean levelled) implements Schedule {

    @Override
    public Kind kind() {
        return Kind.ZIL;
    }

    /**
     * Z-IL without levelling, for studying the skip-connection problem ([002] §3.4, docs/algorithms.md §3): each error
     * message reaches its node at the step after its sender computed, so on a graph whose paths to the output
     * differ in length a node's error mixes messages from different times and the update is <b>not</b>
     * backprop's. On a chain (any {@code MultiLayerNetwork}) it is the same as {@link Schedule#zil()}.
     */
    public ZilSchedule withoutLevelling() {
        return new ZilSchedule(false);
    }

    @Override
    public double defaultInferenceRate() {
        return 1.0;
    }

    @Override
    public String toString() {
        return levelled ? "zil()" : "zil(unlevelled)";
    }
}
