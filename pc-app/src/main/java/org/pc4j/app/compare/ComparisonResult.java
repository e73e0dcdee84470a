package org.pc4j.app.compare;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Everything a comparison measured: the report's single source (its JSON is this record, its CSV files and HTML
 * tables are views of it).
 *
 * @param command        the command line that produced it
 * @param model          the model's command-line name
 * @param architecture   the model, its parameters and levels
 * @param data           the data set description
 * @param machine        processors, OS, Java and ND4J backend
 * @param epochs         epochs per method
 * @param seed           the seed
 * @param learningRate   the weight optimiser's (Adam) learning rate, shared by every method
 * @param batchSize      examples per batch
 * @param metric         the test metric's label
 * @param higherIsBetter whether a larger test metric is better
 * @param initialMetric  the test metric of the initial network (every method starts there)
 * @param methods        one result per method, in the order given
 * @param equivalence    Z-IL's first weight update against backprop's, per parameter array
 * @param cluster        what the methods trained on data-parallel ({@link org.pc4j.app.cluster.Cluster#description}),
 *                       or null for this JVM
 */
public record ComparisonResult(String command, String model, String architecture, String data, String machine, int epochs,
                               long seed, double learningRate, int batchSize, String metric, boolean higherIsBetter,
                               double initialMetric, List<MethodResult> methods, List<ParameterDifference> equivalence,
                               String cluster) {

    /** A comparison in this JVM. */
    public ComparisonResult(String command, String model, String architecture, String data, String machine, int epochs,
                            long seed, double learningRate, int batchSize, String metric, boolean higherIsBetter,
                            double initialMetric, List<MethodResult> methods, List<ParameterDifference> equivalence) {
        this(command, model, architecture, data, machine, epochs, seed, learningRate, batchSize, metric, higherIsBetter,
                initialMetric, methods, equivalence, null);
    }

    /**
     * One method's run.
     *
     * @param method        its name ("bp", "pc(20)", ...)
     * @param inferenceRate gamma (1 for backprop, Z-IL, Fa-Z-IL)
     * @param epochs        one row per finished epoch
     * @param energies      the energy of each layer at each inference step on the first batch, from the initial
     *                      network (null for backprop)
     * @param zilDivergence for Z-IL when backprop also ran: after each epoch, the largest relative difference
     *                      between Z-IL's and backprop's parameters (null otherwise)
     * @param stopped       why training stopped early (a divergence), or null
     * @param updatesBeforeStop the weight updates applied in the unfinished epoch where it stopped (0 otherwise)
     */
    public record MethodResult(String method, double inferenceRate, List<EpochResult> epochs, EnergyTrace energies,
                               double[] zilDivergence, String stopped, long updatesBeforeStop) {

        /** @return the last epoch's test metric, or NaN if no epoch finished */
        @JsonProperty
        public double testMetric() {
            return epochs.isEmpty() ? Double.NaN : epochs.get(epochs.size() - 1).testMetric();
        }

        /** @return the last epoch's training loss, or NaN */
        @JsonProperty
        public double trainLoss() {
            return epochs.isEmpty() ? Double.NaN : epochs.get(epochs.size() - 1).trainLoss();
        }

        /** @return mean training seconds per epoch */
        @JsonProperty
        public double secondsPerEpoch() {
            return epochs.stream().mapToDouble(EpochResult::seconds).average().orElse(Double.NaN);
        }

        /** @return the optimiser steps (weight updates) over all epochs, those of an unfinished one included */
        @JsonProperty
        public long optimiserSteps() {
            return epochs.stream().mapToLong(EpochResult::updates).sum() + updatesBeforeStop;
        }

        /** @return training milliseconds per weight update over all epochs */
        @JsonProperty
        public double msPerUpdate() {
            long steps = epochs.stream().mapToLong(EpochResult::updates).sum(); // the timed (finished) epochs
            return steps == 0 ? Double.NaN : 1000 * epochs.stream().mapToDouble(EpochResult::seconds).sum() / steps;
        }

        /** @return the mean inference steps (energy evaluations) per batch over all epochs; NaN for backprop */
        @JsonProperty
        public double stepsPerBatch() {
            return epochs.stream().mapToDouble(EpochResult::stepsPerBatch).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
        }

        /** @return on a cluster, the mean bytes moved between driver and workers per round; NaN in this JVM */
        @JsonProperty
        public double bytesPerRound() {
            long rounds = epochs.stream().mapToLong(EpochResult::rounds).sum();
            return rounds == 0 ? Double.NaN : (double) epochs.stream().mapToLong(EpochResult::bytesMoved).sum() / rounds;
        }

        /** @return the largest resident memory seen while training, in MiB */
        @JsonProperty
        public double peakMemoryMb() {
            return epochs.stream().mapToDouble(EpochResult::peakMemoryMb).max().orElse(Double.NaN);
        }
    }

    /**
     * One epoch of one method.
     *
     * @param epoch        1-based
     * @param trainLoss    DL4J's loss per example (the output layer's) on a fixed sample of training batches,
     *                     after the epoch
     * @param testMetric   the test metric after the epoch
     * @param seconds      training time (batch making and evaluation left out)
     * @param updates      weight updates (DL4J iterations) in the epoch
     * @param peakMemoryMb the largest resident set size (RSS) of the process seen during the epoch, MiB
     * @param stepsPerBatch the mean inference steps (energy evaluations) per batch, NaN for backprop
     * @param rounds       on a cluster, the synchronous rounds (updates of the driver's network); 0 in this JVM
     * @param bytesMoved   on a cluster, the bytes the rounds moved between driver and workers; 0 in this JVM
     */
    public record EpochResult(int epoch, double trainLoss, double testMetric, double seconds, int updates, double peakMemoryMb,
                              double stepsPerBatch, int rounds, long bytesMoved) {

        /** An epoch in this JVM (no rounds, nothing moved). */
        public EpochResult(int epoch, double trainLoss, double testMetric, double seconds, int updates, double peakMemoryMb,
                           double stepsPerBatch) {
            this(epoch, trainLoss, testMetric, seconds, updates, peakMemoryMb, stepsPerBatch, 0, 0);
        }

        /** An epoch in this JVM without a count of inference steps (backprop). */
        public EpochResult(int epoch, double trainLoss, double testMetric, double seconds, int updates, double peakMemoryMb) {
            this(epoch, trainLoss, testMetric, seconds, updates, peakMemoryMb, Double.NaN);
        }

        /** @return training milliseconds per weight update in this epoch */
        @JsonProperty
        public double msPerUpdate() {
            return updates == 0 ? Double.NaN : 1000 * seconds / updates;
        }
    }

    /**
     * Per-layer energies over the inference steps of one batch.
     *
     * @param layers   the value nodes' names
     * @param energies {@code energies[step][layer]}
     */
    public record EnergyTrace(List<String> layers, double[][] energies) {
    }

    /**
     * How far one parameter array of Z-IL's update is from backprop's.
     *
     * @param parameter           DL4J's parameter name ("0_W", "block1_attention_Wq", ...)
     * @param maxRelativeDifference max over elements of {@code |dz - db| / max(|dz|, |db|)} for the updates dz, db
     *                            (0 where both are 0)
     * @param maxAbsoluteDifference max over elements of {@code |dz - db|}
     */
    public record ParameterDifference(String parameter, double maxRelativeDifference, double maxAbsoluteDifference) {
    }
}
