package org.pc4j.app.memory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pc4j.app.CommandLineRun;
import org.pc4j.app.compare.Chromium;

/**
 * {@code pc4j memory} end to end on the embedded Fashion-MNIST sample (28 x 28): a generative PC network stores 10
 * images and must recall at least 9 of them from their top halves within the thesis' partial-key criterion (MSE <
 * 0.001; the modern Hopfield network recalls 1 of them in the same setting), the four
 * methods' rows reach report.json, and the page renders in headless Chromium with its grids and table.
 */
class MemoryCommandTest {

    @TempDir
    static Path tmp;

    @Tag("browser") // headless Chromium renders the report: scripts/install-chromium.sh, or skip with -Dsurefire.excludedGroups=slow,browser
    @Test
    void storesTenDigitsRecallsThemFromHalfImagesAndWritesARenderedReport() throws Exception {
        Path dir = tmp.resolve("report");
        CommandLineRun r = CommandLineRun.of("memory", "--data", "fashion-sample", "--images", "10", "--width", "128",
                "--latent", "16", "--store-epochs", "100", "--lr", "3e-3", "--recall-steps", "300", "--denoise-iterations", "2",
                "--key", "keep:0.5,noise:0.05", "--curve", "2,300", "--report", dir.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("storing \\d+/\\d+ [0-9.]+ s  [a-z0-9 ]+; kept epoch \\d+, store energy").contains("retrieved");
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
        assertThat(pcHalf.get("retrieved").asInt()).as("images recalled from their top half, MSE < 0.001").isGreaterThanOrEqualTo(9);

        JsonNode curve = json.get("curve");
        assertThat(curve).as("one point per budget for the one partial key").hasSize(2);
        assertThat(curve.get(0).get("steps").asInt()).isEqualTo(2);
        assertThat(curve.get(1).get("steps").asInt()).isEqualTo(300);
        assertThat(curve.get(1).get("retrieved").asInt()).as("the full budget recalls what the run recalled").isGreaterThanOrEqualTo(9);
        assertThat(curve.get(0).get("retrieved").asInt()).as("one value step from the prior leaves the free pixels near "
                + "the mean image").isLessThan(9);

        Path page = dir.resolve(MemoryReport.PAGE);
        Document dom = Jsoup.parse(Chromium.run(tmp, "--dump-dom", page.toUri().toString()));
        assertThat(dom.select("img.recall-grid")).hasSize(2);
        assertThat(dom.select("table#results tr")).hasSize(1 + 8);
        assertThat(dom.body().attr("data-rendered")).as("the charts' script ran to the end").isEqualTo("true");
        assertThat(dom.select("#chart-retrieved canvas")).hasSize(1);
        assertThat(dom.select("#chart-retrieved").attr("data-series")).as("one series per method").isEqualTo("4");
        assertThat(dom.select("#chart-retrieved").attr("data-points")).as("4 methods x 2 keys").isEqualTo("8");
        assertThat(dom.select("#chart-recall-curve").attr("data-series")).isEqualTo("1");
        assertThat(dom.select("table#curve tr")).hasSize(1 + 2);
        long dark = Chromium.darkPixels(tmp, page, "1200,1600");
        assertThat(dark).as("dark pixels (text, digit backgrounds) in the screenshot").isGreaterThan(2000);
    }

    @Test
    void theCapacitySweepStoresEachCountAfreshPerWidthAndItsPointAtTheRunsSizeIsTheRunsRow() throws Exception {
        Path dir = tmp.resolve("capacity");
        CommandLineRun r = CommandLineRun.of("memory", "--data", "fashion-sample", "--images", "6", "--width", "64",
                "--methods", "pc,mhn", "--store-epochs", "30", "--recall-steps", "30", "--key", "keep:0.5",
                "--capacity-images", "3,6", "--capacity-widths", "32,64", "--report", dir.toString());
        assertThat(r.status()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(dir.resolve(MemoryReport.JSON).toFile());
        JsonNode capacity = json.get("capacity");
        assertThat(capacity).as("pc: 2 widths x 2 counts; mhn (no width): 2 counts").hasSize(6);
        for (String method : new String[] {"pc", "mhn"}) {
            JsonNode row = null;
            for (JsonNode x : json.get("results")) {
                if (x.get("method").asText().equals(method)) {
                    row = x;
                }
            }
            JsonNode same = null;
            for (JsonNode p : capacity) {
                if (p.get("method").asText().equals(method) && p.get("images").asInt() == 6
                        && (method.equals("mhn") ? p.get("width").asInt() == 0 : p.get("width").asInt() == 64)) {
                    same = p;
                }
            }
            assertThat(same).as(method + " at the run's N and width").isNotNull();
            assertThat(same.get("retrieved").asInt()).as(method + ": stored afresh with the same seed, the same keys").isEqualTo(row.get("retrieved").asInt());
            assertThat(same.get("meanMse").asDouble()).as(method).isEqualTo(row.get("meanMse").asDouble());
        }
        double[] pcMse = new double[2];
        for (JsonNode p : capacity) {
            assertThat(p.get("retrieved").asInt()).isBetween(0, p.get("images").asInt());
            if (p.get("method").asText().equals("pc") && p.get("images").asInt() == 6) {
                pcMse[p.get("width").asInt() == 32 ? 0 : 1] = p.get("meanMse").asDouble();
            }
        }
        assertThat(pcMse[0]).as("a network of width 32 is another network than width 64").isNotEqualTo(pcMse[1]);
        Document dom = Jsoup.parse(Files.readString(dir.resolve(MemoryReport.PAGE)));
        assertThat(dom.select("figure#chart-capacity")).hasSize(1);
        JsonNode chart = null;
        for (JsonNode c : json.get("charts")) {
            if (c.get("id").asText().equals("capacity")) {
                chart = c;
            }
        }
        assertThat(chart).as("the capacity chart in the JSON model the page draws").isNotNull();
        assertThat(chart.get("x")).extracting(JsonNode::asInt).containsExactly(3, 6);
        assertThat(chart.get("series")).extracting(s -> s.get("label").asText()).as("pc n=32, pc n=64, mhn")
                .containsExactly("pc n=32, keep:0.5", "pc n=64, keep:0.5", "mhn, keep:0.5");
        assertThat(dom.select("table#capacity-table tr")).hasSize(1 + 6);
    }

    @Test
    void aStoredStartKeyRecallsThePcMethodFromTheStoredImagesAndSkipsMethodsWithoutAStart() throws Exception {
        Path dir = tmp.resolve("stored");
        CommandLineRun r = CommandLineRun.of("memory", "--data", "fashion-sample", "--images", "4", "--width", "32", "--latent", "8",
                "--methods", "pc,mhn", "--store-epochs", "20", "--recall-steps", "20", "--key", "keep:0.5,stored:0.5", "--report", dir.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("mhn      stored:0.5 skipped: its recall has no start to set");
        JsonNode json = new ObjectMapper().readTree(dir.resolve(MemoryReport.JSON).toFile());
        assertThat(json.get("results")).extracting(x -> x.get("method").asText() + " " + x.get("key").asText())
                .containsExactly("pc keep:0.5", "pc stored:0.5", "mhn keep:0.5");
        Document dom = Jsoup.parse(Files.readString(dir.resolve(MemoryReport.PAGE)));
        assertThat(dom.select("img.recall-grid")).as("one grid per key, the stored key's with the pc columns only").hasSize(2);

        CommandLineRun withoutPc = CommandLineRun.of("memory", "--data", "digits", "--images", "5", "--methods", "mhn",
                "--key", "stored:0.5", "--no-report");
        assertThat(withoutPc.status()).isNotZero();
        assertThat(withoutPc.err()).contains("only the pc, graph and linear methods can");
    }

    @Test
    void capacityCountsBeyondTheDataOrWidthsWithoutCountsAreRefused() {
        CommandLineRun r = CommandLineRun.of("memory", "--data", "digits", "--images", "5", "--methods", "mhn",
                "--capacity-images", "5,100000", "--no-report");
        assertThat(r.status()).isNotZero();
        assertThat(r.err()).contains("--capacity-images must each be in 1..");
        CommandLineRun w = CommandLineRun.of("memory", "--data", "digits", "--images", "5", "--methods", "mhn",
                "--capacity-widths", "8", "--no-report");
        assertThat(w.status()).isNotZero();
        assertThat(w.err()).contains("--capacity-widths needs --capacity-images");
    }

    @Test
    void aCurveWithoutThePcMethodOrAPartialKeyIsRefused() {
        CommandLineRun r = CommandLineRun.of("memory", "--data", "digits", "--images", "5", "--methods", "mhn", "--curve", "10", "--no-report");
        assertThat(r.status()).isNotZero();
        assertThat(r.err()).contains("--curve measures the pc method");
        CommandLineRun bad = CommandLineRun.of("memory", "--data", "digits", "--images", "5", "--curve", "0", "--no-report");
        assertThat(bad.status()).isNotZero();
        assertThat(bad.err()).contains(">= 1 recall step");
    }

    @Test
    void moreImagesThanTheDataHoldsIsRefused() {
        CommandLineRun r = CommandLineRun.of("memory", "--data", "digits", "--images", "100000", "--no-report");
        assertThat(r.status()).isNotZero();
        assertThat(r.err()).contains("exceeds the");
    }
}
