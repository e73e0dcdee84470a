package org.pc4j.app.compare;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pc4j.app.Main;

/**
 * A short {@code pc4j compare} run (an MLP on 256 digits, 2 epochs, backprop, PC(4), iPC(3), Z-IL) produces a
 * complete report whose numbers are the ones the run printed, and the report renders in a real headless Chromium:
 * the table shows the printed cells, every chart has its series, and the screenshot is not blank.
 */
class CompareReportTest {

    private static final List<String> METHODS = List.of("bp", "pc(4)", "ipc(3)", "zil");

    @TempDir
    static Path tmp;

    private static Path report;
    private static String printed;
    private static JsonNode json;

    @BeforeAll
    static void runCompare() throws IOException {
        report = tmp.resolve("report");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(new String[] {"compare", "--model", "mlp", "--data", "digits", "--methods", "bp,pc:4,ipc:3,zil",
                "--epochs", "2", "--train-limit", "256", "--test-limit", "128", "--batch", "32", "--report", report.toString()},
                new PrintWriter(out, true), new PrintWriter(err, true));
        printed = out.toString();
        assertThat(status).as("exit status; stderr:\n%s", err).isZero();
        json = new ObjectMapper().readTree(report.resolve(Report.JSON).toFile());
    }

    /** @return the printed table: the header line starting with "method" and one line per method, split on 2+ spaces */
    private static List<List<String>> printedTable() {
        List<String> lines = printed.lines().toList();
        int header = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("method ")) {
                header = i;
            }
        }
        assertThat(header).as("table header in:\n%s", printed).isNotNegative();
        List<List<String>> rows = new ArrayList<>();
        for (int i = header; i <= header + METHODS.size(); i++) {
            rows.add(List.of(lines.get(i).trim().split("\\s{2,}"))); // the empty note column prints nothing
        }
        return rows;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void reportFolderHoldsThePageJsonAndCsvFiles() {
        for (String f : List.of("index.html", "report.json", "summary.csv", "epochs.csv", "energies.csv", "equivalence.csv")) {
            assertThat(report.resolve(f)).as(f).isRegularFile().isNotEmptyFile();
        }
    }

    @Test
    void reportTableEqualsThePrintedTable() {
        List<List<String>> table = printedTable();
        assertThat(table.get(0)).containsExactlyElementsOf(strings(json.at("/table/header")));
        for (int r = 0; r < METHODS.size(); r++) {
            List<String> jsonRow = strings(json.at("/table/rows/" + r));
            assertThat(table.get(r + 1)).as("row %d", r).containsExactlyElementsOf(jsonRow.subList(0, 8));
            assertThat(jsonRow.get(0)).isEqualTo(METHODS.get(r));
        }
    }

    @Test
    void printedCellsAreTheRawMeasurementsRounded() {
        for (int r = 0; r < METHODS.size(); r++) {
            JsonNode m = json.at("/result/methods/" + r);
            List<String> row = strings(json.at("/table/rows/" + r));
            JsonNode epochs = m.get("epochs");
            assertThat(epochs).hasSize(2);
            JsonNode last = epochs.get(1);
            assertThat(row.get(1)).isEqualTo(String.format(java.util.Locale.ROOT, "%.2f%%", 100 * last.get("testMetric").asDouble()));
            assertThat(row.get(2)).isEqualTo(String.format(java.util.Locale.ROOT, "%.4f", last.get("trainLoss").asDouble()));
            double seconds = epochs.get(0).get("seconds").asDouble() + last.get("seconds").asDouble();
            long updates = epochs.get(0).get("updates").asLong() + last.get("updates").asLong();
            assertThat(row.get(3)).isEqualTo(String.format(java.util.Locale.ROOT, "%.2f", seconds / 2));
            assertThat(row.get(4)).isEqualTo(String.format(java.util.Locale.ROOT, "%.2f", 1000 * seconds / updates));
            assertThat(row.get(5)).isEqualTo(Long.toString(updates));
        }
        // energy evaluations per batch: pc(4) runs T + 1 = 5, ipc(3) 3, Z-IL its depth (3 levels); backprop none
        assertThat(strings(json.at("/table/rows/0")).get(6)).isEqualTo("-");
        assertThat(strings(json.at("/table/rows/1")).get(6)).isEqualTo("5.0");
        assertThat(strings(json.at("/table/rows/2")).get(6)).isEqualTo("3.0");
        assertThat(strings(json.at("/table/rows/3")).get(6)).isEqualTo("3.0");
    }

    @Test
    void weightUpdatesPerEpochFollowTheSchedules() {
        // 256 examples in batches of 32: 8 batches; iPC(3) updates the weights 3 times per batch, the others once
        int[] perBatch = {1, 1, 3, 1};
        for (int r = 0; r < METHODS.size(); r++) {
            for (JsonNode e : json.at("/result/methods/" + r + "/epochs")) {
                assertThat(e.get("updates").asInt()).as(METHODS.get(r)).isEqualTo(8 * perBatch[r]);
            }
        }
    }

    @Test
    void zilMatchesBackpropInTheReport() {
        JsonNode bp = json.at("/result/methods/0/epochs");
        JsonNode zil = json.at("/result/methods/3/epochs");
        for (int e = 0; e < 2; e++) {
            assertThat(zil.get(e).get("testMetric").asDouble()).isEqualTo(bp.get(e).get("testMetric").asDouble());
        }
        json.at("/result/methods/3/zilDivergence").forEach(d -> assertThat(d.asDouble()).isLessThanOrEqualTo(1e-5));
        assertThat(json.at("/result/equivalence")).hasSize(6); // W and b of three layers
        json.at("/result/equivalence").forEach(p -> assertThat(p.get("maxRelativeDifference").asDouble()).isLessThanOrEqualTo(1e-5));
    }

    @Test
    void energyTracesHaveOneRowPerInferenceStep() {
        // PC(T) evaluates the energy T + 1 times, iPC(T) T times, Z-IL once per level (3)
        assertThat(json.at("/result/methods/0/energies").isNull()).isTrue();
        assertThat(json.at("/result/methods/1/energies/energies")).hasSize(5);
        assertThat(json.at("/result/methods/2/energies/energies")).hasSize(3);
        assertThat(json.at("/result/methods/3/energies/energies")).hasSize(3);
        assertThat(json.at("/result/methods/1/energies/layers")).hasSize(3);
    }

    @Test
    void theMetricAgainstSecondsChartPutsEachEpochsMetricAtTheTrainingSecondsSpentToReachIt() {
        JsonNode chart = null;
        for (JsonNode c : json.get("charts")) {
            if (c.get("id").asText().equals("metric-seconds")) {
                chart = c;
            }
        }
        assertThat(chart).as("the chart in the page's model").isNotNull();
        assertThat(chart.get("kind").asText()).isEqualTo("TRACES");
        List<Double> x = new java.util.ArrayList<>();
        chart.get("x").forEach(v -> x.add(v.asDouble()));
        assertThat(x).as("the shared x ascending").isSorted();
        double scale = json.at("/result/metric").asText().equals("test accuracy") ? 100 : 1;
        for (int m = 0; m < METHODS.size(); m++) {
            JsonNode method = json.at("/result/methods/" + m);
            JsonNode series = chart.get("series").get(m);
            assertThat(series.get("label").asText()).isEqualTo(method.get("method").asText());
            double clock = 0;
            assertThat(series.get("y").get(x.indexOf(0.0)).asDouble()).as("epoch 0: the shared initial network")
                    .isEqualTo(json.at("/result/initialMetric").asDouble() * scale);
            int drawn = 1;
            for (JsonNode e : method.get("epochs")) {
                clock += e.get("seconds").asDouble();
                int at = x.indexOf(clock);
                assertThat(at).as("%s reaches epoch %d after %s s", METHODS.get(m), e.get("epoch").asInt(), clock).isNotNegative();
                assertThat(series.get("y").get(at).asDouble()).isEqualTo(e.get("testMetric").asDouble() * scale);
                drawn++;
            }
            int finite = 0;
            for (JsonNode y : series.get("y")) {
                finite += y.isNumber() && Double.isFinite(y.asDouble()) ? 1 : 0;
            }
            assertThat(finite).as("%s: only its own points", METHODS.get(m)).isEqualTo(drawn);
        }
    }

    @Test
    void csvFilesHoldTheSameNumbers() throws IOException {
        List<String> summary = Files.readAllLines(report.resolve("summary.csv"));
        assertThat(summary).hasSize(1 + METHODS.size());
        assertThat(summary.get(1)).startsWith(String.join(",", strings(json.at("/table/rows/0")).subList(0, 7)));
        List<String> epochs = Files.readAllLines(report.resolve("epochs.csv"));
        assertThat(epochs).hasSize(1 + 2 * METHODS.size());
        assertThat(epochs.get(1).split(",")[3]).isEqualTo(Double.toString(json.at("/result/methods/0/epochs/0/testMetric").asDouble()));
    }

    @Tag("browser") // headless Chromium renders the report: scripts/install-chromium.sh, or skip with -Dsurefire.excludedGroups=slow,browser
    @Test
    void pageRendersChartsAndTheTableInHeadlessChromium() throws Exception {
        Path page = report.resolve(Report.PAGE);
        Document dom = Jsoup.parse(chromium("--dump-dom", page.toUri().toString()));
        assertThat(dom.body().attr("data-rendered")).as("the page's script ran to the end").isEqualTo("true");
        // the table shows the printed cells
        List<List<String>> table = printedTable();
        List<Element> rows = dom.select("#results tbody tr");
        assertThat(rows).hasSize(METHODS.size());
        for (int r = 0; r < rows.size(); r++) {
            List<String> cells = rows.get(r).select("td").eachText();
            assertThat(cells.subList(0, 8)).containsExactlyElementsOf(table.get(r + 1));
        }
        // every chart drawn by uPlot on a canvas, with one series per method (lines) or one bar per method
        for (String id : List.of("test-metric", "train-loss", "epoch-seconds", "metric-seconds")) {
            assertThat(dom.select("#chart-" + id + " canvas")).as(id).hasSize(1);
            assertThat(dom.select("#chart-" + id).attr("data-series")).as(id).isEqualTo(Integer.toString(METHODS.size()));
        }
        assertThat(dom.select("#chart-test-metric").attr("data-points")).as("epochs 0 to 2 of every method")
                .isEqualTo(Integer.toString(3 * METHODS.size()));
        assertThat(dom.select("#chart-ms-per-update").attr("data-points")).isEqualTo(Integer.toString(METHODS.size()));
        assertThat(dom.select("#chart-metric-seconds").attr("data-points")).as("epochs 0 to 2 of every method at their own seconds")
                .isEqualTo(Integer.toString(3 * METHODS.size()));
        for (int k = 0; k < 3; k++) { // pc, ipc, zil: one line per layer
            assertThat(dom.select("#chart-energy-" + k + " canvas")).as("energy chart %d", k).hasSize(1);
            assertThat(Integer.parseInt(dom.select("#chart-energy-" + k).attr("data-series"))).as("energy chart %d", k).isPositive();
        }
        assertThat(dom.select("#chart-zil-first-update").attr("data-points")).isEqualTo("6");
        assertThat(dom.select("#chart-zil-epochs").attr("data-series")).isEqualTo("1");
        assertThat(dom.select("#equivalence tbody tr")).hasSize(6);

        Path shot = tmp.resolve("shot.png");
        chromium("--screenshot=" + shot, "--window-size=1200,2400", page.toUri().toString());
        BufferedImage img = ImageIO.read(shot.toFile());
        long coloured = 0;
        long seriesBlue = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                if (rgb != 0xffffff) {
                    coloured++;
                }
                int r = rgb >> 16 & 0xff;
                int g = rgb >> 8 & 0xff;
                int b = rgb & 0xff;
                if (Math.abs(r - 0x1f) < 12 && Math.abs(g - 0x77) < 12 && Math.abs(b - 0xb4) < 12) {
                    seriesBlue++;
                }
            }
        }
        long sampled = (long) (img.getWidth() / 2) * (img.getHeight() / 2);
        assertThat(coloured).as("non-white pixels of %d sampled", sampled).isGreaterThan(sampled / 50);
        assertThat(seriesBlue).as("pixels in the first series' colour (the charts drew)").isGreaterThan(100);
    }

    private static String chromium(String... args) throws Exception {
        return Chromium.run(tmp, args);
    }
}
