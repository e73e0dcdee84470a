package org.pc4j.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.pc4j.trainers.graph.GraphConfig;
import org.pc4j.trainers.graph.GraphMask;
import org.pc4j.trainers.graph.PcGraph;
import org.pc4j.trainers.graph.PredictionForm;
import org.pc4j.trainers.graph.TopKActivity;
import org.pc4j.zoo.data.DataFileException;
import org.pc4j.zoo.data.DataSources;
import org.pc4j.zoo.data.ImageSet;
import org.pc4j.app.graph.GraphExperiment;
import org.pc4j.app.graph.GraphQueryKind;
import org.pc4j.app.graph.GraphReport;
import org.pc4j.app.graph.GraphResult;
import org.pc4j.app.graph.QuerySteps;
import org.pc4j.app.graph.GraphTopology;
import org.pc4j.app.memory.MemoryAutoencoder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pc4j graph}: trains a PC graph of a chosen topology on labelled images and asks it one query. */
@Command(name = "graph", mixinStandardHelpOptions = true,
        description = {"Trains a PC graph (n neurons: the pixels and the label one-hot are sensory, the rest hidden; edges "
                + "by topology) with Alg. 8 of Salvatori's thesis, then asks it one query on the test images: classify "
                + "(accuracy), generate (images per label), complete:P (MSE over the missing pixels) or denoise:V (MSE), "
                + "the last two against an autoencoder trained by backprop on the same images. Writes an HTML report and "
                + "report.json."})
