package org.pc4j.app.compare;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pc4j.app.compare.ComparisonResult.EpochResult;
import org.pc4j.app.compare.ComparisonResult.MethodResult;
import org.pc4j.app.compare.ComparisonResult.ParameterDifference;
import org.pc4j.trainers.io.AtomicFiles;

/**
 * Writes a comparison's report folder:
 * <ul>
 * <li>{@code index.html}: a self-contained page (no network access: data, script and styles inline) with the
 * results table and charts: test metric and training loss per epoch, milliseconds per update, seconds per epoch,
 * energy per layer over the inference steps, Z-IL against backprop;</li>
 * <li>{@code report.json}: every number ({@link ComparisonResult}) and the printed table;</li>
 * <li>{@code summary.csv} (the printed table), {@code epochs.csv}, {@code energies.csv}, {@code equivalence.csv}.</li>
 * </ul>
 */
public final class Report {

    /** The page's file name. */
    public static final String PAGE = "index.html";
    /** The JSON file's name. */
    public static final String JSON = "report.json";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectWriter CSV = new CsvMapper().enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).writerFor(List.class)
            .with(CsvSchema.emptySchema().withLineSeparator("\n"));

    private Report() {
    }

    /** @return the JSON document of the report: {@code result}, {@code table}, {@code initialMetric} (as printed) */
    public static String json(ComparisonResult result, ResultTable table, Metric metric) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("result", result);
        doc.put("table", table);
        doc.put("initialMetric", Comparison.format(metric, result.initialMetric()));
        try {
            return MAPPER.writeValueAsString(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the report into {@code dir} (created if missing; files of an earlier report are replaced).
     *
     * @return the page's path
     */
    public static Path write(Path dir, ComparisonResult result, ResultTable table, Metric metric) {
        try {
            Files.createDirectories(dir);
            String json = json(result, table, metric);
            AtomicFiles.writeString(dir.resolve(JSON), json);
            // inside a <script> element "</" would end it; "<\/" is the same JSON string
            AtomicFiles.writeString(dir.resolve(PAGE), template().replace("__PC4J_DATA__", json.replace("</", "<\\/")));
            AtomicFiles.writeString(dir.resolve("summary.csv"), csv(table.header(), table.rows()));
            AtomicFiles.writeString(dir.resolve("epochs.csv"), csv(List.of("method", "epoch", "train_loss", "test_metric", "seconds", "updates",
                    "ms_per_update", "peak_memory_mib"), epochRows(result)));
            AtomicFiles.writeString(dir.resolve("energies.csv"), csv(List.of("method", "step", "layer", "energy"), energyRows(result)));
            AtomicFiles.writeString(dir.resolve("equivalence.csv"), csv(List.of("parameter", "max_relative_difference", "max_absolute_difference"),
                    result.equivalence().stream().map(Report::row).toList()));
            return dir.resolve(PAGE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + dir + ": " + e.getMessage(), e);
        }
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

    private static String template() throws IOException {
        try (InputStream in = Report.class.getResourceAsStream("report.html")) {
            if (in == null) {
                throw new IOException("report.html is missing from the pc-app jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
