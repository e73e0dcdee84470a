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
    public boolean delaysMessages() {
        return levelled;
    }

    @Override
    public int steps(int depth) {
        return depth;
    }

    @Override
    public double defaultInferenceRate() {
        return 1.0;
    }

    @Override
    public boolean computesEachLayerOnce() {
        return true;
    }

    @Override
    public boolean learnsVariances() {
        return false;
    }

    @Override
    public boolean learnsFromRelaxedState() {
        return false;
    }

    @Override
    public boolean computes(int level, int step) {
        return level >= step;
    }

    @Override
    public Readout readout(int level, int step, int steps) {
        return level == step ? Readout.FULL : Readout.NONE;
    }

    @Override
    public boolean updatesWeightsAfter(int step, int steps) {
        return step == steps - 1;
    }

    @Override
    public String toString() {
        return levelled ? "zil()" : "zil(unlevelled)";
    }
}