public final class GraphCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--topology", defaultValue = "fc", converter = OptionConverters.Topology.class,
            description = "fc, feedforward, hierarchical, lateral or assembly (default: ${DEFAULT-VALUE})")
    GraphTopology topology;

    @Option(names = "--neurons", defaultValue = "1000", description = "n, all neurons, sensory ones included (default: ${DEFAULT-VALUE})")
    int neurons;

    @Option(names = "--layers", defaultValue = "2",
            description = "hidden layers (clusters for assembly) the hidden neurons are split into (default: ${DEFAULT-VALUE})")
    int layers;

    @Option(names = "--p-inside", defaultValue = "0.1", description = "assembly: edge probability inside a cluster (default: ${DEFAULT-VALUE})")
    double pInside;

    @Option(names = "--p-between", defaultValue = "0.1", description = "assembly: edge probability along the chain (default: ${DEFAULT-VALUE})")
    double pBetween;

    @Option(names = "--top-k", paramLabel = "K", description = "assembly: the fraction of each cluster that fires at every step "
            + "(the thesis' 0.2 unless given; 1 lets every neuron fire)")
    Double topK;

    @Option(names = "--data", defaultValue = "mnist", description = "mnist, fashion-mnist, digits, fashion-sample, or a folder (default: ${DEFAULT-VALUE})")
    String data;

    @Mixin
    DataDirOption dataDir;

    @Option(names = "--query", defaultValue = "classify", converter = OptionConverters.Query.class,
            description = "classify, generate, complete:P or denoise:V (default: ${DEFAULT-VALUE})")
    GraphQueryKind query;

    @Option(names = "--condition-label", description = "complete:P and denoise:V: also fix the label neurons to each "
            + "image's label (label-conditioned completion, the thesis' §5.4)")
    boolean conditionLabel;

    @Option(names = "--epochs", defaultValue = "1", description = "training epochs (default: ${DEFAULT-VALUE}; the thesis: 20)")
    int epochs;

    @Option(names = "--train-limit", defaultValue = "10000",
            description = "training images used (with --load: the autoencoder's only; default: ${DEFAULT-VALUE})")
    int trainLimit;

    @Option(names = "--shuffle", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "see the training images in a new seeded order every epoch (default: ${DEFAULT-VALUE}; --no-shuffle: in "
                    + "the data set's order every epoch)")
    boolean shuffle;

    @Option(names = "--eval-every", defaultValue = "0", paramLabel = "IMAGES",
            description = "while training, classify the test images every this many training images and at the end: the learning "
                    + "curve in the output and the report (default: ${DEFAULT-VALUE}, never)")
    int evalEvery;

    @Option(names = "--test-limit", defaultValue = "1000", description = "test images queried (default: ${DEFAULT-VALUE})")
    int testLimit;

    @Option(names = "--batch", defaultValue = "64", description = "batch size (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--train-steps", defaultValue = "20", description = "T, value steps per training batch (default: ${DEFAULT-VALUE})")
    int trainSteps;

    @Option(names = "--query-steps", defaultValue = "500", description = "value steps per query at most (default: ${DEFAULT-VALUE}; the thesis: 2,000)")
    int querySteps;

    @Option(names = "--tolerance", defaultValue = "1e-6",
            description = "stop a query when the relative energy change per step is at most this; 0 runs every --query-steps "
                    + "(default: ${DEFAULT-VALUE}, measured to give the 500-step answers)")
    double tolerance;

    @Option(names = "--query-method", defaultValue = "nesterov", description = "the queries' value steps: nesterov (Nesterov's "
            + "momentum, restarted per example where it points up the energy: on the default MNIST graph the same classifications "
            + "in 22 steps instead of 61, completions within 0.3% in 96 instead of 500, generations converged: 90% of the asked "
            + "digits against 81% after 500 plain steps) or plain gradient steps (before 2026-12-05) (default: ${DEFAULT-VALUE})")
    String queryMethod;

    @Option(names = "--gamma", defaultValue = "0.1", description = "the value step (default: ${DEFAULT-VALUE})")
    double gamma;

    @Option(names = "--lr", defaultValue = "1e-4", description = "Adam's learning rate on the weights (default: ${DEFAULT-VALUE}, the thesis')")
    double learningRate;

    @Option(names = "--weight-decay", defaultValue = "0.01", description = "L2 weight decay (default: ${DEFAULT-VALUE}, the thesis' best)")
    double weightDecay;

    @Option(names = "--activation", defaultValue = "tanh", converter = OptionConverters.ActivationName.class,
            description = "f: tanh, sigmoid, relu, identity, ... (DL4J's names; default: ${DEFAULT-VALUE})")
    Activation activation;

    @Option(names = "--form", defaultValue = "thesis", converter = OptionConverters.Form.class,
            description = "thesis (mu = W f(x)) or dl4j (mu = f(W x)) (default: ${DEFAULT-VALUE})")
    PredictionForm form;

    @Option(names = "--label-precision", defaultValue = "1", paramLabel = "PI",
            description = "the precision of the label neurons' errors in the energy, every other neuron's being 1 (default: "
                    + "${DEFAULT-VALUE}); below 1 a clamped label's error is small against the rest and the weight updates of a "
                    + "feed-forward graph come close to backprop's (0.01: the accuracy of backprop on the same network; a fully "
                    + "connected graph does worse, docs/results.md)")
    double labelPrecision;

    @Option(names = "--start-std", defaultValue = "0.1", description = "standard deviation of the free neurons' random start (default: ${DEFAULT-VALUE})")
    double startStd;

    @Option(names = "--start", defaultValue = "random", converter = OptionConverters.GraphStart.class,
            description = "where the free neurons start every training batch and query: random, or forward (their predictions "
                    + "from the clamped neurons on; graphs without cycles, such as feedforward; what --label-precision below 1 "
                    + "needs) (default: ${DEFAULT-VALUE})")
    org.pc4j.trainers.graph.GraphConfig.ValueStart start;

    @Option(names = "--ae-width", defaultValue = "512", description = "the autoencoder baseline's width (default: ${DEFAULT-VALUE})")
    int aeWidth;

    @Option(names = "--ae-updates", defaultValue = "1500", description = "the autoencoder's full-batch backprop updates (default: ${DEFAULT-VALUE})")
    int aeUpdates;

    @Option(names = "--no-autoencoder", description = "skip the autoencoder baseline")
    boolean noAutoencoder;

    @Option(names = "--save", paramLabel = "FILE", description = "save the trained graph (zip) here")
    Path save;

    @Option(names = "--load", paramLabel = "FILE", description = "load a saved graph instead of training one")
    Path load;

    @Mixin
    SeedOption seed;

    @Mixin
    ReportOption report;

    /** Seconds spent training (0 for a loaded graph). */
    private double trainSeconds;
    private List<GraphExperiment.CurvePoint> curve = List.of();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        validate();
        // where the graph and the report go, before anything is loaded or trained
        if (save != null) {
            OutputPaths.file("--save", save);
        }
        Path dir = report.folder(Path.of("pc4j-report", "graph-" + topology + "-" + query.kind().name().toLowerCase(Locale.ROOT)));
        if (!(DataSources.load(data, dataDir.dataDir, seed.seed) instanceof ImageSet set)) {
            throw new IllegalArgumentException("--data " + data + " is text; pc4j graph needs labelled images");
        }
        GraphExperiment experiment = new GraphExperiment(set, Math.min(trainLimit, set.train().numExamples()),
                Math.min(testLimit, set.test().numExamples()), batch, out).accelerated(queryMethod.equals("nesterov"));
        PcGraph graph = load != null ? loaded(set) : trained(set, experiment, out);
        if (save != null) {
            save(graph, out);
        }
        GraphResult result = ask(graph, set, experiment);
        print(result, out);
        if (dir != null) {
            out.println("report: " + GraphReport.write(dir, result).toAbsolutePath());
        }
        out.flush();
        return 0;
    }

    /** Checks the options against each other, before any work. */
    private void validate() {
        OptionChecks.atLeastOne("--epochs", epochs);
        OptionChecks.atLeastOne("--train-steps", trainSteps);
        OptionChecks.atLeastOne("--ae-width", aeWidth);
        OptionChecks.atLeastOne("--ae-updates", aeUpdates);
        if (!queryMethod.equals("plain") && !queryMethod.equals("nesterov")) {
            throw new IllegalArgumentException("--query-method is plain or nesterov, got '" + queryMethod + "'");
        }
        OptionChecks.atLeastOne("--batch", batch);
        OptionChecks.positiveFinite("--lr", learningRate);
        OptionChecks.positiveFinite("--label-precision", labelPrecision);
        if (evalEvery < 0) {
            throw new IllegalArgumentException("--eval-every is a number of training images >= 0 (0: never), got " + evalEvery);
        }
        if (load != null) {
            // a loaded graph keeps its own shape and recipe: an option that would shape a new one is refused, not ignored
            for (String option : List.of("--topology", "--neurons", "--layers", "--p-inside", "--p-between", "--train-steps",
                    "--gamma", "--lr", "--weight-decay", "--activation", "--form", "--start-std", "--epochs", "--top-k",
                    "--eval-every", "--label-precision", "--shuffle")) {
                if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                    throw new IllegalArgumentException(option + " shapes or trains a new graph; a --load'ed graph keeps what it was "
                            + "saved with: leave " + option + " out");
                }
            }
        } else {
            PcGraph.requireFits(neurons, new Adam(learningRate), DataType.FLOAT);
        }
        if (topK != null && topology != GraphTopology.ASSEMBLY) {
            throw new IllegalArgumentException("--top-k applies to --topology assembly, not " + topology);
        }
        if (topK != null && !(topK > 0 && topK <= 1)) {
            throw new IllegalArgumentException("--top-k is a fraction in (0, 1], got " + topK);
        }
        if (conditionLabel && (query.kind() == GraphQueryKind.Kind.CLASSIFY || query.kind() == GraphQueryKind.Kind.GENERATE)) {
            throw new IllegalArgumentException("--condition-label applies to complete:P and denoise:V queries, not " + query);
        }
    }

    /** @return the graph saved at {@code --load}, checked to fit the data */
    private PcGraph loaded(ImageSet set) {
        PcGraph graph;
        try {
            graph = PcGraph.load(load);
        } catch (IOException | IllegalArgumentException e) {
            throw new DataFileException("cannot read the graph " + load + ": " + e.getMessage(), e);
        }
        int sensory = set.channels() * set.height() * set.width() + set.classes();
        if (graph.config().sensory() != sensory || graph.config().labels() != set.classes()) {
            throw new IllegalArgumentException("the graph in " + load + " has " + graph.config().sensory() + " sensory neurons ("
                    + graph.config().labels() + " labels); " + set.name() + " needs " + sensory + " (" + set.classes() + ")");
        }
        return graph;
    }

    /** @return a new graph of the options' topology and recipe, trained on the data */
    private PcGraph trained(ImageSet set, GraphExperiment experiment, PrintWriter out) {
        int pixels = set.channels() * set.height() * set.width();
        int sensory = pixels + set.classes();
        if (neurons <= sensory) {
            throw new IllegalArgumentException("--neurons " + neurons + " leaves no hidden neurons: " + set.name() + " has "
                    + sensory + " sensory ones (" + pixels + " pixels and " + set.classes() + " labels)");
        }
        GraphMask mask = topology.mask(pixels, set.classes(), neurons - sensory, layers, pInside, pBetween, seed.seed);
        if (start == org.pc4j.trainers.graph.GraphConfig.ValueStart.FORWARD) {
            boolean[] free = new boolean[neurons];
            java.util.Arrays.fill(free, pixels, neurons, true);
            if (mask.longestPathWithin(free) < 0) {
                throw new IllegalArgumentException("--start forward needs a graph whose labels and hidden neurons form no cycle, "
                        + "and --topology " + topology.name().toLowerCase(Locale.ROOT) + " has cycles: use --start random or an "
                        + "acyclic topology (feedforward, hierarchical)");
            }
        }
        TopKActivity rule = topology == GraphTopology.ASSEMBLY && (topK == null || topK < 1)
                ? topology.topK(pixels, set.classes(), neurons - sensory, layers, topK == null ? 0.2 : topK) : null;
        GraphConfig config = GraphConfig.builder(neurons, sensory).labels(set.classes()).topK(rule)
                .activation(activation).form(form).inferenceRate(gamma)
                .trainSteps(trainSteps).updater(new Adam(learningRate)).weightDecay(weightDecay).startStd(startStd).start(start).seed(seed.seed)
                .precision(labelPrecision == 1 ? null : precisions(neurons, pixels, set.classes(), labelPrecision))
                .build();
        PcGraph graph = new PcGraph(config, mask);
        out.printf(Locale.ROOT, "pc4j graph: %s, %d edges%s; %s%n", mask.description(), mask.edgeCount(),
                rule == null ? "" : ", " + rule, set.name());
        GraphExperiment.Training training = experiment.train(graph, epochs, System.console() != null, evalEvery, querySteps, tolerance,
                shuffle ? seed.seed : null);
        trainSeconds = training.seconds();
        curve = training.curve();
        return graph;
    }

    /** @return 1 for every neuron but the label neurons (after the pixels), which get {@code label} */
    static double[] precisions(int neurons, int pixels, int labels, double label) {
        double[] p = new double[neurons];
        java.util.Arrays.fill(p, 1.0);
        java.util.Arrays.fill(p, pixels, pixels + labels, label);
        return p;
    }

    private void save(PcGraph graph, PrintWriter out) {
        try {
            Path parent = save.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            graph.save(save);
            out.println("saved: " + save.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the graph to " + save + ": " + e.getMessage(), e);
        }
    }

    /** @return the query's outcome on the test images, with the autoencoder baseline where the query has one */
    private GraphResult ask(PcGraph graph, ImageSet set, GraphExperiment experiment) {
        boolean baseline = !noAutoencoder && (query.kind() == GraphQueryKind.Kind.COMPLETE || query.kind() == GraphQueryKind.Kind.DENOISE);
        GraphExperiment.Outcome o = experiment.ask(graph, query, querySteps, tolerance,
                baseline ? new MemoryAutoencoder(aeWidth, Math.max(1, layers), aeUpdates, 1e-3, 100, seed.seed) : null, seed.seed,
                conditionLabel);
        return new GraphResult("pc4j " + String.join(" ", spec.commandLine().getParseResult().originalArgs()),
                set.name(), graph.mask().description() + (graph.config().topK() == null ? "" : ", " + graph.config().topK()),
                graph.config().neurons(), graph.mask().edgeCount(), query.toString(), conditionLabel,
                o.accuracy(), o.mse(), o.aeMse(), o.steps(), trainSeconds,
                load != null ? 0 : Math.min(trainLimit, set.train().numExamples()), load != null ? load.toString() : null,
                Math.min(testLimit, set.test().numExamples()), o.energies(), o.grid(), o.generation(), o.classification(), curve, o.shownMse(),
                set.channels(), set.height(), set.width());
    }

    private static void print(GraphResult result, PrintWriter out) {
        QuerySteps s = result.steps();
        out.printf(Locale.ROOT, "%-14s %10s %10s %10s %8s %14s %12s %10s%n", "query", "accuracy", "MSE", "AE MSE", "budget", "used (mean/max)",
                "s/step", "s saved");
        out.printf(Locale.ROOT, "%-14s %10s %10s %10s %8d %14s %12.5f %10.1f%n", result.query(),
                result.accuracy() == null ? "-" : String.format(Locale.ROOT, "%.4f", result.accuracy()),
                result.mse() == null ? "-" : String.format(Locale.ROOT, "%.5f", result.mse()),
                result.aeMse() == null ? "-" : String.format(Locale.ROOT, "%.5f", result.aeMse()), s.budget(),
                String.format(Locale.ROOT, "%.1f/%d", s.mean(), s.max()), s.secondsPerStep(), s.secondsSaved());
    }
}
