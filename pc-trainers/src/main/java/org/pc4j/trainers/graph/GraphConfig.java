package org.pc4j.trainers.graph;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.pc4j.trainers.KernelPath;

/**
 * The configuration of a {@link PcGraph}: immutable, validated, JSON-serialisable ({@link #toJson}, {@link #fromJson}).
 * Defaults are the thesis' (Salvatori, "Learning and Memorization via Predictive Coding", DPhil thesis, Oxford 2022,
 * §5.6: Adam 1e-4 on the weights, plain steps on the values).
 *
 * @param neurons       n, all neurons
 * @param sensory       d, the neurons clamped to the data while training: neurons {@code 0 .. d - 1} (d = n: no
 *                      internal neurons, as the linear associative memory of the thesis' §4.2)
 * @param labels        of the sensory neurons, how many hold the label one-hot: the last {@code labels} of them
 *                      (0 for data without labels)
 * @param activation    f, element-wise (DL4J's {@link Activation})
 * @param form          where f sits in the predictions
 * @param inferenceRate gamma, the value step: {@code x <- x - gamma dE/dx} on free neurons
 * @param trainSteps    T, value steps per training batch before the one weight update (Alg. 8)
 * @param updater       the weights' optimiser (DL4J's: Adam, Sgd, ...), applied to dE/dW
 * @param weightDecay   lambda: {@code lambda W} is added to the weight gradient before the optimiser (L2, as
 *                      PyTorch's {@code weight_decay}, which the thesis' code uses; best 1e-2 there)
 * @param start         how free neurons start a batch or a query
 * @param startStd      the standard deviation of a {@link ValueStart#RANDOM} start
 * @param selfLoops     whether a neuron may predict itself (the thesis' models exclude it: a self-loop lets a
 *                      neuron predict itself trivially)
 * @param precision     per-neuron precision pi of the energy {@code 1/2 sum pi_i eps_i^2}, length n, or null for 1
 * @param dataType      FLOAT or DOUBLE
 * @param seed          seed of the initial weights and random starts
 * @param topK          the assemblies' top-k firing rule ({@link TopKActivity}), or null: every neuron fires
 * @param inferenceRateControl whether value steps backtrack when the energy rises (halving gamma for the rest of the
 *                      batch or query, {@code ValueDescent}); on by default: a batch whose energy never rises is
 *                      bit-identical either way
 * @param kernelPath    which implementation runs the value steps ({@link KernelPath}): AUTO (the default) the kernel
 *                      path where it covers the configuration (CPU backend, tanh, sigmoid, ReLU or identity, no top-k
 *                      firing), the general path (ND4J operations) elsewhere; GENERAL and KERNEL force one, KERNEL
 *                      refusing what it does not cover when the graph is made. Both compute the same to rounding.
 */
