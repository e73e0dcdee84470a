package org.pc4j.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.pc4j.trainers.ConvolutionPath;
import org.pc4j.trainers.KernelPath;
import org.pc4j.trainers.PcSession;
import org.pc4j.trainers.PcTrainer;
import org.pc4j.trainers.Schedule;
import org.pc4j.zoo.models.AlexNet;
import org.pc4j.zoo.models.Mlp;

/**
 * pc4j against the same loops hand-written in PyTorch, in one invocation: backprop ({@code net.fit} against
 * {@code loss.backward()}), PC(T) and iPC(T) on an MLP of tanh layers and a softmax output or the zoo's AlexNet,
 * float32, DL4J's Adam at 1e-3 on both sides (the script writes it out: {@code torch.optim.Adam} adds epsilon after the
 * bias correction, a different step on PC's tiny lower-layer gradients), the same initial parameters (written by pc4j)
 * and the same batches in the same order.
 *
 * <p>pc4j trains first, then {@code benchmarks/torch_pc.py} (shipped in this jar) runs in a child Python process on
 * the folder pc4j wrote, in two styles: torch.autograd on the energy (as PyTorch PC libraries do) and the gradients
 * written out as matrix products. The child's BLAS is reported: Debian's {@code python3-torch} links
 * {@code libblas.so.3}, which is the slow reference BLAS unless OpenBLAS provides it ({@code
 * scripts/install-torch.sh} installs Debian's OpenBLAS; the child also gets its folder first on
 * {@code LD_LIBRARY_PATH}). Times: median milliseconds per weight update over the batches after a warm-up (iPC: a
 * batch's time divided by its T updates); pc4j's inference-rate control is off, as the PyTorch loop has none.
 *
 * <p>That both sides run the same algorithm is checked, not assumed: before timing, each method's first update is
 * made in double precision by pc4j ({@link #writeCheck}) and by the script, and a run whose updates differ by more
 * than {@link #AGREEMENT_TOLERANCE} of the largest update stops with an error. The accuracies on the test images after
 * the float32 run are reported too, but they cannot be that check: in float32 PC's lower-layer gradients are near
 * rounding, Adam scales any gradient to a step of about the learning rate, and the two sides' trajectories part within
 * a few updates even where the algorithm is the same.
 */
public final class TorchBench {

    /** The networks compared. */
    public enum Model {
        /** The papers' small MLP: 784-64-64-10 tanh, batch 64. */
        MLP(64, 2, 64),
        /** A wide MLP where matrix products dominate: 784-1024-1024-1024-10 tanh, batch 256. */
        WIDE(1024, 3, 256),
        /**
         * The zoo's AlexNet at width 8 on 28 x 28 grey images (five ReLU convolutions of 8, 24, 48, 32, 32 channels,
         * three 3 x 3 stride-2 max poolings, dense 64 and 32, softmax), batch 64.
         */
        CNN(8, 0, 64);

        final int width;
        final int hiddenLayers;
        final int batch;

        Model(int width, int hiddenLayers, int batch) {
            this.width = width;
            this.hiddenLayers = hiddenLayers;
            this.batch = batch;
        }

        /** @return e.g. "784-64-64-10", "AlexNet-8 (1x28x28)" */
        public String shape() {
            return this == CNN ? "AlexNet-" + width + " (1x28x28)" : "784-" + (width + "-").repeat(hiddenLayers) + "10";
        }

        /** @return a new, initialised float32 network of this model, seed 1 */
        MultiLayerNetwork build() {
            if (this == CNN) {
                return AlexNet.builder().inputShape(1, 28, 28).classes(10).width(width).seed(1).build().init();
            }
            return Mlp.builder().inputs(784).hidden(width).hiddenLayers(hiddenLayers).classes(10).seed(1).build().init();
        }

        /** @return the model of a command-line name (mlp, wide, cnn) */
        public static Model parse(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown model '" + name + "' for --against torch: use mlp, wide or cnn");
            }
        }

        /** @return the batch size */
        public int batch() {
            return batch;
        }

