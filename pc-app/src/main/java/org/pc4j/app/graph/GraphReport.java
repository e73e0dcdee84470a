package org.pc4j.app.graph;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pc4j.app.memory.MemoryResult;
import org.pc4j.app.report.Chart;
import org.pc4j.app.report.ImageGrid;
import org.pc4j.app.report.Page;
import org.pc4j.app.report.ReportPage;
import org.pc4j.app.report.Table;

/**
 * A {@code pc4j graph} report ({@link ReportPage}): {@code report.json} with {@code {"topology", "neurons", "query",
 * "accuracy", "mse", "secondsPerStep", "energies", ..., "charts"}} (accuracy for classification, mse for completion
 * and denoising, null otherwise), and {@code index.html} with the results table, the energy over the query's steps
 * (chart {@code energy}) and the image grid.
 */
public final class GraphReport {

    /** The page's file name. */
    public static final String PAGE = ReportPage.PAGE;
    /** The JSON file's name. */
    public static final String JSON = ReportPage.JSON;

    private GraphReport() {
    }

    /** @return the report's numbers (the JSON model, less its charts) */
    static Map<String, Object> model(GraphResult r) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("command", r.command());
        doc.put("data", r.data());
        doc.put("topology", r.topology());
        doc.put("neurons", r.neurons());
        doc.put("edges", r.edges());
        doc.put("query", r.query());
        doc.put("labelGiven", r.labelGiven());
        doc.put("accuracy", r.accuracy());
        doc.put("mse", r.mse());
        doc.put("autoencoderMse", r.aeMse());
        doc.put("secondsPerStep", r.secondsPerStep());
        doc.put("steps", r.steps());
        doc.put("trainSeconds", r.trainSeconds());
        doc.put("trainImages", r.trainImages());
        doc.put("loadedFrom", r.loadedFrom());
        doc.put("testImages", r.testImages());
        doc.put("energies", r.energies());
        return doc;
    }

    /** @return the page */
    static Page page(GraphResult r) {
        String trained = r.loadedFrom() != null ? "loaded from " + r.loadedFrom()
                : String.format(Locale.ROOT, "trained on %d images in %.1f s", r.trainImages(), r.trainSeconds());
        Table results = new Table("results", List.of("query", "test images", "accuracy", "MSE", "autoencoder MSE", "steps", "s per step"),
                List.of(List.of(r.query() + (r.labelGiven() ? " given the label" : ""), Integer.toString(r.testImages()),
                        r.accuracy() == null ? "-" : String.format(Locale.ROOT, "%.4f", r.accuracy()),
                        r.mse() == null ? "-" : String.format(Locale.ROOT, "%.5f", r.mse()),
                        r.aeMse() == null ? "-" : String.format(Locale.ROOT, "%.5f", r.aeMse()), Integer.toString(r.steps()),
                        String.format(Locale.ROOT, "%.5f", r.secondsPerStep()))));
        double[] steps = new double[r.energies().length];
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (int t = 0; t < steps.length; t++) {
            steps[t] = t;
            lo = Math.min(lo, r.energies()[t]);
            hi = Math.max(hi, r.energies()[t]);
        }
        boolean log = lo > 0 && hi / lo > 10;
        Chart energy = Chart.lines("energy", "energy over the query's steps (first batch)" + (log ? ", log scale" : ""), "step", "energy", log,
                steps, List.of(new Chart.Series("energy", r.energies())));
        MemoryResult.Grid g = r.grid();
        ImageGrid grid = ImageGrid.of("graph-grid", g.key(), g.columns(), g.cells(), r.channels(), r.height(), r.width());
        return new Page("pc4j graph: " + r.query(), "pc4j graph",
                List.of(r.topology() + ": " + r.neurons() + " neurons, " + r.edges() + " edges; " + r.data() + ", " + trained + "."),
                r.command(), List.of(), List.of(
                        Page.Section.of("Result", List.of(), List.of(results)),
                        new Page.Section("Energy", List.of(), List.of(), List.of(energy), List.of()),
                        new Page.Section("Images", List.of(), List.of(), List.of(), List.of(grid))));
    }

    /** Writes the report into {@code dir}. @return the page's path */
    public static Path write(Path dir, GraphResult r) {
        return ReportPage.write(dir, page(r), model(r));
    }
}
