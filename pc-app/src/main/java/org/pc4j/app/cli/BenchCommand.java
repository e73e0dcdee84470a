package org.pc4j.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.dataset.DataSet;
import org.pc4j.app.bench.ConvOpBench;
import org.pc4j.app.bench.GraphBench;
import org.pc4j.app.bench.RoundRatios;
import org.pc4j.app.bench.TorchBench;
import org.pc4j.app.bench.UpdateBench;
import org.pc4j.app.compare.Comparison;
import org.pc4j.zoo.data.DataSources;
import org.pc4j.zoo.data.ImageSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.pc4j.trainers.io.AtomicFiles;

/** {@code pc4j bench}: milliseconds per weight update across depth and width, as ratios to backprop. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Milliseconds per weight update of backprop, Z-IL, one iPC step and PC(T) on MLPs of each depth "
                + "and width (784 inputs, 10 outputs, float32), with the median per-batch ratio to backprop measured in "
                + "the same run (methods interleaved batch by batch).")
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--depths", split = ",", defaultValue = "2,4,8,16,32", description = "weight layers (default: ${DEFAULT-VALUE})")
    List<Integer> depths;

    @Option(names = "--widths", split = ",", defaultValue = "64,256,1024", description = "hidden units (default: ${DEFAULT-VALUE})")
    List<Integer> widths;

    @Option(names = "--batch", defaultValue = "64", description = "examples per batch (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--rounds", defaultValue = "6", description = "rounds over the batches; the first is a warm-up (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--batches", defaultValue = "8", description = "batches per round (default: ${DEFAULT-VALUE})")
    int batches;

    @Option(names = "--csv", paramLabel = "FILE", description = "also write the rows to this CSV file")
    Path csv;

    @Option(names = "--against", paramLabel = "torch", description = "compare with the same loops hand-written in PyTorch "
            + "(benchmarks/torch_pc.py; scripts/install-torch.sh installs Debian's python3-torch and OpenBLAS) instead of the grid")
    String against;

    @Option(names = "--models", split = ",", defaultValue = "mlp,wide", description = "--against torch: mlp (784-64-64-10, "
            + "batch 64), wide (784-1024-1024-1024-10, batch 256), cnn (the zoo's AlexNet at width 8, batch 64; about 40 "
            + "batches, --images 2560, take minutes) (default: ${DEFAULT-VALUE})")
    List<String> models;

    @Option(names = "--data", defaultValue = "fashion-mnist", description = "--against torch: the images (default: ${DEFAULT-VALUE})")
    String data;

    @Mixin
    DataDirOption dataDir;

    @Option(names = "--images", defaultValue = "20000", description = "--against torch: training images, in order (default: ${DEFAULT-VALUE})")
    int images;

    @Option(names = "--test-images", defaultValue = "2000", description = "--against torch: test images for the accuracy check (default: ${DEFAULT-VALUE})")
    int testImages;

    @Option(names = "--pc-steps", defaultValue = "20", description = "--against torch: PC's T (default: ${DEFAULT-VALUE})")
    int pcSteps;

    @Option(names = "--ipc-steps", defaultValue = "5", description = "--against torch: iPC's T (default: ${DEFAULT-VALUE})")
    int ipcSteps;

    @Option(names = "--gamma", defaultValue = "0.1", description = "--against torch: the inference rate (default: ${DEFAULT-VALUE})")
    double gamma;

    @Option(names = "--warmup", defaultValue = "5", description = "--against torch: batches whose times are discarded (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--torch-rounds", defaultValue = "3", description = "--against torch: interleaved rounds, each training every "
            + "method on pc4j and then on PyTorch; the ratio is taken within each round and printed as its median and range "
            + "(default: ${DEFAULT-VALUE})")
    int torchRounds;

    @Option(names = "--graph", paramLabel = "NEURONS", description = "instead of the grid: a fully connected PC graph of NEURONS "
            + "neurons (the thesis' classifier has 2000), ms per training batch (T = --pc-steps) and per query step on the "
            + "general and the kernel path, beside the time of its matrix products alone; --batch, --rounds")
    Integer graph;

    @Option(names = "--conv-ops", description = "instead of the grid: the zoo's AlexNet-8 convolutions (28 x 28, --batch) forward and "
            + "backward (message alone, and message with the weight gradient) on pc4j's im2col and on libnd4j's conv2d, "
            + "deconv2d_tf and conv2d_bp operations (which the -onednn builds of nd4j-native run with oneDNN; "
            + "PC4J_ND4J_CLASSIFIER=linux-x86_64-onednn selects one), median ms of --rounds repetitions per layer")
    boolean convOps;

    @Option(names = "--python", defaultValue = "/usr/bin/python3", description = "--against torch: the Python with torch (default: ${DEFAULT-VALUE})")
    String python;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (against != null) {
            return againstTorch(out);
        }
        if (graph != null) {
            return graph(out);
        }
        if (convOps) {
            return convOps(out);
        }
        // every argument is checked before the first measurement, which can take minutes
        for (int d : depths) {
            UpdateBench.requireShape(d, widths.get(0), batch);
        }
        for (int w : widths) {
            UpdateBench.requireShape(depths.get(0), w, batch);
        }
        if (rounds < 2 || batches < 1) {
            throw new IllegalArgumentException("--rounds must be >= 2 (the first is a warm-up) and --batches >= 1, got "
                    + rounds + " and " + batches);
        }
        if (csv != null) {
            OutputPaths.file("--csv", csv);
        }
        out.printf(Locale.ROOT, "pc4j bench: batch %d, %d rounds (first discarded) of %d batches; %s%n", batch, rounds, batches,
                Comparison.machine());
        out.printf(Locale.ROOT, "%5s %6s  %-9s %-13s %12s %10s%n", "depth", "width", "method", "schedule", "ms/update", "x BP");
        List<String> lines = new ArrayList<>(List.of("depth,width,method,schedule,ms_per_update,ratio_to_bp,samples"));
        for (int d : depths) {
            for (int w : widths) {
                for (UpdateBench.Row r : UpdateBench.measure(d, w, batch, rounds, batches)) {
                    out.printf(Locale.ROOT, "%5d %6d  %-9s %-13s %12.3f %10.2f%n", r.depth(), r.width(), r.method(), r.schedule(),
                            r.msPerUpdate(), r.ratioToBp());
                    lines.add(String.format(Locale.ROOT, "%d,%d,%s,%s,%.4f,%.4f,%d", r.depth(), r.width(), r.method(), r.schedule(),
                            r.msPerUpdate(), r.ratioToBp(), r.samples()));
                }
            }
        }
        writeCsv(lines);
        return 0;
    }

    private int convOps(PrintWriter out) {
        if (batch < 1 || rounds < 1) {
            throw new IllegalArgumentException("--batch and --rounds must be >= 1, got " + batch + " and " + rounds);
        }
        if (csv != null) {
            OutputPaths.file("--csv", csv);
        }
        out.printf(Locale.ROOT, "pc4j bench --conv-ops: AlexNet-8 on 1x28x28, batch %d, float32, median of %d; ND4J build %s oneDNN; %s%n",
                batch, rounds, ConvOpBench.oneDnn() ? "with" : "without", Comparison.machine());
        out.flush();
        List<ConvOpBench.Row> rows = ConvOpBench.run(8, batch, rounds, 1);
        out.printf(Locale.ROOT, "%-22s %7s %11s %10s %8s %11s %10s %8s %11s %10s %8s%n", "convolution", "GFLOP", "pc4j fwd", "op fwd",
                "pc4j÷op", "pc4j msg", "op msg", "pc4j÷op", "pc4j bwd", "op bwd", "pc4j÷op");
        List<String> lines = new ArrayList<>(List.of("convolution,gflop,pc4j_forward_ms,op_forward_ms,pc4j_message_ms,op_message_ms,"
                + "pc4j_backward_ms,op_backward_ms,onednn"));
        double[] total = new double[6];
        for (ConvOpBench.Row r : rows) {
            double[] v = {r.pc4jForward(), r.opForward(), r.pc4jMessage(), r.opMessage(), r.pc4jBackward(), r.opBackward()};
            out.printf(Locale.ROOT, "%-22s %7.3f %11.3f %10.3f %8.2f %11.3f %10.3f %8.2f %11.3f %10.3f %8.2f%n", r.shape(), r.gflop(),
                    v[0], v[1], v[0] / v[1], v[2], v[3], v[2] / v[3], v[4], v[5], v[4] / v[5]);
            lines.add(String.format(Locale.ROOT, "%s,%.5f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%b", r.shape(), r.gflop(), v[0], v[1], v[2], v[3],
                    v[4], v[5], ConvOpBench.oneDnn()));
            for (int k = 0; k < 6; k++) {
                total[k] += v[k];
            }
        }
        out.printf(Locale.ROOT, "%-22s %7s %11.3f %10.3f %8.2f %11.3f %10.3f %8.2f %11.3f %10.3f %8.2f%n", "all five", "", total[0], total[1],
                total[0] / total[1], total[2], total[3], total[2] / total[3], total[4], total[5], total[4] / total[5]);
        out.printf(Locale.ROOT, "ms; fwd: the pre-activation (bias included): pc4j's im2col and product, libnd4j's conv2d; msg: the message "
                + "alone (a PC step's silent layers): pc4j's product and col2im, libnd4j's deconv2d_tf; bwd: pc4j's message and weight "
                + "gradient, conv2d_bp's input, weight and bias gradients%n");
        writeCsv(lines);
        return 0;
    }

    private int graph(PrintWriter out) {
        GraphBench.requireValid(graph, batch, rounds);
        if (pcSteps < 1) {
            throw new IllegalArgumentException("--pc-steps must be >= 1, got " + pcSteps);
        }
        if (csv != null) {
            OutputPaths.file("--csv", csv);
        }
        int querySteps = 20;
        out.printf(Locale.ROOT, "pc4j bench --graph: fully connected, %d neurons, batch %d, T = %d, %d query steps per round, float32, "
                + "%d rounds (first discarded), paths interleaved; %s%n", graph, batch, pcSteps, querySteps, rounds, Comparison.machine());
        out.flush();
        GraphBench.Result r = GraphBench.run(graph, batch, pcSteps, querySteps, rounds, 42);
        out.printf(Locale.ROOT, "%-15s %12s %17s %12s %17s %12s %10s %10s%n", "", "general ms", "(min-max)", "kernel ms", "(min-max)",
                "products ms", "gen÷kern", "kern÷prod");
        List<String> lines = new ArrayList<>(List.of("neurons,batch,what,general_ms,kernel_ms,products_ms,general_min,general_max,"
                + "kernel_min,kernel_max"));
        for (GraphBench.Row row : r.rows()) {
            out.printf(Locale.ROOT, "%-15s %12.2f %17s %12.2f %17s %12.2f %10.2f %10.2f%n", row.what(), row.generalMs(),
                    String.format(Locale.ROOT, "(%.1f-%.1f)", row.generalMin(), row.generalMax()), row.kernelMs(),
                    String.format(Locale.ROOT, "(%.1f-%.1f)", row.kernelMin(), row.kernelMax()), row.productsMs(), row.generalOverKernel(),
                    row.kernelOverProducts());
            lines.add(String.format(Locale.ROOT, "%d,%d,%s,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f", r.neurons(), r.batch(), row.what(),
                    row.generalMs(), row.kernelMs(), row.productsMs(), row.generalMin(), row.generalMax(), row.kernelMin(), row.kernelMax()));
        }
        out.printf(Locale.ROOT, "products: one [B, n] x [n, n]^T gemm measured in the same rounds, x 2 per query step, x (2T + 2) per "
                + "training batch; the two paths' weights after the run differ by %.1e of the largest weight (float rounding)%n",
                r.weightDifference());
        writeCsv(lines);
        return 0;
    }

    private int againstTorch(PrintWriter out) {
        if (!against.equals("torch")) {
            throw new IllegalArgumentException("--against takes torch, got " + against);
        }
        List<TorchBench.Model> kinds = models.stream().map(TorchBench.Model::parse).toList();
        TorchBench bench = new TorchBench(python, pcSteps, ipcSteps, gamma, warmup, torchRounds);
        if (images < 1 || testImages < 1) {
            throw new IllegalArgumentException("--images and --test-images must be >= 1, got " + images + " and " + testImages);
        }
        if (csv != null) {
            OutputPaths.file("--csv", csv);
        }
        String missing = bench.unavailable();
        if (missing != null) {
            throw new IllegalArgumentException(missing);
        }
        if (!(DataSources.load(data, dataDir.dataDir, 42) instanceof ImageSet set) || set.channels() * set.height() * set.width() != 784
                || set.classes() != 10) {
            throw new IllegalArgumentException("--against torch needs 28x28 grey images of 10 classes (mnist, fashion-mnist), got " + data);
        }
        DataSet train = set.train().numExamples() > images ? (DataSet) set.train().getRange(0, images) : set.train();
        DataSet test = set.test().numExamples() > testImages ? (DataSet) set.test().getRange(0, testImages) : set.test();
        out.printf(Locale.ROOT, "pc4j bench --against torch: %s, %d training images in order, %d test images, DL4J's Adam 1e-3 on both sides, gamma %s, "
                + "float32, %d interleaved round%s; %s%n", set.name(), train.numExamples(), test.numExamples(), gamma, torchRounds,
                torchRounds == 1 ? "" : "s", Comparison.machine());
        List<String> lines = new ArrayList<>(List.of("model,method,schedule,path,pc4j_ms,pc4j_general_ms,torch_autograd_ms,torch_manual_ms,"
                + "pc4j_over_autograd,pc4j_over_manual,pc4j_accuracy,torch_autograd_accuracy,torch_manual_accuracy,"
                + "first_update_difference_f64,batches,rounds,pc4j_over_fastest_median,pc4j_over_fastest_min,pc4j_over_fastest_max,"
                + "products_ms,pc4j_over_products"));
        for (TorchBench.Model kind : kinds) {
            Path work;
            try {
                work = Files.createTempDirectory("pc4j-torch-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            TorchBench.Result r = bench.run(kind, train, test, work);
            out.printf(Locale.ROOT, "%n%s, batch %d; PyTorch %s, %d threads, BLAS %s; initial outputs agree to %.1e%n", kind.shape(),
                    kind.batch(), r.torch().version(), r.torch().threads(),
                    r.torch().blas().isEmpty() ? "(none found loaded)" : String.join(", ", r.torch().blas()), r.initialOutputDifference());
            out.printf(Locale.ROOT, "%-8s %-8s %-11s %10s %10s %12s %12s %8s %8s %19s %11s %7s %9s %9s %9s %10s%n", "method", "schedule",
                    "path", "pc4j ms", "general ms", "torch-ag ms", "torch-mm ms", "÷ ag", "÷ mm", "÷ fastest (range)", "products ms", "÷ prod",
                    "pc4j acc", "ag acc", "mm acc", "1st (f64)");
            for (TorchBench.Row row : r.rows()) {
                String path = row.path();
                RoundRatios f = row.toFastest();
                out.printf(Locale.ROOT, "%-8s %-8s %-11s %10.2f %10.2f %12.2f %12.2f %8.2f %8.2f %19s %11.2f %7.2f %9.4f %9.4f %9.4f %10.1e%n",
                        row.method(), row.schedule(), path, row.pc4jMs(), row.generalMs(), row.autogradMs(), row.manualMs(), row.ratioToAutograd(),
                        row.ratioToManual(), String.format(Locale.ROOT, "%.2f (%.2f-%.2f)", f.median(), f.min(), f.max()), row.productsMs(),
                        row.ratioToProducts(), row.pc4jAccuracy(), row.autogradAccuracy(), row.manualAccuracy(), row.firstUpdateDifference());
                lines.add(String.format(Locale.ROOT, "%s,%s,%s,%s,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.3e,%d,%d,%.4f,%.4f,%.4f,%.4f,%.4f",
                        row.model(), row.method(), row.schedule(), path, row.pc4jMs(), row.generalMs(), row.autogradMs(), row.manualMs(),
                        row.ratioToAutograd(), row.ratioToManual(), row.pc4jAccuracy(), row.autogradAccuracy(), row.manualAccuracy(),
                        row.firstUpdateDifference(), row.batches(), f.ratios().length, f.median(), f.min(), f.max(), row.productsMs(),
                        row.ratioToProducts()));
            }
            out.flush();
        }
        out.println("path: what pc4j's default (KernelPath.AUTO, ConvolutionPath.AUTO) ran (general+ops: the general path with libnd4j's "
                + "convolution operations, on an ND4J build with oneDNN); general ms: the same forced onto the general path with DL4J's im2col "
                + "convolutions; "
                + "ag: torch.autograd on the energy; mm: gradients written out as matrix products; ÷: pc4j ms / PyTorch ms (medians over "
                + "the rounds); ÷ fastest: per round, pc4j over the faster PyTorch style in the same round, median (min-max); "
                + "products ms: the update's matrix products alone (each shape pc4j's kernel path multiplies, timed by itself with "
                + "OpenBLAS's float32 gemm in each round; - for the CNN), ÷ prod: pc4j ms / products ms; "
                + "1st (f64): each method's first update in double precision, pc4j's against PyTorch's (largest difference over "
                + "the largest update)");
        writeCsv(lines);
        return 0;
    }

    /** Writes the CSV lines to {@code --csv}, atomically, if it was given. */
    private void writeCsv(List<String> lines) {
        if (csv == null) {
            return;
        }
        try {
            AtomicFiles.writeString(csv, String.join(System.lineSeparator(), lines) + System.lineSeparator());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + csv + ": " + e.getMessage(), e);
        }
    }
}