        /** @return an MLP's layer widths, inputs first (784, the hidden widths, 10) */
        int[] widths() {
            int[] w = new int[hiddenLayers + 2];
            Arrays.fill(w, width);
            w[0] = 784;
            w[hiddenLayers + 1] = 10;
            return w;
        }
    }

    /**
     * One method on one model. The times are medians over the rounds of each round's median ms per weight update.
     *
     * @param pc4jMs       pc4j's median ms per weight update ({@link KernelPath#AUTO}: the kernel path where it applies)
     * @param generalMs    the same on pc4j's general path with DL4J's im2col convolutions ({@link KernelPath#GENERAL},
     *                     {@link ConvolutionPath#IM2COL}); backprop: {@code net.fit} again
     * @param path         what pc4j's default run took: {@code kernel}, {@code general}, {@code general+ops} (the general
     *                     path with libnd4j's convolution operations, {@link ConvolutionPath}) or {@code net.fit}
     * @param autogradMs   PyTorch with autograd
     * @param manualMs     PyTorch with the gradients written out
     * @param productsMs   the update's matrix products alone ({@link ProductFloor}, timed in each round; NaN for the CNN)
     * @param pc4jAccuracy test accuracy after the run; the torch ones likewise
     * @param firstUpdateDifference the first update in double precision, pc4j's against PyTorch's (both styles): the
     *                     largest difference of a parameter's update over the largest update of its tensor
     * @param batches      timed batches per round
     * @param toFastest    per round, pc4j's time over the faster PyTorch style's in the same round
     */
    public record Row(String model, String method, String schedule, double pc4jMs, double generalMs, String path,
                      double autogradMs, double manualMs, double productsMs,
                      double pc4jAccuracy, double autogradAccuracy, double manualAccuracy, double firstUpdateDifference,
                      int batches, RoundRatios toFastest) {

        /** @return pc4j ÷ PyTorch (autograd) */
        public double ratioToAutograd() {
            return pc4jMs / autogradMs;
        }

        /** @return pc4j ÷ PyTorch (gradients written out) */
        public double ratioToManual() {
            return pc4jMs / manualMs;
        }

        /** @return pc4j ÷ its products alone (NaN for the CNN) */
        public double ratioToProducts() {
            return pc4jMs / productsMs;
        }
    }

    /** What the PyTorch side said about itself. */
    public record TorchSide(String version, int threads, List<String> blas) {
    }

    /**
     * @param rows                     one per method, in the order bp, pc, ipc
     * @param initialOutputDifference  the largest difference between the two sides' softmax outputs on the test images
     *                                 before training (float32 rounding: both built the same function)
     */
    public record Result(Model model, List<Row> rows, TorchSide torch, double initialOutputDifference) {
    }

    /** How far the two sides' initial softmax outputs may differ (float32 rounding of the same function is ~1e-6). */
    static final double INITIAL_OUTPUT_TOLERANCE = 1e-4;

    /**
     * How far the two sides' first updates in double precision may differ, relative to each parameter tensor's largest
     * update (float64 rounding: ~1e-12 for backprop; PC's lower layers, whose updates are nearly zero, ~1e-9).
     */
    static final double AGREEMENT_TOLERANCE = 1e-6;

    /** The sub-folder of the double-precision first-update check. */
    static final String CHECK = "check";

    /** The methods, in table order. */
    static final List<String> METHODS = List.of("bp", "pc", "ipc");

    private static final String SCRIPT = "torch_pc.py";

    private final String python;
    private final int pcSteps;
    private final int ipcSteps;
    private final double gamma;
    private final int warmup;
    private final int rounds;

    /** One round; see {@link #TorchBench(String, int, int, double, int, int)}. */
    public TorchBench(String python, int pcSteps, int ipcSteps, double gamma, int warmup) {
        this(python, pcSteps, ipcSteps, gamma, warmup, 1);
    }

    /**
     * @param python   the Python interpreter that has torch (Debian's: /usr/bin/python3)
     * @param pcSteps  PC's T
     * @param ipcSteps iPC's T
     * @param gamma    the inference rate
     * @param warmup   batches at the start of each round whose times are discarded
     * @param rounds   interleaved rounds: in each, every method trains the batches on pc4j, then on PyTorch
     */
    public TorchBench(String python, int pcSteps, int ipcSteps, double gamma, int warmup, int rounds) {
        if (pcSteps < 1 || ipcSteps < 1 || !(gamma > 0) || warmup < 0 || rounds < 1) {
            throw new IllegalArgumentException("need PC and iPC steps >= 1, gamma > 0, warm-up >= 0 and rounds >= 1, got " + pcSteps
                    + ", " + ipcSteps + ", " + gamma + ", " + warmup + ", " + rounds);
        }
        this.python = python;
        this.pcSteps = pcSteps;
        this.ipcSteps = ipcSteps;
        this.gamma = gamma;
        this.warmup = warmup;
        this.rounds = rounds;
    }

    /**
     * @return the reason the Python side cannot run (no interpreter, no torch), or null if it can
     */
    public String unavailable() {
        try {
            Process p = new ProcessBuilder(python, "-c", "import torch, numpy; print(torch.__version__)").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return python + " cannot import torch and numpy (" + lastLine(out) + "): run scripts/install-torch.sh "
                        + "(Debian's python3-torch and OpenBLAS), or give --python";
            }
            return null;
        } catch (IOException e) {
            return "cannot run " + python + " (" + e.getMessage() + "): run scripts/install-torch.sh, or give --python";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static String lastLine(String s) {
        String[] lines = s.split("\n");
        return lines[lines.length - 1];
    }

    /**
     * Trains a fresh copy of {@code model} with every method on the batches of {@code train} (its examples in order,
     * whole batches only), on pc4j and then on PyTorch, in each of the rounds (so the two sides' times of one round are
     * taken minutes apart at most, not a whole run apart).
     *
     * @param train flat features {@code [N, 784]} and one-hot labels {@code [N, 10]}
     * @param test  the images the accuracies are measured on
     * @param work  an empty folder for the exchange files
     * @throws IllegalStateException if the Python side fails (its output in the message)
     */
    public Result run(Model model, DataSet train, DataSet test, Path work) {
        return run(model, train, test, work, true);
    }

    /**
     * Only the check that both sides run one algorithm: each method's first update on the first batch of {@code train},
     * in double precision, by pc4j and by the script; nothing is timed.
     *
     * @return per method (bp, pc, ipc) the largest difference of a parameter's update over the largest update of its
     *         tensor, over the PyTorch styles that cover the network
     * @throws IllegalStateException if the Python side fails, or an update differs by more than
     *                               {@link #AGREEMENT_TOLERANCE}
     */
    public Map<String, Double> firstUpdate(Model model, DataSet train, DataSet test, Path work) {
        exchange(model, train, test, work, false);
        return agreement(torch(work));
    }

    private Result run(Model model, DataSet train, DataSet test, Path work, boolean timed) {
        Exchange exchange = exchange(model, train, test, work, timed);
        Map<String, double[]> pc4j = new LinkedHashMap<>();
        Map<String, double[][]> ms = new LinkedHashMap<>(); // per method: {pc4j, general, autograd, manual, products} x rounds
        JsonNode torch = null;
        for (String method : METHODS) {
            ms.put(method, new double[5][rounds]);
        }
        for (int round = 0; round < rounds; round++) {
            for (String method : METHODS) {
                pc4j.put(method, pc4j(exchange.initial(), method, exchange.batches(), test, KernelPath.AUTO, ConvolutionPath.AUTO));
                ms.get(method)[0][round] = pc4j.get(method)[0];
                ms.get(method)[1][round] = pc4j(exchange.initial(), method, exchange.batches(), test, KernelPath.GENERAL,
                        ConvolutionPath.IM2COL)[0];
            }
            torch = torch(work);
            for (String method : METHODS) {
                JsonNode m = optionalResult(torch, "manual", method);
                ms.get(method)[2][round] = result(torch, "autograd", method).get("msPerUpdate").asDouble();
                ms.get(method)[3][round] = m == null ? Double.NaN : m.get("msPerUpdate").asDouble();
                ms.get(method)[4][round] = products(model, method);
            }
        }
        Map<String, Double> agreement = agreement(torch);
        double difference = torch.get("initialOutputDifference").asDouble();
        List<Row> rows = new ArrayList<>();
        for (String method : METHODS) {
            JsonNode a = result(torch, "autograd", method);
            JsonNode m = optionalResult(torch, "manual", method);
            double[][] t = ms.get(method);
            double[] fastest = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                fastest[round] = Double.isNaN(t[3][round]) ? t[2][round] : Math.min(t[2][round], t[3][round]);
            }
            rows.add(new Row(model.shape(), method, schedule(method), UpdateBench.median(t[0]), UpdateBench.median(t[1]),
                    PATHS[(int) pc4j.get(method)[2]], UpdateBench.median(t[2]), m == null ? Double.NaN : UpdateBench.median(t[3]),
                    UpdateBench.median(t[4]), pc4j.get(method)[1], a.get("accuracy").asDouble(), m == null ? Double.NaN : m.get("accuracy").asDouble(),
                    agreement.get(method), exchange.batches().size() - warmup, RoundRatios.of(t[0], fastest)));
        }
        List<String> blas = new ArrayList<>();
        torch.get("blas").forEach(n -> blas.add(n.asText()));
        return new Result(model, rows, new TorchSide(torch.get("torch").asText(), torch.get("threads").asInt(), blas), difference);
    }

    /** The written exchange folder's initial network and float32 batches. */
    private record Exchange(MultiLayerNetwork initial, List<DataSet> batches) {
    }

    /**
     * Writes the exchange folder and the double-precision check; see {@link #run} and {@link #firstUpdate}. With
     * {@code timed} false the batches written are the first one only, and the script checks the first update alone.
     */
    private Exchange exchange(Model model, DataSet train, DataSet test, Path work, boolean timed) {
        int batches = (int) (train.numExamples() / model.batch);
        int needed = timed ? warmup + 1 : 1;
        if (batches < needed) {
            throw new IllegalArgumentException(train.numExamples() + " images make " + batches + " batches of " + model.batch
                    + ": " + needed + " are needed" + (timed ? " (more than the " + warmup + " warm-up batches)" : ""));
        }
        if (!timed) {
            batches = 1;
        }
        MultiLayerNetwork initial = model.build();
        List<DataSet> data = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            data.add(new DataSet(
                    train.getFeatures().get(NDArrayIndex.interval((long) b * model.batch, (long) (b + 1) * model.batch)).castTo(DataType.FLOAT).dup(),
                    train.getLabels().get(NDArrayIndex.interval((long) b * model.batch, (long) (b + 1) * model.batch)).castTo(DataType.FLOAT).dup()));
        }
        write(initial, train, test, batches * model.batch, model, work, timed);
        writeCheck(initial, data.get(0), work.resolve(CHECK));
        return new Exchange(initial, data);
    }

    /** @return ms of the products alone of one update of {@code method} on {@code model} ({@link ProductFloor}), NaN for the CNN */
    private double products(Model model, String method) {
        if (model == Model.CNN) {
            return Double.NaN;
        }
        return ProductFloor.millis(ProductFloor.counts(model.widths(), model.batch(), method, method.equals("pc") ? pcSteps : ipcSteps));
    }

    private String schedule(String method) {
        return switch (method) {
            case "bp" -> "net.fit";
            case "pc" -> Schedule.pc(pcSteps).toString();
            default -> Schedule.ipc(ipcSteps).toString();
        };
    }

    /** @return a session of the method (pc, ipc) on {@code net}, or null for backprop ({@code net.fit}) */
    private PcSession session(MultiLayerNetwork net, String method) {
        return session(net, method, KernelPath.AUTO, ConvolutionPath.AUTO);
    }

    private PcSession session(MultiLayerNetwork net, String method, KernelPath path, ConvolutionPath convolutions) {
        return method.equals("bp") ? null
                : PcTrainer.builder().schedule(method.equals("pc") ? Schedule.pc(pcSteps) : Schedule.ipc(ipcSteps))
                .inferenceRate(gamma).inferenceRateControl(false).kernelPath(path).convolutionPath(convolutions).build().open(net, false);
    }

    /**
     * The double-precision check: in {@code folder} the initial parameters (W{k}.npy, b{k}.npy), the first batch (x,
     * y) and, per method, the parameters after pc4j's first update ({method}_W{k}.npy, {method}_b{k}.npy), all float64.
     * The Python side repeats the update and reports the difference: float32 cannot tell a different algorithm from
     * rounding (PC's lower-layer gradients are near float32 rounding, and Adam scales any gradient to a step of ~lr).
     */
    void writeCheck(MultiLayerNetwork initial, DataSet batch, Path folder) {
        MultiLayerNetwork start = initial.convertDataType(DataType.DOUBLE);
        DataSet first = new DataSet(batch.getFeatures().castTo(DataType.DOUBLE), batch.getLabels().castTo(DataType.DOUBLE));
        try {
            Files.createDirectories(folder);
            writeParameters(start, folder, "", DataType.DOUBLE);
            Nd4j.writeAsNumpy(first.getFeatures().dup('c'), file(folder, "x"));
            Nd4j.writeAsNumpy(first.getLabels().dup('c'), file(folder, "y"));
            for (String method : METHODS) {
                MultiLayerNetwork net = start.clone();
                PcSession session = session(net, method);
                if (session == null) {
                    net.fit(first);
                } else {
                    try (session) {
                        session.fit(first);
                    }
                }
                writeParameters(net, folder, method + "_", DataType.DOUBLE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the check files to " + folder + ": " + e.getMessage(), e);
        }
    }

    /** @return per method, the largest first-update difference over the styles the Python side ran */
    private static Map<String, Double> agreement(JsonNode torch) {
        double difference = torch.get("initialOutputDifference").asDouble();
        if (!(difference < INITIAL_OUTPUT_TOLERANCE)) {
            throw new IllegalStateException("the PyTorch network is not pc4j's: their initial test outputs differ by " + difference
                    + " (more than " + INITIAL_OUTPUT_TOLERANCE + ")");
        }
        JsonNode reported = torch.get("agreement");
        if (reported == null) {
            throw new IllegalStateException("the PyTorch side did not check the first update: is its torch_pc.py pc4j's?");
        }
        Map<String, Double> worst = new LinkedHashMap<>();
        reported.fields().forEachRemaining(e -> {
            String method = e.getKey().substring(e.getKey().indexOf('/') + 1);
            double d = e.getValue().isNumber() ? e.getValue().asDouble() : Double.POSITIVE_INFINITY;
            if (!(d <= AGREEMENT_TOLERANCE)) {
                throw new IllegalStateException("the PyTorch side does not run pc4j's algorithm: its first " + e.getKey()
                        + " update in double precision differs from pc4j's by " + d + " of the largest update (more than "
                        + AGREEMENT_TOLERANCE + ")");
            }
            worst.merge(method, d, Math::max);
        });
        for (String method : METHODS) {
            if (!worst.containsKey(method)) {
                throw new IllegalStateException("the PyTorch side did not check the first " + method + " update");
            }
        }
        return worst;
    }

    /** What a run took, by the code {@link #pc4j} returns. */
    private static final String[] PATHS = {"net.fit", "general", "kernel", "general+ops"};

    /** @return {median ms per update, test accuracy, what ran: 0 net.fit, 1 general path, 2 kernel path, 3 general with convolution operations} */
    private double[] pc4j(MultiLayerNetwork initial, String method, List<DataSet> data, DataSet test, KernelPath path,
                          ConvolutionPath convolutions) {
        MultiLayerNetwork net = initial.clone();
        List<Double> ms = new ArrayList<>();
        PcSession session = session(net, method, path, convolutions);
        int ran = session == null ? 0 : session.usesKernelPath() ? 2 : session.usesConvolutionOperations() ? 3 : 1;
        int updates = method.equals("ipc") ? ipcSteps : 1;
        try {
            for (int b = 0; b < data.size(); b++) {
                long start = System.nanoTime();
                if (session == null) {
                    net.fit(data.get(b));
                } else {
                    session.fit(data.get(b));
                }
                if (b >= warmup) {
                    ms.add((System.nanoTime() - start) / 1e6 / updates);
                }
            }
        } finally {
            if (session != null) {
                session.close();
            }
        }
        INDArray predicted = net.output(test.getFeatures().castTo(DataType.FLOAT)).argMax(1);
        double accuracy = predicted.eq(test.getLabels().argMax(1)).castTo(DataType.DOUBLE).meanNumber().doubleValue();
        return new double[] {UpdateBench.median(ms), accuracy, ran};
    }

    /** The exchange folder: W{k}.npy [nIn, nOut], b{k}.npy [nOut], x/y(.npy) of the batches, x_test/y_test, config.json. */
    void write(MultiLayerNetwork net, DataSet train, DataSet test, int examples, Model model, Path work) {
        write(net, train, test, examples, model, work, true);
    }

    private void write(MultiLayerNetwork net, DataSet train, DataSet test, int examples, Model model, Path work, boolean timed) {
        try {
            Files.createDirectories(work);
            writeParameters(net, work, "", DataType.FLOAT);
            Nd4j.writeAsNumpy(net.output(test.getFeatures().castTo(DataType.FLOAT)).dup('c'), file(work, "out_test"));
            Nd4j.writeAsNumpy(train.getFeatures().get(NDArrayIndex.interval(0, examples)).castTo(DataType.FLOAT).dup('c'), file(work, "x"));
            Nd4j.writeAsNumpy(train.getLabels().get(NDArrayIndex.interval(0, examples)).castTo(DataType.FLOAT).dup('c'), file(work, "y"));
            Nd4j.writeAsNumpy(test.getFeatures().castTo(DataType.FLOAT).dup('c'), file(work, "x_test"));
            Nd4j.writeAsNumpy(test.getLabels().castTo(DataType.FLOAT).dup('c'), file(work, "y_test"));
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("layers", net.getnLayers());
            config.put("net", TorchNetSpec.layers(net, test.getFeatures().castTo(DataType.FLOAT).getRow(0, true)));
            config.put("input", TorchNetSpec.inputShape(net));
            config.put("batch", model.batch);
            config.put("lr", 1e-3);
            config.put("gamma", gamma);
            config.put("pcSteps", pcSteps);
            config.put("ipcSteps", ipcSteps);
            config.put("warmup", warmup);
            config.put("threads", Runtime.getRuntime().availableProcessors());
            config.put("methods", METHODS);
            config.put("styles", List.of("autograd", "manual"));
            config.put("timed", timed);
            new ObjectMapper().writeValue(work.resolve("config.json").toFile(), config);
            try (InputStream in = TorchBench.class.getResourceAsStream(SCRIPT)) {
                if (in == null) {
                    throw new IllegalStateException(SCRIPT + " is missing from pc4j's jar (benchmarks/" + SCRIPT + "): rebuild pc4j");
                }
                Files.copy(in, work.resolve(SCRIPT), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the exchange files to " + work + ": " + e.getMessage(), e);
        }
    }

    /** Writes {prefix}W{k}.npy ([nIn, nOut], or a convolution's [out, in, kH, kW]) and {prefix}b{k}.npy per layer. */
    private static void writeParameters(MultiLayerNetwork net, Path folder, String prefix, DataType type) throws IOException {
        for (int k = 0; k < net.getnLayers(); k++) {
            Map<String, INDArray> table = net.getLayer(k).paramTable();
            INDArray w = table.get(DefaultParamInitializer.WEIGHT_KEY);
            if (w != null) {
                Nd4j.writeAsNumpy(w.castTo(type).dup('c'), folder.resolve(prefix + "W" + k + ".npy").toFile());
            }
            INDArray b = table.get(DefaultParamInitializer.BIAS_KEY);
            if (b != null) {
                Nd4j.writeAsNumpy(b.castTo(type).reshape(-1).dup('c'), folder.resolve(prefix + "b" + k + ".npy").toFile());
            }
        }
    }

    private static File file(Path work, String name) {
        return work.resolve(name + ".npy").toFile();
    }

    private JsonNode torch(Path work) {
        try {
            ProcessBuilder pb = new ProcessBuilder(python, work.resolve(SCRIPT).toString(), work.toString());
            Path openBlas = Path.of("/usr/lib/x86_64-linux-gnu/openblas-pthread");
            if (Files.isDirectory(openBlas)) {
                String old = System.getenv("LD_LIBRARY_PATH");
                pb.environment().put("LD_LIBRARY_PATH", openBlas + (old == null || old.isEmpty() ? "" : ":" + old));
            }
            pb.redirectError(work.resolve("torch-stderr.txt").toFile());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            int status = p.waitFor();
            if (status != 0 || out.isEmpty()) {
                throw new IllegalStateException("the PyTorch side failed (exit " + status + "): "
                        + Files.readString(work.resolve("torch-stderr.txt")).trim());
            }
            return new ObjectMapper().readTree(lastLine(out));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run the PyTorch side: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while PyTorch ran", e);
        }
    }

    private static JsonNode result(JsonNode torch, String style, String method) {
        JsonNode r = optionalResult(torch, style, method);
        if (r == null) {
            throw new IllegalStateException("the PyTorch side gave no result for " + style + " " + method);
        }
        return r;
    }

    /** @return the result, or null where the style does not cover the network (written-out gradients on a CNN) */
    private static JsonNode optionalResult(JsonNode torch, String style, String method) {
        for (JsonNode r : torch.get("results")) {
            if (r.get("style").asText().equals(style) && r.get("method").asText().equals(method)) {
                return r;
            }
        }
        return null;
    }
}
