package org.pc4j.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.pc4j.trainers.ValueOptimizer;
import org.pc4j.trainers.generative.MemoryConfig;
import org.pc4j.zoo.data.DataFileException;
import org.pc4j.zoo.data.DataSources;
import org.pc4j.zoo.data.ImageSet;
import org.pc4j.app.memory.CapacitySweep;
import org.pc4j.app.memory.ClassicHopfield;
import org.pc4j.app.memory.GraphMemory;
import org.pc4j.trainers.graph.PcGraph;
import org.pc4j.app.memory.MemoryAutoencoder;
import org.pc4j.app.memory.MemoryExperiment;
import org.pc4j.app.memory.MemoryKey;
import org.pc4j.app.memory.MemoryMethod;
import org.pc4j.app.memory.MemoryReport;
import org.pc4j.app.memory.MemoryResult;
import org.pc4j.app.memory.ModernHopfield;
import org.pc4j.app.memory.PcMemory;
import org.pc4j.app.memory.RecallCurve;
import org.pc4j.app.memory.StoreProgress;
import org.pc4j.app.memory.StoredMemories;
import org.pc4j.zoo.models.GenerativePcn;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pc4j memory}: stores images in a generative PC network and its baselines and recalls them from keys. */
@Command(name = "memory", mixinStandardHelpOptions = true,
        description = {"Stores the first N training images in each method, recalls them from keys and prints a table per "
                + "method and key: retrieved / N at the thesis' criteria (MSE < 0.005 for noisy keys, < 0.001 for partial "
                + "ones), mean MSE, seconds to store, seconds per recall iteration. Writes an HTML report with the recalled "
                + "images and report.json.",
                "Methods: pc (generative PC network: stored by inference learning, recalled by inference), mhn (modern Hopfield), hopfield (classic "
                        + "binary Hopfield, scored against the binarised images), ae (autoencoder trained by backprop), linear (the "
                        + "thesis' linear fully connected PC graph, d neurons)."})
