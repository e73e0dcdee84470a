package org.pc4j.app.compare;

import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pc4j.app.compare.ComparisonResult.EpochResult;
import org.pc4j.app.compare.ComparisonResult.MethodResult;
import org.pc4j.app.compare.ComparisonResult.ParameterDifference;
import org.pc4j.app.report.Chart;
import org.pc4j.app.report.Page;
import org.pc4j.app.report.ReportPage;
import org.pc4j.app.report.Table;
import org.pc4j.trainers.io.AtomicFiles;

/**
 * Writes a comparison's report folder through the application's one report pipeline ({@link ReportPage}):
 * <ul>
 * <li>{@code report.json}: every number ({@link ComparisonResult}), the printed table, the initial metric as printed,
 * and the page's charts as data;</li>
 * <li>{@code index.html}: a self-contained page (uPlot and the data inline, nothing fetched) with the facts, the
 * results table and charts: test metric and training loss per epoch, milliseconds per update, seconds per epoch,
 * energy per layer over the inference steps, Z-IL against backprop;</li>
 * <li>{@code summary.csv} (the printed table), {@code epochs.csv}, {@code energies.csv}, {@code equivalence.csv}.</li>
 * </ul>
 */
public final class Report {

    /** The page's file name. */
    public static final String PAGE = ReportPage.PAGE;
    /** The JSON file's name. */
    public static final String JSON = ReportPage.JSON;

