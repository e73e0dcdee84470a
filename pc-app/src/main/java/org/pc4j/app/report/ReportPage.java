package org.pc4j.app.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.pc4j.trainers.io.AtomicFiles;

/**
 * The one report pipeline of the application: a report is a JSON model ({@code report.json}: every number, plus the
 * page's charts as data) and a page ({@code index.html}) rendered from a {@link Page} by one Mustache template, which
 * HTML-escapes every value. The page is self-contained: uPlot (from its webjar in this jar) and the chart script are
 * inlined, the JSON model is embedded, images are inline PNGs; nothing is fetched when it is viewed. Both files are
 * written atomically.
 */
public final class ReportPage {

    /** The page's file name. */
    public static final String PAGE = "index.html";
    /** The JSON model's file name. */
    public static final String JSON = "report.json";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Mustache TEMPLATE = new DefaultMustacheFactory("org/pc4j/app/report").compile("page.mustache");

    private ReportPage() {
    }

    /**
     * @param model the report's numbers (a map or a record Jackson can write); the page's charts are added as
     *              {@code "charts"}
     * @return the JSON model
     */
    public static String json(Map<String, Object> model, Page page) {
        Map<String, Object> doc = new LinkedHashMap<>(model);
        doc.put("charts", page.charts());
        try {
            return MAPPER.writeValueAsString(doc);
        } catch (IOException e) {
            throw new UncheckedIOException("the report's numbers could not be written as JSON", e);
        }
    }

    /** @return the page, with the JSON model embedded for its charts */
    public static String html(Page page, String json) {
        Map<String, Object> scope = new HashMap<>();
        scope.put("page", page);
        // inside a <script> element "</" would end it; "<\/" is the same JSON string and the same script
        scope.put("dataJson", json.replace("</", "<\\/"));
        scope.put("uplotJs", Assets.UPLOT_JS.replace("</script", "<\\/script"));
        scope.put("uplotCss", Assets.UPLOT_CSS);
        scope.put("chartsJs", Assets.CHARTS_JS);
        StringWriter out = new StringWriter();
        TEMPLATE.execute(out, scope);
        return out.toString();
    }

    /**
     * Writes {@code report.json} and {@code index.html} into {@code dir} (created if missing; an earlier report's files
     * are replaced, each whole or not at all).
     *
     * @return the page's path
     * @throws UncheckedIOException if the folder or a file cannot be written
     */
    public static Path write(Path dir, Page page, Map<String, Object> model) {
        try {
            Files.createDirectories(dir);
            String json = json(model, page);
            AtomicFiles.writeString(dir.resolve(JSON), json);
            AtomicFiles.writeString(dir.resolve(PAGE), html(page, json));
            return dir.resolve(PAGE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The web assets inlined into every page, read once from the class path. */
    static final class Assets {
        static final String UPLOT_VERSION = version();
        static final String UPLOT_JS = resource("META-INF/resources/webjars/uplot/" + UPLOT_VERSION + "/dist/uPlot.iife.min.js");
        static final String UPLOT_CSS = resource("META-INF/resources/webjars/uplot/" + UPLOT_VERSION + "/dist/uPlot.min.css");
        static final String CHARTS_JS = resource("org/pc4j/app/report/charts.js");

        private Assets() {
        }

        private static String version() {
            Properties p = new Properties();
            try (InputStream in = ReportPage.class.getResourceAsStream("assets.properties")) {
                if (in == null) {
                    throw new IllegalStateException("assets.properties is missing from the pc-app jar");
                }
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return p.getProperty("uplot");
        }

        private static String resource(String path) {
            try (InputStream in = ReportPage.class.getClassLoader().getResourceAsStream(path)) {
                if (in == null) {
                    throw new IllegalStateException(path + " is missing from the class path (the uPlot webjar, or pc-app's resources)");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
