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
import org.pc4j.app.graph.GraphTopology;
import org.pc4j.app.memory.MemoryAutoencoder;
import picocli.CommandLine.Command;
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

    @Option(names = "--topology", defaultValue = "fc", description = "fc, feedforward, hierarchical, lateral or assembly (default: ${DEFAULT-VALUE})")
    String topology;

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

    @Option(names = "--data-dir", paramLabel = "DIR", description = "where fetched data lives")
    Path dataDir;

    @Option(names = "--query", defaultValue = "classify", description = "classify, generate, complete:P or denoise:V (default: ${DEFAULT-VALUE})")
    String query;

    @Option(names = "--condition-label", description = "complete:P and denoise:V: also fix the label neurons to each "
            + "image's label (label-conditioned completion, the thesis' §5.4)")
    boolean conditionLabel;

    @Option(names = "--epochs", defaultValue = "1", description = "training epochs (default: ${DEFAULT-VALUE}; the thesis: 20)")
    int epochs;

    @Option(names = "--train-limit", defaultValue = "10000",
            description = "training images used (with --load: the autoencoder's only; default: ${DEFAULT-VALUE})")
    int trainLimit;

    @Option(names = "--test-limit", defaultValue = "1000", description = "test images queried (default: ${DEFAULT-VALUE})")
    int testLimit;

    @Option(names = "--batch", defaultValue = "64", description = "batch size (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--train-steps", defaultValue = "20", description = "T, value steps per training batch (default: ${DEFAULT-VALUE})")
    int trainSteps;

    @Option(names = "--query-steps", defaultValue = "500", description = "value steps per query at most (default: ${DEFAULT-VALUE}; the thesis: 2,000)")
    int querySteps;

    @Option(names = "--tolerance", defaultValue = "0",
            description = "stop a query when the relative energy change per step is at most this (default: ${DEFAULT-VALUE}, never)")
    double tolerance;

    @Option(names = "--gamma", defaultValue = "0.1", description = "the value step (default: ${DEFAULT-VALUE})")
    double gamma;

    @Option(names = "--lr", defaultValue = "1e-4", description = "Adam's learning rate on the weights (default: ${DEFAULT-VALUE}, the thesis')")
    double learningRate;

    @Option(names = "--weight-decay", defaultValue = "0.01", description = "L2 weight decay (default: ${DEFAULT-VALUE}, the thesis' best)")
    double weightDecay;

    @Option(names = "--activation", defaultValue = "tanh", description = "f: tanh, sigmoid, relu, identity, ... (DL4J's names; default: ${DEFAULT-VALUE})")
    String activation;

    @Option(names = "--form", defaultValue = "thesis", description = "thesis (mu = W f(x)) or dl4j (mu = f(W x)) (default: ${DEFAULT-VALUE})")
    String form;

    @Option(names = "--start-std", defaultValue = "0.1", description = "standard deviation of the free neurons' random start (default: ${DEFAULT-VALUE})")
    double startStd;

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

    @Option(names = "--seed", defaultValue = "42", description = "seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--report", paramLabel = "DIR", description = "the report folder (default: pc4j-report/graph-<topology>-<query>)")
    Path report;

    @Option(names = "--no-report", description = "print the result only")
    boolean noReport;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (noReport && report != null) {
            throw new IllegalArgumentException("--report and --no-report contradict each other: give one");
        }
        GraphTopology top = GraphTopology.parse(topology);
        GraphQueryKind q = GraphQueryKind.parse(query);
        OptionChecks.atLeastOne("--epochs", epochs);
        OptionChecks.atLeastOne("--train-steps", trainSteps);
        OptionChecks.atLeastOne("--ae-width", aeWidth);
        OptionChecks.atLeastOne("--ae-updates", aeUpdates);
        OptionChecks.atLeastOne("--batch", batch);
        OptionChecks.positiveFinite("--lr", learningRate);
        Activation f = parseActivation(activation);
        if (load != null) {
            // a loaded graph keeps its own shape and recipe: an option that would shape a new one is refused, not ignored
            for (String option : List.of("--topology", "--neurons", "--layers", "--p-inside", "--p-between", "--train-steps",
                    "--gamma", "--lr", "--weight-decay", "--activation", "--form", "--start-std", "--epochs")) {
                if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                    throw new IllegalArgumentException(option + " shapes or trains a new graph; a --load'ed graph keeps what it was "
                            + "saved with: leave " + option + " out");
                }
            }
        } else {
            PcGraph.requireFits(neurons, new Adam(learningRate), DataType.FLOAT);
        }
        // where the graph and the report go, before anything is loaded or trained
        if (save != null) {
            OutputPaths.file("--save", save);
        }
        Path dir = noReport ? null : OutputPaths.folder("--report", report != null ? report
                : Path.of("pc4j-report", "graph-" + top + "-" + q.kind().name().toLowerCase(Locale.ROOT)));
        if (topK != null && top != GraphTopology.ASSEMBLY) {
            throw new IllegalArgumentException("--top-k applies to --topology assembly, not " + top);
        }
        if (topK != null && load != null) {
            throw new IllegalArgumentException("--top-k shapes a graph being built; a --load'ed graph keeps the rule it was saved with");
        }
        if (topK != null && !(topK > 0 && topK <= 1)) {
            throw new IllegalArgumentException("--top-k is a fraction in (0, 1], got " + topK);
        }
        if (conditionLabel && (q.kind() == GraphQueryKind.Kind.CLASSIFY || q.kind() == GraphQueryKind.Kind.GENERATE)) {
            throw new IllegalArgumentException("--condition-label applies to complete:P and denoise:V queries, not " + q);
        }
        if (!(DataSources.load(data, dataDir, seed) instanceof ImageSet set)) {
            throw new IllegalArgumentException("--data " + data + " is text; pc4j graph needs labelled images");
        }
        int pixels = set.channels() * set.height() * set.width();
        int sensory = pixels + set.classes();
        GraphExperiment experiment = new GraphExperiment(set, Math.min(trainLimit, set.train().numExamples()),
                Math.min(testLimit, set.test().numExamples()), batch, out);
        PcGraph graph;
        double trainSeconds = 0;
        if (load != null) {
            try {
                graph = PcGraph.load(load);
            } catch (IOException | IllegalArgumentException e) {
                throw new DataFileException("cannot read the graph " + load + ": " + e.getMessage(), e);
            }
            if (graph.config().sensory() != sensory || graph.config().labels() != set.classes()) {
                throw new IllegalArgumentException("the graph in " + load + " has " + graph.config().sensory() + " sensory neurons ("
                        + graph.config().labels() + " labels); " + set.name() + " needs " + sensory + " (" + set.classes() + ")");
            }
        } else {
            if (neurons <= sensory) {
                throw new IllegalArgumentException("--neurons " + neurons + " leaves no hidden neurons: " + set.name() + " has "
                        + sensory + " sensory ones (" + pixels + " pixels and " + set.classes() + " labels)");
            }
            GraphMask mask = top.mask(pixels, set.classes(), neurons - sensory, layers, pInside, pBetween, seed);
            TopKActivity rule = top == GraphTopology.ASSEMBLY && (topK == null || topK < 1)
                    ? top.topK(pixels, set.classes(), neurons - sensory, layers, topK == null ? 0.2 : topK) : null;
            GraphConfig config = GraphConfig.builder(neurons, sensory).labels(set.classes()).topK(rule)
                    .activation(f).form(parseForm(form)).inferenceRate(gamma)
                    .trainSteps(trainSteps).updater(new Adam(learningRate)).weightDecay(weightDecay).startStd(startStd).seed(seed)
                    .build();
            graph = new PcGraph(config, mask);
            out.printf(Locale.ROOT, "pc4j graph: %s, %d edges%s; %s%n", mask.description(), mask.edgeCount(),
                    rule == null ? "" : ", " + rule, set.name());
            trainSeconds = experiment.train(graph, epochs, System.console() != null);
        }
        if (save != null) {
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
        boolean baseline = !noAutoencoder && (q.kind() == GraphQueryKind.Kind.COMPLETE || q.kind() == GraphQueryKind.Kind.DENOISE);
        GraphExperiment.Outcome o = experiment.ask(graph, q, querySteps, tolerance,
                baseline ? new MemoryAutoencoder(aeWidth, Math.max(1, layers), aeUpdates, 1e-3, 100, seed) : null, seed, conditionLabel);
        GraphResult result = new GraphResult("pc4j " + String.join(" ", spec.commandLine().getParseResult().originalArgs()),
                set.name(), graph.mask().description() + (graph.config().topK() == null ? "" : ", " + graph.config().topK()),
                graph.config().neurons(), graph.mask().edgeCount(), q.toString(), conditionLabel,
                o.accuracy(), o.mse(), o.aeMse(), o.secondsPerStep(), o.steps(), trainSeconds,
                load != null ? 0 : Math.min(trainLimit, set.train().numExamples()), load != null ? load.toString() : null,
                Math.min(testLimit, set.test().numExamples()), o.energies(), o.grid(),
                set.channels(), set.height(), set.width());
        out.printf(Locale.ROOT, "%-14s %10s %10s %10s %8s %12s%n", "query", "accuracy", "MSE", "AE MSE", "steps", "s/step");
        out.printf(Locale.ROOT, "%-14s %10s %10s %10s %8d %12.5f%n", result.query(),
                result.accuracy() == null ? "-" : String.format(Locale.ROOT, "%.4f", result.accuracy()),
                result.mse() == null ? "-" : String.format(Locale.ROOT, "%.5f", result.mse()),
                result.aeMse() == null ? "-" : String.format(Locale.ROOT, "%.5f", result.aeMse()), result.steps(), result.secondsPerStep());
        if (dir != null) {
            out.println("report: " + GraphReport.write(dir, result).toAbsolutePath());
        }
        out.flush();
        return 0;
    }

    private static Activation parseActivation(String name) {
        try {
            return Activation.fromString(name.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown --activation '" + name + "': use one of DL4J's, e.g. tanh, sigmoid, relu, "
                    + "identity, leakyrelu, elu, softplus");
        }
    }

    private static PredictionForm parseForm(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "thesis" -> PredictionForm.WEIGHTED_ACTIVITIES;
            case "dl4j" -> PredictionForm.ACTIVATED_SUMS;
            default -> throw new IllegalArgumentException("unknown --form '" + name + "': use thesis (mu = W f(x)) or dl4j (mu = f(W x))");
        };
    }
}
