package org.pc4j.app.graph;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.pc4j.app.memory.MemoryReport;
import org.pc4j.app.memory.MemoryResult;
import org.pc4j.trainers.io.AtomicFiles;

/**
 * Writes a {@code pc4j graph} report folder: {@code index.html} (self-contained: the image grid as an inline PNG, the
 * energy over the query's steps as an inline SVG, the table) and {@code report.json} with {@code {"topology", "neurons",
 * "query", "accuracy", "mse", "secondsPerStep", ...}} (accuracy for classification, mse for completion and denoising,
 * null otherwise).
 */
public final class GraphReport {

    /** The page's file name. */
    public static final String PAGE = "index.html";
    /** The JSON file's name. */
    public static final String JSON = "report.json";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int SCALE = 3;

    private GraphReport() {
    }

    /** @return the JSON document */
    public static String json(GraphResult r) {
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
        try {
            return MAPPER.writeValueAsString(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the report into {@code dir}. @return the page's path */
    public static Path write(Path dir, GraphResult r) {
        try {
            Files.createDirectories(dir);
            AtomicFiles.writeString(dir.resolve(JSON), json(r));
            AtomicFiles.writeString(dir.resolve(PAGE), html(r));
            return dir.resolve(PAGE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + dir + ": " + e.getMessage(), e);
        }
    }

    static String html(GraphResult r) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>pc4j graph: ").append(escape(r.query()))
                .append("</title>\n<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse}"
                        + "td,th{border:1px solid #bbb;padding:4px 8px;text-align:right}th{background:#eee}td:first-child{text-align:left}"
                        + ".grid img{image-rendering:pixelated;border:1px solid #999}.cols{font-size:12px;display:flex}"
                        + ".cols span{text-align:center}</style></head><body>\n");
        b.append("<h1>pc4j graph</h1>\n<p>").append(escape(r.topology())).append(": ").append(r.neurons()).append(" neurons, ")
                .append(r.edges()).append(" edges; ").append(escape(r.data())).append(r.loadedFrom() != null
                        ? ", loaded from " + escape(r.loadedFrom()) + ".</p>\n"
                        : String.format(Locale.ROOT, ", trained on %d images in %.1f s.</p>%n", r.trainImages(), r.trainSeconds()))
                .append("<p><code>").append(escape(r.command())).append("</code></p>\n");
        b.append("<table id=\"results\"><tr><th>query</th><th>test images</th><th>accuracy</th><th>MSE</th><th>autoencoder MSE</th>"
                + "<th>steps</th><th>s per step</th></tr>\n");
        b.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%d</td><td>%s</td><td>%s</td><td>%s</td><td>%d</td><td>%.5f</td></tr>%n</table>\n",
                escape(r.query()) + (r.labelGiven() ? " given the label" : ""), r.testImages(),
                r.accuracy() == null ? "-" : String.format(Locale.ROOT, "%.4f", r.accuracy()),
                r.mse() == null ? "-" : String.format(Locale.ROOT, "%.5f", r.mse()),
                r.aeMse() == null ? "-" : String.format(Locale.ROOT, "%.5f", r.aeMse()), r.steps(), r.secondsPerStep()));
        b.append("<h2>Energy over the query's steps (first batch)</h2>\n").append(energyChart(r.energies())).append("\n");
        MemoryResult.Grid g = r.grid();
        b.append("<h2>").append(escape(g.key())).append("</h2>\n<div class=\"grid\"><div class=\"cols\">");
        int cell = r.width() * SCALE + 2;
        for (String c : g.columns()) {
            b.append("<span style=\"width:").append(cell).append("px\">").append(escape(c)).append("</span>");
        }
        b.append("</div><img class=\"graph-grid\" alt=\"").append(escape(g.key())).append("\" src=\"data:image/png;base64,")
                .append(MemoryReport.png(g, r.channels(), r.height(), r.width())).append("\"></div>\n</body></html>\n");
        return b.toString();
    }

    /** @return an SVG line of the energy against the step, on a log scale when it spans more than a decade */
    static String energyChart(double[] energies) {
        int w = 420;
        int h = 200;
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (double e : energies) {
            lo = Math.min(lo, e);
            hi = Math.max(hi, e);
        }
        boolean log = lo > 0 && hi / lo > 10;
        double a = log ? Math.log10(lo) : lo;
        double z = log ? Math.log10(hi) : hi;
        double span = z > a ? z - a : 1;
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "<svg id=\"energy\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-size=\"11\">", w + 90, h + 50));
        s.append(String.format(Locale.ROOT, "<line x1=\"70\" y1=\"10\" x2=\"70\" y2=\"%d\" stroke=\"#333\"/><line x1=\"70\" y1=\"%d\" "
                + "x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>", h + 10, h + 10, 70 + w, h + 10));
        s.append(String.format(Locale.ROOT, "<text x=\"64\" y=\"14\" text-anchor=\"end\">%.3g</text><text x=\"64\" y=\"%d\" "
                + "text-anchor=\"end\">%.3g</text>", hi, h + 10, lo));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">step (0 .. %d)%s</text>", 70 + w / 2, h + 34,
                energies.length - 1, log ? ", energy on a log scale" : ""));
        StringBuilder pts = new StringBuilder();
        for (int t = 0; t < energies.length; t++) {
            double v = log ? Math.log10(energies[t]) : energies[t];
            pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", 70 + w * (energies.length == 1 ? 0.5 : (double) t / (energies.length - 1)),
                    10 + h * (1 - (v - a) / span)));
        }
        s.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\"/>", pts.toString().trim()));
        return s.append("</svg>").toString();
    }

    private static String escape(String s) {
        return MemoryReport.escape(s);
    }
}