    private static final ObjectWriter CSV = new CsvMapper().enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).writerFor(List.class)
            .with(CsvSchema.emptySchema().withLineSeparator("\n"));

    private Report() {
    }

    /** @return the report's numbers: {@code result}, {@code table}, {@code initialMetric} (as printed) */
    static Map<String, Object> model(ComparisonResult result, ResultTable table, Metric metric) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("result", result);
        doc.put("table", table);
        doc.put("initialMetric", Comparison.format(metric, result.initialMetric()));
        return doc;
    }

    /** @return the JSON model of the report: {@code result}, {@code table}, {@code initialMetric}, {@code charts} */
    public static String json(ComparisonResult result, ResultTable table, Metric metric) {
        return ReportPage.json(model(result, table, metric), page(result, table, metric));
    }

    /**
     * Writes the report into {@code dir} (created if missing; files of an earlier report are replaced).
     *
     * @return the page's path
     */
    public static Path write(Path dir, ComparisonResult result, ResultTable table, Metric metric) {
        Path page = ReportPage.write(dir, page(result, table, metric), model(result, table, metric));
        try {
            AtomicFiles.writeString(dir.resolve("summary.csv"), csv(table.header(), table.rows()));
            AtomicFiles.writeString(dir.resolve("epochs.csv"), csv(List.of("method", "epoch", "train_loss", "test_metric", "seconds", "updates",
                    "ms_per_update", "peak_memory_mib"), epochRows(result)));
            AtomicFiles.writeString(dir.resolve("energies.csv"), csv(List.of("method", "step", "layer", "energy"), energyRows(result)));
            AtomicFiles.writeString(dir.resolve("equivalence.csv"), csv(List.of("parameter", "max_relative_difference", "max_absolute_difference"),
                    result.equivalence().stream().map(Report::row).toList()));
            return page;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** @return the page: facts, the printed table, and the charts */
    static Page page(ComparisonResult r, ResultTable table, Metric metric) {
        List<Page.Fact> facts = new ArrayList<>(List.of(new Page.Fact("model", r.architecture()), new Page.Fact("data", r.data()),
                new Page.Fact("epochs", Integer.toString(r.epochs())), new Page.Fact("batch size", Integer.toString(r.batchSize())),
                new Page.Fact("optimiser", "Adam, learning rate " + r.learningRate() + " (every method)"),
                new Page.Fact("seed", Long.toString(r.seed())), new Page.Fact("machine", r.machine())));
        if (r.cluster() != null) {
            facts.add(new Page.Fact("trained on", r.cluster() + " (a round is one update on every worker's batch; MB/round: parameters "
                    + "out and gradients back)"));
        }
        List<Page.Section> sections = new ArrayList<>();
        sections.add(Page.Section.of("Results", List.of("Every method starts from the same initial parameters (test metric before "
                + "training: " + Comparison.format(metric, r.initialMetric()) + ") and reads the same batches in the same order. Times "
                + "leave out batch making and evaluation; the training loss is DL4J's loss per example on a fixed sample of training "
                + "batches."), List.of(new Table("results", table.header(), table.rows()))));
        boolean percent = "test accuracy".equals(r.metric());
        double scale = percent ? 100 : 1;
        int most = r.methods().stream().mapToInt(m -> m.epochs().size()).max().orElse(0);
        double[] epochs0 = range(0, most + 1);
        double[] epochs1 = range(1, most + 1);
        List<Chart.Series> metricSeries = new ArrayList<>();
        List<Chart.Series> lossSeries = new ArrayList<>();
        List<Chart.Series> secondsSeries = new ArrayList<>();
        List<Chart.Trace> metricOverTime = new ArrayList<>();
        for (MethodResult m : r.methods()) {
            double[] clock = new double[m.epochs().size() + 1];
            double[] reached = new double[m.epochs().size() + 1];
            reached[0] = r.initialMetric() * scale;
            for (int i = 0; i < m.epochs().size(); i++) {
                clock[i + 1] = clock[i] + m.epochs().get(i).seconds();
                reached[i + 1] = m.epochs().get(i).testMetric() * scale;
            }
            metricOverTime.add(new Chart.Trace(m.method(), clock, reached));
            double[] test = nans(most + 1);
            double[] loss = nans(most);
            double[] seconds = nans(most);
            test[0] = r.initialMetric() * scale;
            for (EpochResult e : m.epochs()) {
                test[e.epoch()] = e.testMetric() * scale;
                loss[e.epoch() - 1] = e.trainLoss();
                seconds[e.epoch() - 1] = e.seconds();
            }
            metricSeries.add(new Chart.Series(m.method(), test));
            lossSeries.add(new Chart.Series(m.method(), loss));
            secondsSeries.add(new Chart.Series(m.method(), seconds));
        }
        sections.add(new Page.Section("Learning curves", List.of("Epoch 0 is the shared initial network. Where two methods train "
                + "identically (Z-IL and backprop), their lines lie on top of each other and only the one drawn last shows. The third "
                + "chart puts each epoch's test metric at the training time spent to reach it: the method to the upper left learns "
                + "most per second."), List.of(),
                List.of(Chart.lines("test-metric", r.metric() + (percent ? " (%)" : "") + " per epoch", "epoch", r.metric(), false, epochs0,
                                metricSeries),
                        Chart.lines("train-loss", "training loss per epoch", "epoch", "loss per example", false, epochs1, lossSeries),
                        Chart.traces("metric-seconds", r.metric() + (percent ? " (%)" : "") + " against training seconds",
                                "training seconds (evaluations not counted)", r.metric(), metricOverTime)),
                List.of()));
        sections.add(new Page.Section("Time per weight update", List.of(), List.of(), List.of(
                Chart.bars("ms-per-update", "milliseconds per weight update", "ms", r.methods().stream().map(MethodResult::method).toList(),
                        r.methods().stream().mapToDouble(MethodResult::msPerUpdate).toArray()),
                Chart.lines("epoch-seconds", "training seconds per epoch", "epoch", "s", false, epochs1, secondsSeries)), List.of()));
        List<Chart> energies = new ArrayList<>();
        for (MethodResult m : r.methods()) {
            if (m.energies() == null || m.energies().layers().isEmpty()) {
                continue;
            }
            double[][] e = m.energies().energies();
            List<Chart.Series> layers = new ArrayList<>();
            for (int l = 0; l < m.energies().layers().size(); l++) {
                double[] y = new double[e.length];
                for (int s = 0; s < e.length; s++) {
                    y[s] = e[s][l];
                }
                layers.add(new Chart.Series(m.energies().layers().get(l), y));
            }
            energies.add(Chart.lines("energy-" + energies.size(), m.method() + ": energy per layer (log scale)", "inference step", "energy",
                    true, range(0, e.length), layers));
        }
        sections.add(new Page.Section("Energy per layer over the inference steps of the first batch",
                energies.isEmpty() ? List.of("No PC method ran.") : List.of(), List.of(), energies, List.of()));
        List<Chart> zil = new ArrayList<>();
        zil.add(Chart.bars("zil-first-update", "Z-IL vs backprop, first update", "max relative difference",
                r.equivalence().stream().map(ParameterDifference::parameter).toList(),
                r.equivalence().stream().mapToDouble(ParameterDifference::maxRelativeDifference).toArray()));
        r.methods().stream().filter(m -> m.zilDivergence() != null).findFirst().ifPresent(m -> zil.add(Chart.lines("zil-epochs",
                "Z-IL vs backprop parameters after each epoch", "epoch", "max relative difference", false,
                range(1, m.zilDivergence().length + 1), List.of(new Chart.Series("zil vs bp", m.zilDivergence())))));
        sections.add(new Page.Section("Z-IL against backprop", List.of("Largest element-wise relative difference between Z-IL's and "
                + "backprop's first weight update, per parameter array (0 means bit-identical)."), List.of(new Table("equivalence",
                List.of("parameter", "max relative difference", "max absolute difference"),
                r.equivalence().stream().map(p -> List.of(p.parameter(), Double.toString(p.maxRelativeDifference()),
                        Double.toString(p.maxAbsoluteDifference()))).toList())), zil, List.of()));
        return new Page("pc4j comparison", "pc4j: backprop and predictive coding side by side", List.of(), r.command(), facts, sections);
    }

    private static double[] range(int from, int to) {
        double[] x = new double[Math.max(0, to - from)];
        for (int i = 0; i < x.length; i++) {
            x[i] = from + i;
        }
        return x;
    }

    private static double[] nans(int n) {
        double[] x = new double[n];
        java.util.Arrays.fill(x, Double.NaN);
        return x;
    }

    private static List<String> row(ParameterDifference p) {
        return List.of(p.parameter(), Double.toString(p.maxRelativeDifference()), Double.toString(p.maxAbsoluteDifference()));
    }

    private static List<List<String>> epochRows(ComparisonResult result) {
        List<List<String>> rows = new ArrayList<>();
        for (MethodResult m : result.methods()) {
            for (EpochResult e : m.epochs()) {
                rows.add(List.of(m.method(), Integer.toString(e.epoch()), Double.toString(e.trainLoss()), Double.toString(e.testMetric()),
                        Double.toString(e.seconds()), Integer.toString(e.updates()), Double.toString(e.msPerUpdate()),
                        Double.toString(e.peakMemoryMb())));
            }
        }
        return rows;
    }

    private static List<List<String>> energyRows(ComparisonResult result) {
        List<List<String>> rows = new ArrayList<>();
        for (MethodResult m : result.methods()) {
            if (m.energies() == null) {
                continue;
            }
            double[][] e = m.energies().energies();
            for (int t = 0; t < e.length; t++) {
                for (int l = 0; l < m.energies().layers().size(); l++) {
                    rows.add(List.of(m.method(), Integer.toString(t), m.energies().layers().get(l), Double.toString(e[t][l])));
                }
            }
        }
        return rows;
    }

    /** @return the table as RFC 4180 CSV, header first (jackson-dataformat-csv quotes what needs quoting) */
    static String csv(List<String> header, List<List<String>> rows) throws IOException {
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        return CSV.writeValueAsString(all);
    }
}
