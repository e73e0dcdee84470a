package org.pc4j.it.examples;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * One official deeplearning4j-examples program ported for the conformance suite: its network and hyper-parameters as
 * the program has them, its data offline and cut so that a run takes seconds.
 *
 * @param name       the program's class name
 * @param source     its path in {@code deeplearning4j/deeplearning4j-examples}
 * @param changes    what differs from the program, and why (data, size, epochs); empty if nothing but the data
 * @param network    builds the program's network, initialised, the same on every call (the program's seed)
 * @param train      the training batches, in order (one features and one labels array each for a
 *                   {@code MultiLayerNetwork})
 * @param epochs     passes over {@code train}
 * @param test       the held-out data the metric is measured on
 * @param metric     what is measured on {@code test}
 * @param refusal    for a program pc4j cannot train: a phrase its refusal must contain; else null
 * @param stops      the schedules (pc, ipc) known to stop this program in its first batch with the trainer's
 *                   divergence message, and a phrase of the advice the message must give; a known shortfall, listed in
 *                   docs/results.md
 */
record Example(String name, String source, String changes, Supplier<Model> network, List<MultiDataSet> train, int epochs,
               MultiDataSet test, Metric metric, String refusal, java.util.Map<String, String> stops) {

    Example {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(network, "network");
        train = List.copyOf(train);
        stops = java.util.Map.copyOf(stops);
        if (epochs < 1 || (refusal == null && (train.isEmpty() || test == null))) {
            throw new IllegalArgumentException(name + ": an example needs batches, epochs >= 1 and held-out data");
        }
    }

    /** What a conformance run measures on the held-out data. */
    enum Metric {
        /** Classification accuracy ({@code Evaluation}, masks respected); higher is better. */
        ACCURACY,
        /** The network's loss ({@code score}); lower is better. */
        LOSS
    }

    /** An example with no known stops. */
    Example(String name, String source, String changes, Supplier<Model> network, List<MultiDataSet> train, int epochs,
            MultiDataSet test, Metric metric, String refusal) {
        this(name, source, changes, network, train, epochs, test, metric, refusal, java.util.Map.of());
    }

    @Override
    public String toString() {
        return name;
    }
}
