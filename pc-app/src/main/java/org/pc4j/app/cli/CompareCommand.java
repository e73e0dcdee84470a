package org.pc4j.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.pc4j.app.cluster.Cluster;
import org.pc4j.app.cluster.ClusterOptions;
import org.pc4j.app.cluster.SparkCluster;
import org.pc4j.app.compare.Comparison;
import org.pc4j.app.compare.ComparisonResult;
import org.pc4j.app.compare.MethodSpec;
import org.pc4j.app.compare.MethodToken;
import org.pc4j.app.compare.ModelKind;
import org.pc4j.app.compare.ModelOptions;
import org.pc4j.app.compare.Network;
import org.pc4j.app.compare.Report;
import org.pc4j.app.compare.ResultTable;
import org.pc4j.app.compare.Workload;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pc4j compare}: trains one model with backprop and PC schedules side by side and writes a report. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Trains the same model from the same initial parameters, on the same batches in the same order, "
                + "with each method, and prints a table per method: test metric, training loss, seconds per epoch, "
                + "milliseconds per weight update, optimiser steps, peak memory. Writes an HTML report with charts "
                + "and CSV/JSON of every number.",
                "Methods: bp, pc[:T], ipc[:T], zil, fazil[:tD]; without T, PC and iPC take the model's recommended steps."})
public final class CompareCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Option(names = "--methods", split = ",", converter = MethodToken.Converter.class, defaultValue = "bp,pc,ipc,zil",
            paramLabel = "METHOD", description = "comma-separated: bp, pc[:T], ipc[:T], zil, fazil[:tD] (default: ${DEFAULT-VALUE})")
    List<MethodToken> methods;

    @Option(names = "--epochs", defaultValue = "10", description = "epochs per method (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--inference-rate", description = "gamma for PC and iPC (default: the model's recommended)")
    Double inferenceRate;

    @Mixin
    ReportOption report;

    @Option(names = "--spark", paramLabel = "MASTER", description = "train every method data-parallel on Apache Spark: local[N] "
            + "or spark://HOST:PORT. Backprop, PC, Z-IL and Fa-Z-IL average the workers' gradients each round; iPC averages "
            + "parameters and updater state (--averaging-period). The table gains the MB moved per round.")
    String spark;

    @Option(names = "--workers", description = "with --spark: data partitions, so batches per round (default: ${DEFAULT-VALUE})",
            defaultValue = "2")
    int workers;

    @Option(names = "--averaging-period", description = "with --spark: batches each iPC worker trains on between parameter "
            + "averagings (default: ${DEFAULT-VALUE})", defaultValue = "1")
    int averagingPeriod;

    @Option(names = "--spark-conf", paramLabel = "KEY=VALUE", description = "with --spark: a Spark setting, as spark-submit's "
            + "--conf (repeatable), e.g. spark.executor.memory=4g")
    Map<String, String> sparkConf = new LinkedHashMap<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        OptionChecks.atLeastOne("--epochs", epochs);
        if (spark == null && (workers != 2 || averagingPeriod != 1 || !sparkConf.isEmpty())) {
            throw new IllegalArgumentException("--workers, --averaging-period and --spark-conf need --spark MASTER");
        }
        ClusterOptions clusterOptions = spark == null ? null : new ClusterOptions(spark, workers, averagingPeriod, sparkConf);
        if (spark != null) {
            Cluster.requireSpark(CompareCommand.class.getClassLoader()); // refused here, before anything is built
            clusterOptions.requireReachable(3000);
        }
        ModelKind model = ModelKind.of(common.model);
        Path dir = report.folder(Path.of("pc4j-report", model.cliName() + "-" + Path.of(common.dataName(model)).getFileName()));
        ModelOptions options = common.modelOptions();
        Workload data = common.workload(model, options);
        if (clusterOptions != null && workers > data.batchesPerEpoch()) {
            throw new IllegalArgumentException("--workers " + workers + " exceeds the " + data.batchesPerEpoch() + " batches of an "
                    + "epoch: each round gives every worker a batch, so at most " + data.batchesPerEpoch() + " workers can train");
        }
        Network initial = model.build(data, options);
        List<MethodSpec> list = MethodSpec.resolve(methods, model, inferenceRate, initial.stepsNeeded());
        out.println("pc4j compare: " + model.describe(initial));
        out.println("data: " + data.description());
        out.printf(Locale.ROOT, "Adam(%s), batch %d, %d epochs, seed %d; methods: %s%n", model.learningRate(options),
                model.batchSize(options), epochs, options.seed(),
                String.join(", ", list.stream().map(m -> m.name() + (m.isBackprop() || m.inferenceRate() == 1 ? "" : " gamma " + m.inferenceRate())).toList()));
        out.flush();
        ComparisonResult result;
        try (Cluster cluster = spark == null ? null : SparkCluster.start(clusterOptions)) {
            if (cluster != null) {
                out.println("data-parallel on " + cluster.description());
                out.flush();
            }
            Comparison comparison = new Comparison(model, data, initial, list, epochs, options, spec.commandLine().getErr(),
                    System.console() != null, cluster);
            result = comparison.run("pc4j " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
        }
        ResultTable table = ResultTable.of(result, model.metric());
        out.println();
        out.print(table.text());
        out.println("(" + model.metric().label() + " before training: "
                + Comparison.format(model.metric(), result.initialMetric()) + ")");
        if (dir != null) {
            Path page = Report.write(dir, result, table, model.metric());
            out.println("report: " + page.toAbsolutePath());
        }
        out.flush();
        return result.methods().stream().anyMatch(m -> m.stopped() != null) ? 4 : 0;
    }
}