public final class MemoryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", defaultValue = "fashion-mnist", paramLabel = "DATA",
            description = "fashion-mnist, mnist, colour-patches, digits, fashion-sample, cifar10, or a folder of IDX / CIFAR-10 files "
                    + "or photos with a MANIFEST.md5 (default: ${DEFAULT-VALUE})")
    String data;

    @Mixin
    DataDirOption dataDir;

    @Option(names = "--images", defaultValue = "100", description = "N, the training images stored (default: ${DEFAULT-VALUE})")
    int images;

    @Option(names = "--width", defaultValue = "512", description = "n, the PC network's hidden width and the autoencoder's width "
            + "(default: ${DEFAULT-VALUE})")
    int width;

    @Option(names = "--latent", defaultValue = "64", description = "the PC network's latents, its memory layer's width "
            + "(default: ${DEFAULT-VALUE})")
    int latent;

    @Option(names = "--depth", defaultValue = "4", description = "L, the PC network's layers of value nodes, memory and sensory "
            + "included (default: ${DEFAULT-VALUE}: latents, two hidden layers, sensory); the autoencoder gets L - 1 hidden layers")
    int depth;

    @Option(names = "--activation", defaultValue = "tanh", converter = OptionConverters.ActivationName.class,
            description = "the PC network's hidden activation (default: ${DEFAULT-VALUE})")
    Activation activation;

    @Option(names = "--key", split = ",", defaultValue = "keep:0.5,noise:0.2", paramLabel = "KEY", converter = OptionConverters.Key.class,
            description = "comma-separated: noise:ETA (Gaussian noise of variance ETA), keep:P (the top fraction P of the rows "
                    + "known), random, stored:P (keep:P with the pc, graph and linear methods' recall started at the stored image itself: "
                    + "whether each image is a fixed point of its own recall; other methods skip it) (default: ${DEFAULT-VALUE})")
    List<MemoryKey> keys;

    @Option(names = "--methods", split = ",", defaultValue = "pc,mhn,hopfield,ae", paramLabel = "METHOD",
            converter = OptionConverters.MemoryMethodName.class,
            description = "comma-separated: pc, mhn, hopfield, ae, linear, graph (default: ${DEFAULT-VALUE})")
    List<String> methods;

    @Option(names = "--graph-neurons", defaultValue = "1000", description = "the graph method's neurons, at least the pixels "
            + "(the rest hidden; the thesis: 1,000 for 28 x 28 images, 3,500 for colour) (default: ${DEFAULT-VALUE})")
    int graphNeurons;

    @Option(names = "--graph-store-steps", defaultValue = "5", description = "T, the graph method's value steps per storing epoch "
            + "(the thesis': 5) (default: ${DEFAULT-VALUE})")
    int graphStoreSteps;

    @Option(names = "--graph-store-rate", defaultValue = "0.5", description = "gamma while the graph method stores, halved for the rest "
            + "of an epoch wherever a step raises the energy (the thesis': 0.5) (default: ${DEFAULT-VALUE})")
    double graphStoreRate;

    @Option(names = "--graph-recall-steps", defaultValue = "20000", description = "value steps of each graph and linear recall at most; "
            + "a recall stops earlier once a step changes the energy by less than 1e-7 of it (200 images on 1,000 neurons: 11 of 200 "
            + "recalled after 2,000 steps, all 200 after 20,000) (default: ${DEFAULT-VALUE})")
    int graphRecallSteps;

    @Option(names = "--graph-recall-rate", defaultValue = "0.5", description = "the gamma the graph and linear methods' recall starts "
            + "at, halved wherever a step raises the energy (the graph's storing rate, the thesis') (default: ${DEFAULT-VALUE})")
    double graphRecallRate;

    @Option(names = "--graph-recall-method", defaultValue = "auto", description = "the graph and linear methods' recall steps: plain "
            + "gradient steps; nesterov (Nesterov's momentum, restarted per image where it points up the energy: the same completions "
            + "in a tenth of the steps, worse denoising); auto, nesterov for partial keys and plain for noisy ones "
            + "(default: ${DEFAULT-VALUE})")
    String graphRecallMethod;

    @Option(names = "--lr", defaultValue = "1e-3",
            description = "Adam's learning rate for the PC network, the autoencoder and the graph memories (default: ${DEFAULT-VALUE})")
    double learningRate;

    @Option(names = "--weight-decay", defaultValue = "5e-5", description = "the PC network's decoupled weight decay, DL4J's "
            + "coefficient (each update shrinks a weight by 2 x lr x it: the default is AdamW's 1e-4) (default: ${DEFAULT-VALUE})")
    double weightDecay;

    @Option(names = "--store-epochs", defaultValue = "1000",
            description = "storing epochs at most (PC: T value steps, then one weight step); the autoencoder's and the linear "
                    + "memory's updates (default: ${DEFAULT-VALUE})")
    int storeEpochs;

    @Option(names = "--store-steps", defaultValue = "20", description = "T, the value steps of each storing epoch (default: ${DEFAULT-VALUE})")
    int storeSteps;

    @Option(names = "--store-rate", defaultValue = "0.05", description = "gamma while storing (default: ${DEFAULT-VALUE})")
    double storeRate;

    @Option(names = "--store-patience", defaultValue = "100", description = "storing stops once the store energy has reached no "
            + "new low for this many epochs, and keeps the lowest-energy epoch's weights (pc, graph and linear) (default: ${DEFAULT-VALUE})")
    int storePatience;

    @Option(names = "--recall-steps", defaultValue = "500", description = "value steps of each pc recall (graph and linear: "
            + "--graph-recall-steps; 500 accelerated steps recall what 2,000 plain steps did) (default: ${DEFAULT-VALUE})")
    int recallSteps;

    @Option(names = "--recall-rate", defaultValue = "0.05", description = "gamma while recalling (default: ${DEFAULT-VALUE})")
    double recallRate;

    @Option(names = "--recall-optimizer", defaultValue = "nesterov", paramLabel = "OPT", converter = ValueOptimizerOption.class,
            description = "how value nodes step while recalling: gd, momentum, momentum:BETA, nesterov (accelerated, restarted per "
                    + "key) or adam (default: ${DEFAULT-VALUE})")
    ValueOptimizer recallOptimizer;

    @Option(names = "--latent-precision", defaultValue = "1e-6", description = "the precision of the latents' prior (the sensory "
            + "L2 loss is precision 2; the default leaves the latents in effect free) (default: ${DEFAULT-VALUE})")
    double latentPrecision;

    @Option(names = "--hidden-precision", defaultValue = "2", description = "the precision of the hidden value nodes, storing "
            + "and recalling (default: ${DEFAULT-VALUE})")
    double hiddenPrecision;

    @Option(names = "--start", defaultValue = "zero", converter = OptionConverters.ValueStart.class,
            description = "where the PC network's latent and hidden values start every storing epoch and every recall: zero, or "
                    + "forward (the forward pass from the learnt prior) (default: ${DEFAULT-VALUE})")
    org.pc4j.trainers.ValueInit start;

    @Option(names = "--denoise-iterations", defaultValue = "5", description = "iterations of F for noisy keys at most (default: ${DEFAULT-VALUE})")
    int denoiseIterations;

    @Option(names = "--curve", split = ",", paramLabel = "STEPS",
            description = "comma-separated recall budgets: after the run, recall the partial keys with exactly each many PC "
                    + "steps and chart the images retrieved against the budget (needs the pc method)")
    List<Integer> curve = new ArrayList<>();

    @Option(names = "--capacity-images", split = ",", paramLabel = "N",
            description = "comma-separated image counts: after the run, store the first N images afresh in each method and "
                    + "recall them from the run's keys, and chart the images retrieved against N (default: none)")
    List<Integer> capacityImages = new ArrayList<>();

    @Option(names = "--capacity-widths", split = ",", paramLabel = "n",
            description = "comma-separated widths of the capacity sweep's pc and ae networks (default: --width)")
    List<Integer> capacityWidths = new ArrayList<>();

    @Option(names = "--save", paramLabel = "DIR", description = "save each stored pc, graph and linear memory into this folder as "
            + "soon as it is stored: pc.zip (a DL4J model file), graph.zip and linear.zip (saved PC graphs), stored.json (the images "
            + "and the storing options they were stored with)")
    Path save;

    @Option(names = "--load", paramLabel = "DIR", description = "recall from the pc, graph and linear memories a --save run wrote "
            + "instead of storing them again: they must have stored the same images (--data, --images); the storing options are "
            + "that run's (one given with another value is refused), the recall options this run's; other methods store as usual")
    Path load;

    @Option(names = "--beta", defaultValue = "8", description = "the modern Hopfield network's inverse temperature (default: ${DEFAULT-VALUE})")
    double beta;

    @Mixin
    SeedOption seedOption;

    @Mixin
    ReportOption report;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        long seed = seedOption.seed;
        List<String> methodNames = validate();
        List<MemoryKey> keyList = keys;
        StoredMemories loaded = load == null ? null : StoredMemories.read(load);
        if (loaded != null) {
            adoptStoringOptions(loaded);
        }
        // where the memories and the report go, before anything is loaded or stored
        if (save != null) {
            OutputPaths.folder("--save", save);
        }
        Path dir = report.folder(Path.of("pc4j-report", "memory-" + Path.of(data).getFileName()));
        MemoryConfig config = MemoryConfig.builder().storeEpochs(storeEpochs).storeSteps(storeSteps).storeRate(storeRate)
                .storePatience(storePatience).recallSteps(recallSteps).recallRate(recallRate).recallOptimizer(recallOptimizer)
                .latentPrecision(latentPrecision).hiddenPrecision(hiddenPrecision).denoiseIterations(denoiseIterations).start(start)
                .build();
        if (!(DataSources.load(data, dataDir.dataDir, seed) instanceof ImageSet set)) {
            throw new IllegalArgumentException("--data " + data + " is text; pc4j memory stores images");
        }
        long available = set.train().numExamples();
        if (images > available) {
            throw new IllegalArgumentException("--images " + images + " exceeds the " + available + " training images of " + set.name());
        }
        INDArray patterns = firstImages(set, images);
        if (methodNames.contains("mhn")) {
            // softmax(beta K X^T): a score beta x.k must stay finite, and |x.k| can reach ||x||^2 (a key is an image)
            double largest = patterns.mul(patterns).sum(1).maxNumber().doubleValue();
            if (!Double.isFinite(beta * largest * 4)) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "--beta %s overflows the modern Hopfield network's "
                        + "scores (beta times a squared image norm of %.1f); above about 1e3 its recall is already the nearest "
                        + "pattern's", beta, largest));
            }
        }
        if (methodNames.contains("graph") && graphNeurons < patterns.size(1)) {
            throw new IllegalArgumentException("--graph-neurons " + graphNeurons + " is fewer than the " + patterns.size(1) + " values of an "
                    + "image of " + set.name() + ": the graph needs one sensory neuron per value, the rest hidden");
        }
        if (methodNames.contains("graph")) {
            PcGraph.requireFits(graphNeurons, new Adam(learningRate), DataType.FLOAT);
        }
        String fingerprint = StoredMemories.fingerprint(patterns);
        if (loaded != null) {
            requireSameImages(loaded, set.name(), fingerprint);
        }
        List<MemoryMethod> list = new ArrayList<>();
        for (String m : methodNames) {
            list.add(loaded != null && SAVED_METHODS.contains(m) ? loadedMethod(m, loaded, config)
                    : method(m, (int) patterns.size(1), width, config, out));
        }
        StoredMemories[] saving = {new StoredMemories(set.name(), images, fingerprint, storingOptions(), Map.of())};
        out.printf(Locale.ROOT, "pc4j memory: %d images of %s (%d values each); keys %s%n", images, set.name(), patterns.size(1), keyList);
        PcMemory pc = (PcMemory) list.stream().filter(m -> m instanceof PcMemory).findFirst().orElse(null);
        validateSweeps(pc != null, keyList, available, set.name());
        MemoryExperiment.Outcome outcome = new MemoryExperiment(patterns, set.channels(), set.height(), set.width(), seed)
                .run(list, keyList, out, (m, stored) -> {
                    if (save != null && m.saves()) {
                        saving[0] = saveMethod(m, stored, saving[0], out);
                    }
                });
        List<RecallCurve.Point> points = curve.isEmpty() ? List.of() : RecallCurve.measure(pc.memory(), patterns,
                set.channels(), set.height(), set.width(), keyList, curve.stream().mapToInt(Integer::intValue).toArray(), seed, out);
        List<CapacitySweep.Point> capacity = capacityImages.isEmpty() ? List.of()
                : capacitySweep(set, methodNames, (int) patterns.size(1), config, keyList, out);
        MemoryResult result = new MemoryResult("pc4j " + String.join(" ", spec.commandLine().getParseResult().originalArgs()),
                set.name(), images, set.channels(), set.height(), set.width(), outcome.methods(), outcome.rows(), outcome.grids(),
                points, capacity);
        print(result, out);
        if (dir != null) {
            out.println("report: " + MemoryReport.write(dir, result).toAbsolutePath());
        }
        out.flush();
        return 0;
    }

    /** The methods {@code --save} writes and {@code --load} reads. */
    static final List<String> SAVED_METHODS = List.of("pc", "graph", "linear");

    /** The options that shape what is stored: recorded by {@code --save}, taken from the manifest by {@code --load}. */
    static final List<String> STORING_OPTIONS = List.of("--width", "--latent", "--depth", "--activation", "--lr", "--weight-decay",
            "--store-epochs", "--store-steps", "--store-rate", "--store-patience", "--graph-neurons", "--graph-store-steps", "--graph-store-rate");

    /** @return the storing options' values, as text */
    private Map<String, String> storingOptions() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("--width", Integer.toString(width));
        o.put("--latent", Integer.toString(latent));
        o.put("--depth", Integer.toString(depth));
        o.put("--activation", activation.name());
        o.put("--lr", Double.toString(learningRate));
        o.put("--weight-decay", Double.toString(weightDecay));
        o.put("--store-epochs", Integer.toString(storeEpochs));
        o.put("--store-steps", Integer.toString(storeSteps));
        o.put("--store-rate", Double.toString(storeRate));
        o.put("--store-patience", Integer.toString(storePatience));
        o.put("--graph-neurons", Integer.toString(graphNeurons));
        o.put("--graph-store-steps", Integer.toString(graphStoreSteps));
        o.put("--graph-store-rate", Double.toString(graphStoreRate));
        return o;
    }

    /**
     * Takes the storing options from the saving run, so that the loaded memories are described as they were stored
     * and the methods stored afresh (ae) get the same options.
     *
     * @throws IllegalArgumentException naming the option if this run gives one a different value
     */
    private void adoptStoringOptions(StoredMemories loaded) {
        Map<String, String> mine = storingOptions();
        for (String option : STORING_OPTIONS) {
            String theirs = loaded.options().get(option);
            if (theirs == null) {
                throw new DataFileException(load.resolve(StoredMemories.MANIFEST) + " lacks the storing option "
                        + option + ": save the memories again");
            }
            if (spec.commandLine().getParseResult().hasMatchedOption(option) && !theirs.equals(mine.get(option))) {
                throw new IllegalArgumentException(option + " " + mine.get(option) + " differs from the " + theirs + " the memories in "
                        + load + " were stored with: a --load'ed memory keeps what it was stored with; leave " + option + " out");
            }
            try {
                switch (option) {
                    case "--width" -> width = Integer.parseInt(theirs);
                    case "--latent" -> latent = Integer.parseInt(theirs);
                    case "--depth" -> depth = Integer.parseInt(theirs);
                    case "--activation" -> activation = Activation.valueOf(theirs);
                    case "--lr" -> learningRate = Double.parseDouble(theirs);
                    case "--weight-decay" -> weightDecay = Double.parseDouble(theirs);
                    case "--store-epochs" -> storeEpochs = Integer.parseInt(theirs);
                    case "--store-steps" -> storeSteps = Integer.parseInt(theirs);
                    case "--store-rate" -> storeRate = Double.parseDouble(theirs);
                    case "--store-patience" -> storePatience = Integer.parseInt(theirs);
                    case "--graph-store-steps" -> graphStoreSteps = Integer.parseInt(theirs);
                    case "--graph-store-rate" -> graphStoreRate = Double.parseDouble(theirs);
                    default -> graphNeurons = Integer.parseInt(theirs);
                }
            } catch (IllegalArgumentException e) {
                throw new DataFileException(load.resolve(StoredMemories.MANIFEST) + ": the storing option " + option
                        + " has the unreadable value '" + theirs + "'", e);
            }
        }
        validate();
    }

    /** @throws IllegalArgumentException if the loaded memories stored other images than this run's */
    private void requireSameImages(StoredMemories loaded, String dataName, String fingerprint) {
        if (loaded.images() != images || !loaded.data().equals(dataName) || !loaded.imagesSha256().equals(fingerprint)) {
            throw new IllegalArgumentException("the memories in " + load + " stored " + loaded.images() + " images of " + loaded.data()
                    + (loaded.images() == images && loaded.data().equals(dataName) ? " that differ from this run's (another data folder?)"
                    : "; this run asks for " + images + " of " + dataName) + ": recall them with the --data and --images they were stored with");
        }
    }

    /** @return the method named, read from the {@code --load} folder */
    private MemoryMethod loadedMethod(String name, StoredMemories loaded, MemoryConfig config) {
        StoredMemories.Saved saved = loaded.methods().get(name);
        if (saved == null) {
            throw new IllegalArgumentException(load + " holds no saved " + name + " memory (it holds: " + String.join(", ",
                    loaded.methods().keySet()) + "): store it without --load, or leave " + name + " out of --methods");
        }
        Path file = load.resolve(saved.file());
        double energy = saved.storeEnergy() == null ? Double.NaN : saved.storeEnergy();
        try {
            if (name.equals("pc")) {
                MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(
                        file.toFile(), true);
                return PcMemory.loaded(net, config, energy, String.format(Locale.ROOT, "loaded from %s (stored in %.1f s: %s)", file,
                        saved.storeSeconds(), saved.description()));
            }
            return GraphMemory.loaded(PcGraph.load(file), graphRecallSteps, graphRecallRate, energy, file.toString())
                    .recall(graphRecall());
        } catch (IOException | RuntimeException e) {
            throw new DataFileException("cannot read the saved " + name + " memory " + file + ": " + e.getMessage(), e);
        }
    }

    /** Saves a stored method into {@code --save} and rewrites the manifest; @return the manifest with it */
    private StoredMemories saveMethod(MemoryMethod m, MemoryResult.Method stored, StoredMemories manifest, PrintWriter out) {
        String fileName = StoredMemories.fileOf(m.name());
        Path file = save.resolve(fileName);
        try {
            Files.createDirectories(save);
            m.save(file);
            StoredMemories next = manifest.with(m.name(), new StoredMemories.Saved(fileName, stored.description(),
                    stored.storeSeconds(), stored.storeEnergy()));
            next.write(save);
            out.println("  saved: " + file.toAbsolutePath());
            out.flush();
            return next;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the " + m.name() + " memory to " + file + ": " + e.getMessage(), e);
        }
    }

    /** @return the methods named, after checking the options that need no data */
    /** @return how graph and linear recalls step ({@code --graph-recall-method}) */
    private GraphMemory.RecallSteps graphRecall() {
        return GraphMemory.RecallSteps.valueOf(graphRecallMethod.toUpperCase(java.util.Locale.ROOT));
    }

    private List<String> validate() {
        OptionChecks.atLeastOne("--images", images);
        OptionChecks.atLeastOne("--width", width);
        OptionChecks.atLeastOne("--latent", latent);
        OptionChecks.atLeastOne("--store-epochs", storeEpochs);
        OptionChecks.atLeastOne("--store-steps", storeSteps);
        OptionChecks.atLeastOne("--store-patience", storePatience);
        OptionChecks.atLeastOne("--recall-steps", recallSteps);
        OptionChecks.positiveFinite("--store-rate", storeRate);
        OptionChecks.positiveFinite("--recall-rate", recallRate);
        OptionChecks.positiveFinite("--latent-precision", latentPrecision);
        OptionChecks.positiveFinite("--hidden-precision", hiddenPrecision);
        if (depth < 2 || depth > 1000) {
            throw new IllegalArgumentException("--depth counts the layers of value nodes, memory and sensory included: at least 2 "
                    + "and at most 1000, got " + depth);
        }
        OptionChecks.positiveFinite("--lr", learningRate);
        OptionChecks.positiveFinite("--graph-recall-rate", graphRecallRate);
        OptionChecks.atLeastOne("--graph-neurons", graphNeurons);
        OptionChecks.atLeastOne("--graph-store-steps", graphStoreSteps);
        OptionChecks.atLeastOne("--graph-recall-steps", graphRecallSteps);
        if (!List.of("plain", "nesterov", "auto").contains(graphRecallMethod)) {
            throw new IllegalArgumentException("--graph-recall-method is plain, nesterov or auto, got '" + graphRecallMethod + "'");
        }
        OptionChecks.positiveFinite("--graph-store-rate", graphStoreRate);
        if (save != null && load != null && save.toAbsolutePath().normalize().equals(load.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("--save and --load name the same folder " + save + ": the loaded memories are already "
                    + "saved there; save to another folder");
        }
        List<String> methodNames = methods;
        if (methodNames.isEmpty()) {
            throw new IllegalArgumentException("--methods names no method: give one or more of pc, mhn, hopfield, ae, linear, graph");
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("--key names no key: give one or more of keep:P, noise:ETA, random");
        }
        if (keys.stream().anyMatch(MemoryKey::startsAtStored) && methodNames.stream().noneMatch(SAVED_METHODS::contains)) {
            throw new IllegalArgumentException("--key stored:P starts the recall at the stored image, which only the pc, graph and "
                    + "linear methods can: add one of them to --methods");
        }
        for (String m : methodNames) {
            if (methodNames.indexOf(m) != methodNames.lastIndexOf(m)) {
                throw new IllegalArgumentException("--methods names " + m + " twice: each method runs once");
            }
        }
        return methodNames;
    }

    /** @return each method's recalls when storing the first N images afresh, for each N and width of the sweep */
    private List<CapacitySweep.Point> capacitySweep(ImageSet set, List<String> methodNames, int d, MemoryConfig config,
                                                    List<MemoryKey> keyList, PrintWriter out) {
        int most = capacityImages.stream().mapToInt(Integer::intValue).max().orElseThrow();
        INDArray pool = firstImages(set, most);
        List<CapacitySweep.Entry> entries = new ArrayList<>();
        for (String name : methodNames) {
            entries.add(new CapacitySweep.Entry(name, name.equals("pc") || name.equals("ae"), w -> method(name, d, w, config, out)));
        }
        int[] widths = (capacityWidths.isEmpty() ? List.of(width) : capacityWidths).stream().mapToInt(Integer::intValue).toArray();
        return CapacitySweep.measure(pool, set.channels(), set.height(), set.width(), entries, keyList,
                capacityImages.stream().mapToInt(Integer::intValue).toArray(), widths, seedOption.seed, out);
    }

    /** Checks the recall-curve and capacity-sweep options against the methods, keys and data, before storing anything. */
    private void validateSweeps(boolean hasPc, List<MemoryKey> keyList, long available, String dataName) {
        if (!curve.isEmpty() && (!hasPc || keyList.stream().noneMatch(k -> k.kind() == MemoryKey.Kind.KEEP))) {
            throw new IllegalArgumentException("--curve measures the pc method on partial keys (keep:P): add them to --methods and --key");
        }
        if (curve.stream().anyMatch(t -> t == null || t < 1)) {
            throw new IllegalArgumentException("--curve budgets must be >= 1 recall step, got " + curve);
        }
        if (!capacityWidths.isEmpty() && capacityImages.isEmpty()) {
            throw new IllegalArgumentException("--capacity-widths needs --capacity-images (the N's to sweep)");
        }
        if (capacityImages.stream().anyMatch(n -> n == null || n < 1 || n > available)) {
            throw new IllegalArgumentException("--capacity-images must each be in 1.." + available + " (the training images of "
                    + dataName + "), got " + capacityImages);
        }
        if (capacityWidths.stream().anyMatch(w -> w == null || w < 1)) {
            throw new IllegalArgumentException("--capacity-widths must each be >= 1, got " + capacityWidths);
        }
    }

    /** Prints the results table and, where measured, the capacity table. */
    private static void print(MemoryResult result, PrintWriter out) {
        List<CapacitySweep.Point> capacity = result.capacity();
        out.println();
        out.printf(Locale.ROOT, "%-9s %-11s %12s %10s %10s %12s%n", "method", "key", "retrieved", "mean MSE", "s store", "s/iteration");
        for (MemoryResult.Row r : result.results()) {
            out.printf(Locale.ROOT, "%-9s %-11s %6d / %-4d %10.5f %10.1f %12.5f%n", r.method(), r.key(), r.retrieved(), r.of(),
                    r.meanMse(), r.storeSeconds(), r.recallSecondsPerIteration());
        }
        for (MemoryResult.Method m : result.methods()) {
            if (m.storeEnergy() != null) {
                out.printf(Locale.ROOT, "%-9s store energy %.6g%n", m.method(), m.storeEnergy());
            }
        }
        if (!capacity.isEmpty()) {
            out.println();
            out.printf(Locale.ROOT, "%-9s %6s %-11s %6s %12s %10s %12s%n", "method", "width", "key", "N", "retrieved", "mean MSE", "s/iteration");
            for (CapacitySweep.Point p : capacity) {
                out.printf(Locale.ROOT, "%-9s %6s %-11s %6d %6d / %-4d %10.5f %12.5f%n", p.method(), p.width() > 0 ? p.width() : "-",
                        p.key(), p.images(), p.retrieved(), p.images(), p.meanMse(), p.recallSecondsPerIteration());
            }
        }
    }

    /** @return the first {@code n} training images, {@code [n, channels * height * width]} */
    private static INDArray firstImages(ImageSet set, int n) {
        return set.train().getFeatures().get(NDArrayIndex.interval(0, n), NDArrayIndex.all()).dup()
                .reshape(n, (long) set.channels() * set.height() * set.width());
    }

    private MemoryMethod method(String name, int d, int width, MemoryConfig config, PrintWriter out) {
        return switch (name) {
            case "pc" -> new PcMemory(() -> GenerativePcn.builder().patternSize(d).width(width).latentWidth(latent).depth(depth)
                    .activation(activation).seed(seedOption.seed).weightDecay(weightDecay).updater(new Adam(learningRate)).build().init(),
                    config, String.format(Locale.ROOT, "generative PC network, %d latents, %d hidden %s layers of %d, sensory %d; Adam %s%s",
                            latent, depth - 2, activation.toString().toLowerCase(Locale.ROOT), width, d, learningRate,
                            weightDecay > 0 ? ", weight decay " + weightDecay : ""), new StoreProgress(out, System.console() != null));
            case "mhn" -> new ModernHopfield(beta, 100);
            case "hopfield" -> new ClassicHopfield(100);
            case "ae" -> new MemoryAutoencoder(width, Math.max(1, depth - 1), storeEpochs, learningRate, 100, seedOption.seed);
            case "linear" -> GraphMemory.linear(storeEpochs, learningRate, graphRecallSteps, graphRecallRate, seedOption.seed).patience(storePatience)
                    .recall(graphRecall()).progress(new StoreProgress(out, System.console() != null));
            case "graph" -> GraphMemory.fullyConnected(graphNeurons, graphStoreSteps, graphStoreRate, storeEpochs, learningRate,
                            graphRecallSteps, graphRecallRate, seedOption.seed)
                    .patience(storePatience).recall(graphRecall()).progress(new StoreProgress(out, System.console() != null));
            default -> throw new IllegalArgumentException("unknown method '" + name + "': use pc, mhn, hopfield, ae, linear or graph");
        };
    }
}
