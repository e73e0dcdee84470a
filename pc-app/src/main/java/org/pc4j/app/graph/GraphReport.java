package org.pc4j.app.graph;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
 * and denoising, null otherwise), for generation {@code "generation": {"judge", "judgeTestAccuracy", "asAsked",
 * "images", "fraction", "judged"}} ({@code judged[label][s]}: the class a backprop classifier gives the s-th image
 * generated for the label), for classification {@code "classification": {"confusion", "perClassAccuracy", "shown":
 * [{"answer", "truth"}]}}; and {@code index.html} with the results table, for generation the table {@code generation}
 * (per asked label the classifier's labels, in grid order), for classification the tables {@code answers} and
 * {@code confusion}, the energy over the query's steps (chart {@code energy}) and the image grid.
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
        doc.put("secondsPerStep", r.steps().secondsPerStep());
        doc.put("steps", r.steps().budget());
        Map<String, Object> used = new LinkedHashMap<>();
        used.put("mean", r.steps().mean());
        used.put("max", r.steps().max());
        used.put("perQuery", r.steps().used());
        used.put("secondsSaved", r.steps().secondsSaved());
        doc.put("stepsUsed", used);
        doc.put("trainSeconds", r.trainSeconds());
        doc.put("trainImages", r.trainImages());
        doc.put("loadedFrom", r.loadedFrom());
        doc.put("testImages", r.testImages());
        doc.put("energies", r.energies());
        GenerationScore g = r.generation();
        if (g != null) {
            Map<String, Object> gen = new LinkedHashMap<>();
            gen.put("judge", g.judge());
            gen.put("judgeTestAccuracy", g.judgeAccuracy());
            gen.put("asAsked", g.asAsked());
            gen.put("images", g.judged().length * g.judged()[0].length);
            gen.put("fraction", g.fraction());
            gen.put("judged", g.judged());
            doc.put("generation", gen);
        }
        if (!r.shownMse().isEmpty()) {
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("graph", r.shownMse().get(0));
            shown.put("autoencoder", r.shownMse().size() > 1 ? r.shownMse().get(1) : null);
            doc.put("shownMse", shown);
        }
        if (!r.curve().isEmpty()) {
            doc.put("learningCurve", r.curve().stream().map(c -> {
                Map<String, Object> point = new LinkedHashMap<>();
                point.put("images", c.images());
                point.put("accuracy", c.accuracy());
                point.put("seconds", c.seconds());
                return point;
            }).toList());
        }
        ClassificationScore cl = r.classification();
        if (cl != null) {
            Map<String, Object> cls = new LinkedHashMap<>();
            cls.put("confusion", cl.confusion());
            cls.put("perClassAccuracy", Arrays.stream(cl.perClassAccuracy()).mapToObj(a -> Double.isNaN(a) ? null : a).toList());
            List<Map<String, Integer>> shown = new ArrayList<>();
            for (int i = 0; i < cl.shownAnswers().length; i++) {
                shown.add(Map.of("answer", cl.shownAnswers()[i], "truth", cl.shownTruth()[i]));
            }
            cls.put("shown", shown);
            doc.put("classification", cls);
        }
        return doc;
    }

    /** @return the page */
    static Page page(GraphResult r) {
        String trained = r.loadedFrom() != null ? "loaded from " + r.loadedFrom()
                : String.format(Locale.ROOT, "trained on %d images in %.1f s", r.trainImages(), r.trainSeconds());
        QuerySteps s = r.steps();
        Table results = new Table("results", List.of("query", "test images", "accuracy", "MSE", "autoencoder MSE", "step budget",
                "steps used (mean / max)", "s per step", "s saved by stopping early"),
                List.of(List.of(r.query() + (r.labelGiven() ? " given the label" : ""),
                        r.generation() != null ? "-" : Integer.toString(r.testImages()),
                        r.accuracy() == null ? "-" : String.format(Locale.ROOT, "%.4f", r.accuracy()),
                        r.mse() == null ? "-" : String.format(Locale.ROOT, "%.5f", r.mse()),
                        r.aeMse() == null ? "-" : String.format(Locale.ROOT, "%.5f", r.aeMse()), Integer.toString(s.budget()),
                        String.format(Locale.ROOT, "%.1f / %d", s.mean(), s.max()),
                        String.format(Locale.ROOT, "%.5f", s.secondsPerStep()), String.format(Locale.ROOT, "%.1f", s.secondsSaved()))));
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
        List<Page.Section> sections = new ArrayList<>();
        sections.add(Page.Section.of("Result", List.of(), List.of(results)));
        if (r.generation() != null) {
            sections.add(generation(r.generation()));
        }
        if (r.classification() != null) {
            sections.add(classification(r.classification()));
        }
        if (!r.curve().isEmpty()) {
            double[] images = r.curve().stream().mapToDouble(c -> c.images()).toArray();
            double[] accuracy = r.curve().stream().mapToDouble(GraphExperiment.CurvePoint::accuracy).toArray();
            Chart learning = Chart.lines("learning-curve", "test accuracy against training images seen", "training images", "accuracy", false,
                    images, List.of(new Chart.Series("accuracy", accuracy)));
            sections.add(new Page.Section("Learning curve", List.of(), List.of(), List.of(learning), List.of()));
        }
        sections.add(new Page.Section("Energy", List.of(), List.of(), List.of(energy), List.of()));
        if (!r.shownMse().isEmpty()) {
            List<List<String>> rows = new ArrayList<>();
            for (int i = 0; i < r.shownMse().get(0).length; i++) {
                rows.add(List.of(Integer.toString(i + 1), String.format(Locale.ROOT, "%.5f", r.shownMse().get(0)[i]),
                        r.shownMse().size() > 1 ? String.format(Locale.ROOT, "%.5f", r.shownMse().get(1)[i]) : "-"));
            }
            sections.add(Page.Section.of("Error per shown image", List.of("MSE of each image in the grid below, row by row, over the "
                    + "pixels the query scores (completion: the unknown ones; denoising: all)."),
                    List.of(new Table("image-mse", List.of("image (grid row)", "pc graph MSE", "autoencoder MSE"), rows))));
        }
        sections.add(new Page.Section("Images", List.of(), List.of(), List.of(), List.of(grid)));
        return new Page("pc4j graph: " + r.query(), "pc4j graph",
                List.of(r.topology() + ": " + r.neurons() + " neurons, " + r.edges() + " edges; " + r.data() + ", " + trained + "."),
                r.command(), List.of(), sections);
    }

    /** The generation table: per asked label, the classes a backprop classifier gives its generated images (grid row order). */
    static Page.Section generation(GenerationScore g) {
        int[][] judged = g.judged();
        List<List<String>> rows = new ArrayList<>();
        for (int label = 0; label < judged.length; label++) {
            StringBuilder classes = new StringBuilder();
            for (int j : judged[label]) {
                classes.append(classes.length() == 0 ? "" : " ").append(j == label ? Integer.toString(j) : j + "\u2717");
            }
            rows.add(List.of(Integer.toString(label), classes.toString(), g.asAsked(label) + " / " + judged[label].length));
        }
        rows.add(List.of("all", "", String.format(Locale.ROOT, "%d / %d (%.1f%%)", g.asAsked(), judged.length * judged[0].length,
                100 * g.fraction())));
        return Page.Section.of("Generated images against the asked label",
                List.of("Each generated image (the grid below, one row per asked label) labelled by " + g.judge()
                        + ", trained on the same images; \u2717 marks a generated image given another label."),
                List.of(new Table("generation", List.of("asked label", "classifier's label per image", "as asked"), rows)));
    }

    /**
     * The classification tables: each shown image's answer beside its true label (grid order, wrong ones marked), and
     * the confusion matrix (rows: true label; columns: the graph's answer) with each class's accuracy.
     */
    static Page.Section classification(ClassificationScore s) {
        List<List<String>> answers = new ArrayList<>();
        for (int i = 0; i < s.shownAnswers().length; i++) {
            int a = s.shownAnswers()[i];
            int t = s.shownTruth()[i];
            answers.add(List.of(Integer.toString(i + 1), a == t ? Integer.toString(a) : a + " \u2717", Integer.toString(t)));
        }
        int[][] m = s.confusion();
        double[] perClass = s.perClassAccuracy();
        List<String> header = new ArrayList<>(List.of("true \\ answer"));
        for (int c = 0; c < m.length; c++) {
            header.add(Integer.toString(c));
        }
        header.add("accuracy");
        List<List<String>> rows = new ArrayList<>();
        for (int t = 0; t < m.length; t++) {
            List<String> row = new ArrayList<>(List.of(Integer.toString(t)));
            for (int a = 0; a < m.length; a++) {
                row.add(Integer.toString(m[t][a]));
            }
            row.add(Double.isNaN(perClass[t]) ? "-" : String.format(Locale.ROOT, "%.3f", perClass[t]));
            rows.add(row);
        }
        return Page.Section.of("Answers", List.of("The graph's answer for each image of the grid below (\u2717: wrong), and the "
                        + "confusion matrix over all test images (rows: the true label, columns: the answer; accuracy: the diagonal over the row)."),
                List.of(new Table("answers", List.of("image", "answer", "true label"), answers), new Table("confusion", header, rows)));
    }

    /** Writes the report into {@code dir}. @return the page's path */
    public static Path write(Path dir, GraphResult r) {
        return ReportPage.write(dir, page(r), model(r));
    }
}
