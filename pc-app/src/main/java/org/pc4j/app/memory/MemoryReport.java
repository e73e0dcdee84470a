package org.pc4j.app.memory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pc4j.app.report.Chart;
import org.pc4j.app.report.ImageGrid;
import org.pc4j.app.report.Page;
import org.pc4j.app.report.ReportPage;
import org.pc4j.app.report.Table;

/**
 * A {@code pc4j memory} report ({@link ReportPage}): {@code report.json} with {@code {"results": [{"method", "key",
 * "retrieved", "of", "meanMse", "storeSeconds", "recallSecondsPerIteration", ...}], "methods", "command", "curve",
 * "capacity", "charts"}}, and {@code index.html} with the results table, the images retrieved per method and key
 * (chart {@code retrieved}), the recall curve and the capacity sweep where measured (charts {@code recall-curve},
 * {@code capacity}, tables {@code curve}, {@code capacity-table}), and one image grid per key (original | key | each
 * method's recall and its error map {@code |recall - stored|}, bright where the recall is wrong).
 */
public final class MemoryReport {

    /** The page's file name. */
    public static final String PAGE = ReportPage.PAGE;
    /** The JSON file's name. */
    public static final String JSON = ReportPage.JSON;

    private MemoryReport() {
    }

    /** @return the report's numbers (grids left out: they are in the page) */
    static Map<String, Object> model(MemoryResult result) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("command", result.command());
        doc.put("data", result.data());
        doc.put("images", result.images());
        doc.put("methods", result.methods());
        doc.put("results", result.results());
        doc.put("curve", result.curve());
        doc.put("capacity", result.capacity());
        return doc;
    }

    /** Writes the report into {@code dir} (created if missing). @return the page's path */
    public static Path write(Path dir, MemoryResult result) {
        return ReportPage.write(dir, page(result), model(result));
    }

    /** @return the page */
    static Page page(MemoryResult r) {
        List<Page.Fact> facts = new ArrayList<>();
        for (MemoryResult.Method m : r.methods()) {
            String energy = m.storeEnergy() == null ? "" : String.format(Locale.ROOT, ", store energy %.4g", m.storeEnergy());
            facts.add(new Page.Fact(m.method(), m.description() + String.format(Locale.ROOT, " (stored in %.1f s%s)", m.storeSeconds(), energy)));
        }
        List<Page.Section> sections = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (MemoryResult.Row row : r.results()) {
            rows.add(List.of(row.method(), row.key(), row.retrieved() + " / " + row.of(), String.format(Locale.ROOT, "%.5f", row.meanMse()),
                    "MSE < " + row.threshold(), String.format(Locale.ROOT, "%.1f", row.storeSeconds()), Integer.toString(row.iterations()),
                    String.format(Locale.ROOT, "%.4f", row.recallSecondsPerIteration())));
        }
        sections.add(new Page.Section("Results", List.of(), List.of(new Table("results", List.of("method", "key", "retrieved", "mean MSE",
                "criterion", "s to store", "iterations", "s per recall iteration"), rows)), List.of(retrieved(r)), List.of()));
        if (!r.curve().isEmpty()) {
            List<List<String>> points = new ArrayList<>();
            for (RecallCurve.Point p : r.curve()) {
                points.add(List.of(p.key(), Integer.toString(p.steps()), p.retrieved() + " / " + p.of(),
                        String.format(Locale.ROOT, "%.5f", p.meanMse()), String.format(Locale.ROOT, "%.2f", p.seconds())));
            }
            sections.add(new Page.Section("PC recalls against the recall budget", List.of(), List.of(new Table("curve",
                    List.of("key", "steps", "retrieved", "mean MSE", "s"), points)), List.of(curve(r.curve())), List.of()));
        }
        if (!r.capacity().isEmpty()) {
            List<List<String>> points = new ArrayList<>();
            for (CapacitySweep.Point p : r.capacity()) {
                points.add(List.of(p.method(), p.width() > 0 ? String.valueOf(p.width()) : "-", p.key(), Integer.toString(p.images()),
                        p.retrieved() + " / " + p.images(), String.format(Locale.ROOT, "%.5f", p.meanMse()),
                        String.format(Locale.ROOT, "%.1f", p.storeSeconds()), String.format(Locale.ROOT, "%.4f", p.recallSecondsPerIteration())));
            }
            sections.add(new Page.Section("Capacity: images retrieved against the images stored", List.of(), List.of(new Table(
                    "capacity-table", List.of("method", "width", "key", "N", "retrieved", "mean MSE", "s to store", "s per recall iteration"),
                    points)), List.of(capacity(r.capacity())), List.of()));
        }
        List<ImageGrid> grids = new ArrayList<>();
        for (MemoryResult.Grid g : r.grids()) {
            grids.add(ImageGrid.of("recall-grid", "key " + g.key(), g.columns(), g.cells(), r.channels(), r.height(), r.width()));
        }
        sections.add(new Page.Section("Recalls", List.of(), List.of(), List.of(), grids));
        return new Page("pc4j memory: " + r.data(), "pc4j memory", List.of(r.data() + ": " + r.images() + " images stored."), r.command(),
                facts, sections);
    }

    /** @return per key, one marker per method: the percentage retrieved */
    static Chart retrieved(MemoryResult r) {
        List<String> keys = new ArrayList<>();
        List<String> methods = new ArrayList<>();
        for (MemoryResult.Row row : r.results()) {
            if (!keys.contains(row.key())) {
                keys.add(row.key());
            }
            if (!methods.contains(row.method())) {
                methods.add(row.method());
            }
        }
        List<Chart.Series> series = new ArrayList<>();
        for (String m : methods) {
            double[] y = new double[keys.size()];
            Arrays.fill(y, Double.NaN);
            for (MemoryResult.Row row : r.results()) {
                if (row.method().equals(m)) {
                    y[keys.indexOf(row.key())] = row.of() == 0 ? 0 : 100.0 * row.retrieved() / row.of();
                }
            }
            series.add(new Chart.Series(m, y));
        }
        return Chart.dots("retrieved", "images retrieved per method and key", "key", "% retrieved", keys, series);
    }

    /** @return per key, the percentage retrieved against the recall steps */
    static Chart curve(List<RecallCurve.Point> curve) {
        List<Integer> budgets = curve.stream().map(RecallCurve.Point::steps).distinct().sorted().toList();
        List<String> keys = curve.stream().map(RecallCurve.Point::key).distinct().toList();
        List<Chart.Series> series = new ArrayList<>();
        for (String k : keys) {
            double[] y = new double[budgets.size()];
            Arrays.fill(y, Double.NaN);
            for (RecallCurve.Point p : curve) {
                if (p.key().equals(k)) {
                    y[budgets.indexOf(p.steps())] = 100.0 * p.retrieved() / Math.max(1, p.of());
                }
            }
            series.add(new Chart.Series(k, y));
        }
        return Chart.lines("recall-curve", "images retrieved against the recall steps", "recall steps", "% retrieved", false,
                budgets.stream().mapToDouble(Integer::doubleValue).toArray(), series);
    }

    /** @return per method, width and key, the percentage retrieved against N */
    static Chart capacity(List<CapacitySweep.Point> points) {
        List<Integer> counts = points.stream().map(CapacitySweep.Point::images).distinct().sorted().toList();
        List<String> names = points.stream().map(MemoryReport::seriesName).distinct().toList();
        List<Chart.Series> series = new ArrayList<>();
        for (String name : names) {
            double[] y = new double[counts.size()];
            Arrays.fill(y, Double.NaN);
            for (CapacitySweep.Point p : points) {
                if (seriesName(p).equals(name)) {
                    y[counts.indexOf(p.images())] = 100.0 * p.retrieved() / p.images();
                }
            }
            series.add(new Chart.Series(name, y));
        }
        return Chart.lines("capacity", "images retrieved against the images stored", "images stored (N)", "% retrieved", false,
                counts.stream().mapToDouble(Integer::doubleValue).toArray(), series);
    }

    private static String seriesName(CapacitySweep.Point p) {
        return p.method() + (p.width() > 0 ? " n=" + p.width() : "") + ", " + p.key();
    }
}
