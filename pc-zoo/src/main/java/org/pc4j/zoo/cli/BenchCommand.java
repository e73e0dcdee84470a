package org.pc4j.zoo.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.pc4j.zoo.bench.UpdateBench;
import org.pc4j.zoo.compare.Comparison;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
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
        if (csv != null) {
            try {
                Files.write(csv, lines);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + csv + ": " + e.getMessage(), e);
            }
        }
        return 0;
    }
}
