package org.pc4j.app.memory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.pc4j.trainers.io.AtomicFiles;

/**
 * Writes a {@code pc4j memory} report folder: {@code index.html}, a self-contained page (images as inline PNG, the
 * chart as inline SVG, no script, nothing fetched) with one image grid per key (original | key | each method's
 * recall), the results table and a chart of the images retrieved per method and key; and {@code report.json} with
 * {@code {"results": [{"method", "key", "retrieved", "of", "meanMse", "storeSeconds", "recallSecondsPerIteration",
 * ...}], "methods", "command", ...}}.
 */
public final class MemoryReport {

    /** The page's file name. */
    public static final String PAGE = "index.html";
    /** The JSON file's name. */
    public static final String JSON = "report.json";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int SCALE = 3;

    private MemoryReport() {
    }

    /** @return the JSON document (grids left out: they are in the page) */
    public static String json(MemoryResult result) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("command", result.command());
        doc.put("data", result.data());
        doc.put("images", result.images());
        doc.put("methods", result.methods());
        doc.put("results", result.results());
        doc.put("curve", result.curve());
        doc.put("capacity", result.capacity());
        try {
            return MAPPER.writeValueAsString(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the report into {@code dir} (created if missing). @return the page's path */
    public static Path write(Path dir, MemoryResult result) {
        try {
            Files.createDirectories(dir);
            AtomicFiles.writeString(dir.resolve(JSON), json(result));
            AtomicFiles.writeString(dir.resolve(PAGE), html(result));
            return dir.resolve(PAGE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + dir + ": " + e.getMessage(), e);
        }
    }

    static String html(MemoryResult r) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>pc4j memory: ")
                .append(escape(r.data())).append("</title>\n<style>body{font-family:sans-serif;margin:2em;color:#222}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:4px 8px;text-align:right}"
                        + "th{background:#eee}td:first-child,td:nth-child(2){text-align:left}.grid{display:inline-block;margin:0 2em 2em 0}"
                        + ".grid img{image-rendering:pixelated;border:1px solid #999}.cols{font-size:12px;display:flex}"
                        + ".cols span{text-align:center}</style></head><body>\n");
        b.append("<h1>pc4j memory</h1>\n<p>").append(escape(r.data())).append(": ").append(r.images())
                .append(" images stored.</p>\n<p><code>").append(escape(r.command())).append("</code></p>\n<ul>");
        for (MemoryResult.Method m : r.methods()) {
            b.append("<li><b>").append(escape(m.method())).append("</b>: ").append(escape(m.description()))
                    .append(String.format(Locale.ROOT, " (stored in %.1f s)", m.storeSeconds())).append("</li>");
        }
        b.append("</ul>\n<h2>Results</h2>\n<table id=\"results\"><tr><th>method</th><th>key</th><th>retrieved</th><th>mean MSE</th>"
                + "<th>criterion</th><th>s to store</th><th>iterations</th><th>s per recall iteration</th></tr>\n");
        for (MemoryResult.Row row : r.results()) {
            b.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%s</td><td>%d / %d</td><td>%.5f</td><td>MSE &lt; %s</td>"
                            + "<td>%.1f</td><td>%d</td><td>%.4f</td></tr>%n", escape(row.method()), escape(row.key()), row.retrieved(),
                    row.of(), row.meanMse(), row.threshold(), row.storeSeconds(), row.iterations(), row.recallSecondsPerIteration()));
        }
        b.append("</table>\n<h2>Images retrieved</h2>\n").append(chart(r)).append("\n");
        if (!r.curve().isEmpty()) {
            b.append("<h2>PC recalls against the recall budget</h2>\n").append(curveChart(r.curve()))
                    .append("\n<table id=\"curve\"><tr><th>key</th><th>steps</th><th>retrieved</th><th>mean MSE</th><th>s</th></tr>\n");
            for (RecallCurve.Point p : r.curve()) {
                b.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%d</td><td>%d / %d</td><td>%.5f</td><td>%.2f</td></tr>%n",
                        escape(p.key()), p.steps(), p.retrieved(), p.of(), p.meanMse(), p.seconds()));
            }
            b.append("</table>\n");
        }
        if (!r.capacity().isEmpty()) {
            b.append("<h2>Capacity: images retrieved against the images stored</h2>\n").append(capacityChart(r.capacity()))
                    .append("\n<table id=\"capacity-table\"><tr><th>method</th><th>width</th><th>key</th><th>N</th><th>retrieved</th>"
                            + "<th>mean MSE</th><th>s to store</th><th>s per recall iteration</th></tr>\n");
            for (CapacitySweep.Point p : r.capacity()) {
                b.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%d</td><td>%d / %d</td><td>%.5f</td>"
                                + "<td>%.1f</td><td>%.4f</td></tr>%n", escape(p.method()), p.width() > 0 ? String.valueOf(p.width()) : "-",
                        escape(p.key()), p.images(), p.retrieved(), p.images(), p.meanMse(), p.storeSeconds(), p.recallSecondsPerIteration()));
            }
            b.append("</table>\n");
        }
        b.append("<h2>Recalls</h2>\n");
        for (MemoryResult.Grid g : r.grids()) {
            b.append("<div class=\"grid\"><h3>key ").append(escape(g.key())).append("</h3><div class=\"cols\">");
            int cell = r.width() * SCALE + 2;
            for (String c : g.columns()) {
                b.append("<span style=\"width:").append(cell).append("px\">").append(escape(c)).append("</span>");
            }
            b.append("</div><img class=\"recall-grid\" alt=\"").append(escape(g.key())).append(" grid\" src=\"data:image/png;base64,")
                    .append(png(g, r.channels(), r.height(), r.width())).append("\"></div>\n");
        }
        b.append("</body></html>\n");
        return b.toString();
    }

    /** @return the grid as a PNG, base64: one tile per cell, 2 pixels apart, each pixel {@link #SCALE} times */
    public static String png(MemoryResult.Grid g, int channels, int height, int width) throws IOException {
        int rows = g.cells().length;
        int cols = g.columns().size();
        int tileW = width * SCALE + 2;
        int tileH = height * SCALE + 2;
        BufferedImage image = new BufferedImage(cols * tileW, Math.max(1, rows) * tileH, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.setRGB(x, y, 0xffffff);
            }
        }
        for (int i = 0; i < rows; i++) {
            for (int c = 0; c < cols; c++) {
                float[] px = g.cells()[i][c];
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        int rgb = 0;
                        for (int ch = 0; ch < 3; ch++) {
                            int source = channels == 3 ? ch : 0;
                            float v = px[(source * height + y) * width + x];
                            int level = Math.round(255 * Math.max(0f, Math.min(1f, v)));
                            rgb = (rgb << 8) | level;
                        }
                        for (int dy = 0; dy < SCALE; dy++) {
                            for (int dx = 0; dx < SCALE; dx++) {
                                image.setRGB(c * tileW + 1 + x * SCALE + dx, i * tileH + 1 + y * SCALE + dy, rgb);
                            }
                        }
                    }
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    /** @return an SVG bar chart: per key, one bar per method, the fraction retrieved */
    static String chart(MemoryResult r) {
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
        String[] colours = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"};
        int bar = 18;
        int group = methods.size() * bar + 24;
        int height = 200;
        int widthPx = 60 + keys.size() * group + 140;
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "<svg id=\"capacity\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-size=\"11\">", widthPx, height + 50));
        s.append(String.format(Locale.ROOT, "<line x1=\"50\" y1=\"10\" x2=\"50\" y2=\"%d\" stroke=\"#333\"/>", height + 10));
        for (int t = 0; t <= 4; t++) {
            double y = 10 + height * (1 - t / 4.0);
            s.append(String.format(Locale.ROOT, "<text x=\"44\" y=\"%.0f\" text-anchor=\"end\">%d%%</text>"
                    + "<line x1=\"50\" x2=\"%d\" y1=\"%.0f\" y2=\"%.0f\" stroke=\"#ddd\"/>", y + 4, t * 25, 60 + keys.size() * group, y, y));
        }
        for (MemoryResult.Row row : r.results()) {
            int k = keys.indexOf(row.key());
            int m = methods.indexOf(row.method());
            double frac = row.of() == 0 ? 0 : (double) row.retrieved() / row.of();
            double h = Math.max(1, height * frac);
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\"><title>%s %s: %d/%d</title></rect>",
                    60 + k * group + m * bar, 10 + height - h, bar - 2, h, colours[m % colours.length], escape(row.method()),
                    escape(row.key()), row.retrieved(), row.of()));
        }
        for (int k = 0; k < keys.size(); k++) {
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                    60 + k * group + methods.size() * bar / 2, height + 28, escape(keys.get(k))));
        }
        for (int m = 0; m < methods.size(); m++) {
            int x = 70 + keys.size() * group;
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>",
                    x, 14 + m * 18, colours[m % colours.length], x + 16, 24 + m * 18, escape(methods.get(m))));
        }
        return s.append("</svg>").toString();
    }

    /** @return an SVG line chart: per key, the fraction retrieved against the recall steps (axis linear from 0) */
    static String curveChart(List<RecallCurve.Point> curve) {
        List<String> keys = new ArrayList<>();
        int most = 1;
        for (RecallCurve.Point p : curve) {
            if (!keys.contains(p.key())) {
                keys.add(p.key());
            }
            most = Math.max(most, p.steps());
        }
        String[] colours = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"};
        int w = 420;
        int h = 200;
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "<svg id=\"recall-curve\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-size=\"11\">", w + 180, h + 50));
        percentAxes(s, w, h);
        for (int t = 0; t <= 4; t++) {
            s.append(String.format(Locale.ROOT, "<text x=\"%.0f\" y=\"%d\" text-anchor=\"middle\">%d</text>",
                    50 + w * t / 4.0, h + 26, Math.round(most * t / 4.0)));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">recall steps</text>", 50 + w / 2, h + 44));
        for (int k = 0; k < keys.size(); k++) {
            StringBuilder points = new StringBuilder();
            for (RecallCurve.Point p : curve) {
                if (p.key().equals(keys.get(k))) {
                    double x = 50 + w * (double) p.steps() / most;
                    double y = 10 + h * (1 - (double) p.retrieved() / Math.max(1, p.of()));
                    points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                    s.append(String.format(Locale.ROOT,
                            "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s, %d steps: %d/%d in %.2f s</title></circle>",
                            x, y, colours[k % colours.length], escape(p.key()), p.steps(), p.retrieved(), p.of(), p.seconds()));
                }
            }
            s.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>",
                    points.toString().trim(), colours[k % colours.length]));
            legend(s, w + 70, k, colours[k % colours.length], keys.get(k));
        }
        return s.append("</svg>").toString();
    }

    /** @return an SVG line chart: per method, width and key, the fraction retrieved against N (N evenly spaced) */
    static String capacityChart(List<CapacitySweep.Point> points) {
        List<Integer> counts = points.stream().map(CapacitySweep.Point::images).distinct().sorted().toList();
        List<String> series = new ArrayList<>();
        for (CapacitySweep.Point p : points) {
            String name = seriesName(p);
            if (!series.contains(name)) {
                series.add(name);
            }
        }
        String[] colours = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"};
        int w = 420;
        int h = 200;
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "<svg id=\"capacity-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-size=\"11\">",
                w + 260, Math.max(h + 50, 20 + 18 * series.size())));
        percentAxes(s, w, h);
        for (int i = 0; i < counts.size(); i++) {
            s.append(String.format(Locale.ROOT, "<text x=\"%.0f\" y=\"%d\" text-anchor=\"middle\">%d</text>", xOf(i, counts.size(), w),
                    h + 26, counts.get(i)));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">images stored (N)</text>", 50 + w / 2, h + 44));
        for (int k = 0; k < series.size(); k++) {
            String colour = colours[k % colours.length];
            String dash = k >= colours.length ? " stroke-dasharray=\"4 3\"" : "";
            StringBuilder line = new StringBuilder();
            for (CapacitySweep.Point p : points) {
                if (seriesName(p).equals(series.get(k))) {
                    double x = xOf(counts.indexOf(p.images()), counts.size(), w);
                    double y = 10 + h * (1 - (double) p.retrieved() / p.images());
                    line.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                    s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s, N %d: %d/%d</title></circle>",
                            x, y, colour, escape(series.get(k)), p.images(), p.retrieved(), p.images()));
                }
            }
            s.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s/>",
                    line.toString().trim(), colour, dash));
            legend(s, w + 70, k, colour, series.get(k));
        }
        return s.append("</svg>").toString();
    }

    /** Draws the axes of a chart {@code w x h} at (50, 10) with gridlines at 0, 25, ..., 100%. */
    private static void percentAxes(StringBuilder s, int w, int h) {
        s.append(String.format(Locale.ROOT, "<line x1=\"50\" y1=\"10\" x2=\"50\" y2=\"%d\" stroke=\"#333\"/>"
                + "<line x1=\"50\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>", h + 10, h + 10, 50 + w, h + 10));
        for (int t = 0; t <= 4; t++) {
            double y = 10 + h * (1 - t / 4.0);
            s.append(String.format(Locale.ROOT, "<text x=\"44\" y=\"%.0f\" text-anchor=\"end\">%d%%</text>"
                    + "<line x1=\"50\" x2=\"%d\" y1=\"%.0f\" y2=\"%.0f\" stroke=\"#ddd\"/>", y + 4, t * 25, 50 + w, y, y));
        }
    }

    /** Draws legend entry {@code k}: a swatch and its label at {@code x}. */
    private static void legend(StringBuilder s, int x, int k, String colour, String label) {
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>",
                x, 14 + k * 18, colour, x + 16, 24 + k * 18, escape(label)));
    }

    private static String seriesName(CapacitySweep.Point p) {
        return p.method() + (p.width() > 0 ? " n=" + p.width() : "") + ", " + p.key();
    }

    private static double xOf(int index, int count, int w) {
        return count == 1 ? 50 + w / 2.0 : 50 + 20 + (w - 40) * (double) index / (count - 1);
    }

    /** @return {@code s} safe inside HTML text and attribute values */
    public static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
