package org.pc4j.app.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one report pipeline: what a page shows is escaped by the template (a hostile name stays text), the JSON model
 * holds the numbers and the charts, the page embeds that JSON safely and inlines uPlot from its webjar, and bad chart or
 * table shapes are refused before anything is written.
 */
class ReportPageTest {

    @TempDir
    Path tmp;

    private static final String HOSTILE = "</script><script>alert('x')</script>&\"";

    private static Page page() {
        Chart line = Chart.lines("loss", "loss " + HOSTILE, "epoch", "loss", false, new double[] {1, 2, 3},
                List.of(new Chart.Series(HOSTILE, new double[] {0.5, Double.NaN, 0.25})));
        Chart bars = Chart.bars("time", "ms", "ms", List.of("bp", "pc"), new double[] {1.5, 4});
        Table table = new Table("results", List.of("method", "value"), List.of(List.of(HOSTILE, "1"), List.of("bp", "2")));
        ImageGrid grid = ImageGrid.of("grid", "key " + HOSTILE, List.of("a", "b"), new float[][][] {{{0, 1, 0, 1}, {1, 0, 1, 0}}}, 1, 2, 2);
        return new Page("title " + HOSTILE, "heading " + HOSTILE, List.of("intro " + HOSTILE), "pc4j compare --x " + HOSTILE,
                List.of(new Page.Fact("data", HOSTILE)), List.of(new Page.Section("Results " + HOSTILE, List.of("p " + HOSTILE),
                List.of(table), List.of(line, bars), List.of(grid))));
    }

    @Test
    void everyValueOnThePageIsEscapedAndTheEmbeddedJsonCannotEndItsScript() throws Exception {
        Path index = ReportPage.write(tmp.resolve("r"), page(), Map.of("answer", 42));
        String html = Files.readString(index);
        assertThat(html).as("no value can close a script element").doesNotContain("</script><script>alert(");
        Document dom = Jsoup.parse(html);
        assertThat(dom.title()).isEqualTo("title " + HOSTILE);
        assertThat(dom.select("h1").text()).isEqualTo("heading " + HOSTILE);
        assertThat(dom.select("#facts dd").text()).isEqualTo(HOSTILE);
        assertThat(dom.select("code").text()).isEqualTo("pc4j compare --x " + HOSTILE);
        assertThat(dom.select("#results thead th").eachText()).containsExactly("method", "value");
        assertThat(dom.select("#results tbody tr")).hasSize(2);
        assertThat(dom.select("#results tbody tr").get(0).select("td").eachText()).containsExactly(HOSTILE, "1");
        assertThat(dom.select("figure#chart-loss figcaption").text()).isEqualTo("loss " + HOSTILE);
        assertThat(dom.select("figure#chart-time")).hasSize(1);
        assertThat(dom.select("img.grid").attr("src")).startsWith("data:image/png;base64,");
        assertThat(dom.select(".cols span").eachText()).containsExactly("a", "b");
        // scripts: the data, uPlot and the chart script; only the data one is JSON, and it parses to the model
        assertThat(dom.select("script")).hasSize(3);
        String embedded = dom.getElementById("pc4j-data").data();
        JsonNode model = new ObjectMapper().readTree(embedded);
        assertThat(model).isEqualTo(new ObjectMapper().readTree(tmp.resolve("r").resolve(ReportPage.JSON).toFile()));
        assertThat(model.get("answer").asInt()).isEqualTo(42);
        assertThat(model.get("charts")).hasSize(2);
        assertThat(model.at("/charts/0/series/0/label").asText()).isEqualTo(HOSTILE);
        assertThat(model.at("/charts/0/series/0/y/1").asText()).as("a gap").isEqualTo("NaN");
        assertThat(model.at("/charts/1/kind").asText()).isEqualTo("BARS");
        assertThat(model.at("/charts/1/categories/1").asText()).isEqualTo("pc");
        assertThat(dom.select("script").get(1).data()).contains("uPlot");
        assertThat(html).doesNotContain("http://").doesNotContain("https://cdn").doesNotContain("src=\"http");
    }

    /**
     * A logarithmic axis over several decades draws without a script error: uPlot hands the tick formatter null for the
     * ticks it leaves unlabelled, which once threw and left the chart blank (the graph report's energy chart).
     */
    @org.junit.jupiter.api.Tag("browser")
    @Test
    void aLogScaleChartOverSeveralDecadesDrawsWithoutAScriptError() throws Exception {
        double[] x = new double[501];
        double[] energy = new double[501];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
            energy[i] = 0.876 + 26.8 * Math.exp(-i / 3.0);
        }
        Chart log = Chart.lines("energy", "energy, log scale", "step", "energy", true, x, List.of(new Chart.Series("energy", energy)));
        Page page = new Page("t", "h", List.of(), "pc4j graph", List.of(), List.of(new Page.Section("Energy", List.of(), List.of(),
                List.of(log), List.of())));
        Path index = ReportPage.write(tmp.resolve("log"), page, Map.of());
        Document dom = Jsoup.parse(org.pc4j.app.compare.Chromium.run(tmp, "--virtual-time-budget=3000", "--dump-dom", index.toUri().toString()));
        assertThat(dom.body().attr("data-rendered")).isEqualTo("true");
        assertThat(dom.body().attr("data-error")).as("an uncaught script error").isEmpty();
        assertThat(dom.select("#chart-energy canvas")).hasSize(1);
        assertThat(dom.select("#chart-energy").attr("data-points")).isEqualTo("501");
    }

    @Test
    void chartsAndTablesOfTheWrongShapeAreRefused() {
        assertThatThrownBy(() -> Chart.lines("c", "t", "x", "y", false, new double[] {1, 2},
                List.of(new Chart.Series("s", new double[] {1})))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 values for 2 x values");
        assertThatThrownBy(() -> new Chart("c", "t", "x", "y", Chart.Kind.DOTS, false, List.of("a"), new double[] {0, 1}, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 categories for 2 x values");
        assertThatThrownBy(() -> new Table("t", List.of("a", "b"), List.of(List.of("1")))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a row of 1 cells under 2 columns");
    }

    @Test
    void theUplotBundledIsTheOneThePomNames() {
        assertThat(ReportPage.Assets.UPLOT_VERSION).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(ReportPage.Assets.UPLOT_JS).contains("uPlot").hasSizeGreaterThan(10_000);
        assertThat(ReportPage.Assets.UPLOT_CSS).contains(".uplot");
    }
}