public record GraphConfig(int neurons, int sensory, int labels, Activation activation, PredictionForm form,
                          double inferenceRate, int trainSteps, IUpdater updater, double weightDecay, ValueStart start,
                          double startStd, boolean selfLoops, double[] precision, DataType dataType, long seed,
                          TopKActivity topK, boolean inferenceRateControl, KernelPath kernelPath) {

    /** How free neurons start. */
    public enum ValueStart {
        /** Drawn from N(0, startStd^2), the thesis' "randomly initialised" internal neurons. */
        RANDOM,
        /**
         * At zero, then set to their predictions, once per longest path, neuron by neuron from the clamped ones (the
         * forward pass of an acyclic graph); refused on a graph whose free neurons form a cycle.
         */
        FORWARD
    }

    public GraphConfig {
        if (neurons < 2) {
            throw new IllegalArgumentException("a graph needs at least 2 neurons, got " + neurons);
        }
        if (sensory < 1 || sensory > neurons) {
            throw new IllegalArgumentException("sensory neurons must be in 1.." + neurons + ", got " + sensory);
        }
        if (labels < 0 || labels >= sensory) {
            throw new IllegalArgumentException("label neurons must be in 0.." + (sensory - 1) + " (part of the sensory ones), got " + labels);
        }
        if (activation == null || form == null || updater == null || start == null || dataType == null || kernelPath == null) {
            throw new IllegalArgumentException("activation, form, updater, start, dataType and kernelPath are required");
        }
        org.pc4j.trainers.updater.UpdaterRates.requireValid("the graph's updater", updater);
        if (activation == Activation.SOFTMAX) {
            throw new IllegalArgumentException("a graph's activation acts neuron by neuron; softmax couples all neurons");
        }
        if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
            throw new IllegalArgumentException("dataType must be FLOAT or DOUBLE, got " + dataType);
        }
        if (!(inferenceRate > 0) || Double.isInfinite(inferenceRate)) {
            throw new IllegalArgumentException("inferenceRate must be a positive finite number, got " + inferenceRate);
        }
        if (trainSteps < 1) {
            throw new IllegalArgumentException("trainSteps must be >= 1, got " + trainSteps);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay must be >= 0 and finite, got " + weightDecay);
        }
        if (!(startStd >= 0) || Double.isInfinite(startStd)) {
            throw new IllegalArgumentException("startStd must be >= 0 and finite, got " + startStd);
        }
        if (precision != null) {
            if (precision.length != neurons) {
                throw new IllegalArgumentException("precision needs one entry per neuron (" + neurons + "), got " + precision.length);
            }
            for (double p : precision) {
                if (!(p > 0) || Double.isInfinite(p)) {
                    throw new IllegalArgumentException("precisions must be positive and finite, got " + p);
                }
            }
            precision = precision.clone();
        }
        if (topK != null) {
            topK.requireWithin(neurons);
        }
    }

    /** @return a copy of the precisions, or null for 1 everywhere */
    @Override
    public double[] precision() {
        return precision == null ? null : precision.clone();
    }

    /** @return a builder with the thesis' defaults for {@code neurons} neurons of which {@code sensory} are sensory */
    public static Builder builder(int neurons, int sensory) {
        return new Builder(neurons, sensory);
    }

    /** @return a builder holding this configuration */
    public Builder toBuilder() {
        Builder b = new Builder(neurons, sensory);
        b.labels = labels;
        b.activation = activation;
        b.form = form;
        b.inferenceRate = inferenceRate;
        b.trainSteps = trainSteps;
        b.updater = updater.clone();
        b.weightDecay = weightDecay;
        b.start = start;
        b.startStd = startStd;
        b.selfLoops = selfLoops;
        b.precision = precision();
        b.dataType = dataType;
        b.seed = seed;
        b.topK = topK;
        b.inferenceRateControl = inferenceRateControl;
        b.kernelPath = kernelPath;
        return b;
    }

    /** @return the configuration as JSON (the updater as DL4J writes it) */
    public String toJson() {
        ObjectMapper mapper = NeuralNetConfiguration.mapper();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("neurons", neurons);
        doc.put("sensory", sensory);
        doc.put("labels", labels);
        doc.put("activation", activation.name());
        doc.put("form", form.name());
        doc.put("inferenceRate", inferenceRate);
        doc.put("trainSteps", trainSteps);
        try {
            doc.put("updater", mapper.readTree(mapper.writerFor(IUpdater.class).writeValueAsString(updater)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        doc.put("weightDecay", weightDecay);
        doc.put("start", start.name());
        doc.put("startStd", startStd);
        doc.put("selfLoops", selfLoops);
        doc.put("precision", precision);
        doc.put("dataType", dataType.name());
        doc.put("seed", seed);
        if (topK != null) {
            Map<String, Object> k = new LinkedHashMap<>();
            k.put("fraction", topK.fraction());
            k.put("clusters", topK.clusters().stream().map(c -> new int[]{c.start(), c.size()}).toList());
            doc.put("topK", k);
        } else {
            doc.put("topK", null);
        }
        doc.put("inferenceRateControl", inferenceRateControl);
        doc.put("kernelPath", kernelPath.name());
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @return the configuration {@link #toJson} wrote
     * @throws IllegalArgumentException if the JSON is malformed, lacks a field or holds an invalid value
     */
    public static GraphConfig fromJson(String json) {
        ObjectMapper mapper = NeuralNetConfiguration.mapper();
        try {
            JsonNode n = mapper.readTree(json);
            Builder b = new Builder(field(n, "neurons").asInt(), field(n, "sensory").asInt());
            b.labels = field(n, "labels").asInt();
            b.activation = Activation.valueOf(field(n, "activation").asText());
            b.form = PredictionForm.valueOf(field(n, "form").asText());
            b.inferenceRate = field(n, "inferenceRate").asDouble();
            b.trainSteps = field(n, "trainSteps").asInt();
            b.updater = mapper.treeToValue(field(n, "updater"), IUpdater.class);
            b.weightDecay = field(n, "weightDecay").asDouble();
            b.start = ValueStart.valueOf(field(n, "start").asText());
            b.startStd = field(n, "startStd").asDouble();
            b.selfLoops = field(n, "selfLoops").asBoolean();
            JsonNode p = field(n, "precision");
            b.precision = p.isNull() ? null : mapper.treeToValue(p, double[].class);
            b.dataType = DataType.valueOf(field(n, "dataType").asText());
            b.seed = field(n, "seed").asLong();
            JsonNode k = n.get("topK");
            if (k != null && !k.isNull()) {
                java.util.List<TopKActivity.Cluster> clusters = new java.util.ArrayList<>();
                for (JsonNode c : field(k, "clusters")) {
                    if (c.size() != 2) {
                        throw new IllegalArgumentException("a top-k cluster is [start, size], got " + c);
                    }
                    clusters.add(new TopKActivity.Cluster(c.get(0).asInt(), c.get(1).asInt()));
                }
                b.topK = new TopKActivity(clusters, field(k, "fraction").asDouble());
            }
            JsonNode control = n.get("inferenceRateControl"); // absent in graphs saved before it existed: the default
            if (control != null && !control.isBoolean()) {
                throw new IllegalArgumentException("inferenceRateControl must be true or false, got " + control);
            }
            b.inferenceRateControl = control == null || control.asBoolean();
            JsonNode path = n.get("kernelPath"); // absent in graphs saved before it existed: AUTO
            if (path != null && !(path.isTextual() && java.util.Arrays.stream(KernelPath.values()).anyMatch(v -> v.name().equals(path.asText())))) {
                throw new IllegalArgumentException("kernelPath must be one of " + java.util.Arrays.toString(KernelPath.values()) + ", got " + path);
            }
            b.kernelPath = path == null ? KernelPath.AUTO : KernelPath.valueOf(path.asText());
            return b.build();
        } catch (IOException e) {
            throw new IllegalArgumentException("not a PC graph configuration: " + e.getMessage(), e);
        }
    }

    private static JsonNode field(JsonNode n, String name) {
        JsonNode v = n.get(name);
        if (v == null) {
            throw new IllegalArgumentException("the PC graph configuration lacks '" + name + "'");
        }
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GraphConfig c && neurons == c.neurons && sensory == c.sensory && labels == c.labels
                && activation == c.activation && form == c.form && inferenceRate == c.inferenceRate
                && trainSteps == c.trainSteps && updater.equals(c.updater) && weightDecay == c.weightDecay && start == c.start
                && startStd == c.startStd && selfLoops == c.selfLoops && Arrays.equals(precision, c.precision)
                && dataType == c.dataType && seed == c.seed && java.util.Objects.equals(topK, c.topK)
                && inferenceRateControl == c.inferenceRateControl && kernelPath == c.kernelPath;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(neurons, sensory, labels, activation, form, inferenceRate, trainSteps, updater,
                weightDecay, start, startStd, selfLoops, Arrays.hashCode(precision), dataType, seed, topK, inferenceRateControl,
                kernelPath);
    }

    @Override
    public String toString() {
        return "GraphConfig" + toJson().replaceAll("\\s+", " ");
    }

    /** Builds a {@link GraphConfig}; {@link #build} validates. */
    public static final class Builder {
        private final int neurons;
        private final int sensory;
        private int labels;
        private Activation activation = Activation.TANH;
        private PredictionForm form = PredictionForm.WEIGHTED_ACTIVITIES;
        private double inferenceRate = 0.1;
        private int trainSteps = 20;
        private IUpdater updater = new Adam(1e-4);
        private double weightDecay;
        private ValueStart start = ValueStart.RANDOM;
        private double startStd = 0.1;
        private boolean selfLoops;
        private double[] precision;
        private DataType dataType = DataType.FLOAT;
        private long seed = 42;
        private TopKActivity topK;
        private boolean inferenceRateControl = true;
        private KernelPath kernelPath = KernelPath.AUTO;

        private Builder(int neurons, int sensory) {
            this.neurons = neurons;
            this.sensory = sensory;
        }

        /** @param labels how many of the sensory neurons (the last ones) hold the label one-hot */
        public Builder labels(int labels) {
            this.labels = labels;
            return this;
        }

        public Builder activation(Activation activation) {
            this.activation = activation;
            return this;
        }

        public Builder form(PredictionForm form) {
            this.form = form;
            return this;
        }

        public Builder inferenceRate(double gamma) {
            this.inferenceRate = gamma;
            return this;
        }

        public Builder trainSteps(int steps) {
            this.trainSteps = steps;
            return this;
        }

        public Builder updater(IUpdater updater) {
            this.updater = updater == null ? null : updater.clone();
            return this;
        }

        public Builder weightDecay(double lambda) {
            this.weightDecay = lambda;
            return this;
        }

        public Builder start(ValueStart start) {
            this.start = start;
            return this;
        }

        public Builder startStd(double std) {
            this.startStd = std;
            return this;
        }

        public Builder selfLoops(boolean allowed) {
            this.selfLoops = allowed;
            return this;
        }

        /** @param precision one per neuron, or null for 1 */
        public Builder precision(double[] precision) {
            this.precision = precision == null ? null : precision.clone();
            return this;
        }

        public Builder dataType(DataType type) {
            this.dataType = type;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** @param rule the assemblies' top-k firing rule, or null for every neuron firing (the default) */
        public Builder topK(TopKActivity rule) {
            this.topK = rule;
            return this;
        }

        /** @param on whether value steps backtrack when the energy rises (default true) */
        public Builder inferenceRateControl(boolean on) {
            this.inferenceRateControl = on;
            return this;
        }

        /** @param path which implementation runs the value steps (default {@link KernelPath#AUTO}) */
        public Builder kernelPath(KernelPath path) {
            this.kernelPath = path;
            return this;
        }

        public GraphConfig build() {
            return new GraphConfig(neurons, sensory, labels, activation, form, inferenceRate, trainSteps, updater, weightDecay,
                    start, startStd, selfLoops, precision, dataType, seed, topK, inferenceRateControl, kernelPath);
        }
    }
}
