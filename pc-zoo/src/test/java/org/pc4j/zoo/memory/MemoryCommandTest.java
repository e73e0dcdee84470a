package org.pc4j.zoo.memory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pc4j.zoo.CommandLineRun;
import org.pc4j.zoo.compare.Chromium;

/**
 * {@code pc4j memory} end to end on the embedded digits (8 x 8): a generative PC network stores 10 digits and must
 * recall at least 9 of them from their top halves within the thesis' partial-key criterion (MSE < 0.001), the four
 * methods' rows reach report.json, and the page renders in headless Chromium with its grids and table.
 */
class MemoryCommandTest {

    @TempDir
    static Path tmp;

    @Test
    void storesTenDigitsRecallsThemFromHalfImagesAndWritesARenderedReport() throws Exception {
        Path dir = tmp.resolve("report");
        CommandLineRun r = CommandLineRun.of("memory", "--data", "digits", "--images", "10", "--width", "128",
                "--store-steps", "1500", "--recall-steps", "1000", "--recall-rate", "0.02", "--denoise-iterations", "2",
                "--key", "keep:0.5,noise:0.05", "--report", dir.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("storing [").contains("retrieved");
        JsonNode json = new ObjectMapper().readTree(dir.resolve(MemoryReport.JSON).toFile());
        JsonNode results = json.get("results");
        assertThat(results).hasSize(8);
        for (JsonNode row : results) {
            assertThat(row.get("of").asInt()).isEqualTo(10);
            assertThat(row.has("meanMse") && row.has("storeSeconds") && row.has("recallSecondsPerIteration")).isTrue();
        }
        JsonNode pcHalf = null;
        for (JsonNode row : results) {
            if (row.get("method").asText().equals("pc") && row.get("key").asText().equals("keep:0.5")) {
                pcHalf = row;
            }
        }
        assertThat(pcHalf).isNotNull();
        assertThat(pcHalf.get("retrieved").asInt()).as("digits recalled from their top half, MSE < 0.001").isGreaterThanOrEqualTo(9);

        Path page = dir.resolve(MemoryReport.PAGE);
        Document dom = Jsoup.parse(Chromium.run(tmp, "--dump-dom", page.toUri().toString()));
        assertThat(dom.select("img.recall-grid")).hasSize(2);
        assertThat(dom.select("table#results tr")).hasSize(1 + 8);
        assertThat(dom.select("svg#capacity rect")).isNotEmpty();
        Path shot = tmp.resolve("memory.png");
        Chromium.run(tmp, "--screenshot=" + shot, "--window-size=1200,1600", page.toUri().toString());
        BufferedImage img = ImageIO.read(shot.toFile());
        long dark = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y);
                if (((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff) < 200) {
                    dark++;
                }
            }
        }
        assertThat(dark).as("dark pixels (text, digit backgrounds) in the screenshot").isGreaterThan(2000);
    }

    @Test
    void moreImagesThanTheDataHoldsIsRefused() {
        CommandLineRun r = CommandLineRun.of("memory", "--data", "digits", "--images", "100000", "--no-report");
        assertThat(r.status()).isNotZero();
        assertThat(r.err()).contains("exceeds the");
    }
}
