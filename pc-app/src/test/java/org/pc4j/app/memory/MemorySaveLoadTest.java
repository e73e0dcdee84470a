package org.pc4j.app.memory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pc4j.app.CommandLineRun;

/**
 * {@code pc4j memory --save DIR} and {@code --load DIR}: a loaded memory recalls exactly what the run that stored it
 * recalled (same keys, same recall options: every row's retrieved count and mean MSE equal to the last bit, and the
 * same store energy), without storing again; a folder that stored other images, a storing option with another value,
 * a method the folder does not hold and a damaged file are refused with a message before any work.
 */
class MemorySaveLoadTest {

    @TempDir
    static Path tmp;

    private static Path saved;
    private static JsonNode storedRun;
    private static String storedOut;
    private static String storedPage;

    /** Stores 6 digits (8 x 8) in the PC network and the graph memory, saving both. */
    private static final String[] STORE = {"memory", "--data", "digits", "--images", "6", "--width", "24", "--latent", "6",
            "--store-epochs", "30", "--recall-steps", "40", "--graph-recall-steps", "40", "--graph-neurons", "80", "--methods", "pc,graph,mhn",
            "--key", "keep:0.5,noise:0.05", "--denoise-iterations", "2"};

    private static CommandLineRun run(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return CommandLineRun.of(all);
    }

    @BeforeAll
    static void storeAndSave() throws Exception {
        saved = tmp.resolve("saved");
        Path report = tmp.resolve("stored-report");
        CommandLineRun r = run(STORE, "--save", saved.toString(), "--report", report.toString());
        assertThat(r.status()).as(r.err()).isZero();
        storedOut = r.out();
        storedRun = new ObjectMapper().readTree(report.resolve(MemoryReport.JSON).toFile());
        storedPage = java.nio.file.Files.readString(report.resolve(MemoryReport.PAGE));
    }

    private static Map<String, JsonNode> rows(JsonNode report) {
        Map<String, JsonNode> rows = new HashMap<>();
        for (JsonNode row : report.get("results")) {
            rows.put(row.get("method").asText() + " " + row.get("key").asText(), row);
        }
        return rows;
    }

    private static Map<String, JsonNode> methods(JsonNode report) {
        Map<String, JsonNode> methods = new HashMap<>();
        for (JsonNode m : report.get("methods")) {
            methods.put(m.get("method").asText(), m);
        }
        return methods;
    }

    @Test
    void theSavingRunWritesEachStoredMemoryAndAManifestAndReportsStoreEnergies() {
        assertThat(saved.resolve("pc.zip")).isRegularFile();
        assertThat(saved.resolve("graph.zip")).isRegularFile();
        assertThat(saved.resolve("mhn.zip")).as("the modern Hopfield network stores nothing to save").doesNotExist();
        StoredMemories manifest = StoredMemories.read(saved);
        assertThat(manifest.images()).isEqualTo(6);
        assertThat(manifest.methods()).containsOnlyKeys("pc", "graph");
        assertThat(manifest.options()).containsEntry("--width", "24").containsEntry("--graph-neurons", "80");
        Map<String, JsonNode> methods = methods(storedRun);
        assertThat(methods.get("pc").get("storeEnergy").isNumber()).isTrue();
        assertThat(methods.get("graph").get("storeEnergy").isNumber()).isTrue();
        assertThat(methods.get("mhn").get("storeEnergy").isNull()).isTrue();
        assertThat(manifest.methods().get("graph").storeEnergy()).isEqualTo(methods.get("graph").get("storeEnergy").asDouble());
        assertThat(storedOut).contains("saved: " + saved.resolve("pc.zip").toAbsolutePath())
                .containsPattern("storing \\d+/30 [0-9.]+ s  [a-z0-9 ]+; kept epoch \\d+, store energy [0-9.e+-]+; "
                        + "\\d+ value steps taken back");
        String text = org.jsoup.Jsoup.parse(storedPage).text();
        for (String method : new String[] {"pc", "graph"}) {
            String energy = String.format(java.util.Locale.ROOT, "store energy %.4g", methods.get(method).get("storeEnergy").asDouble());
            assertThat(text.split(java.util.regex.Pattern.quote(energy), -1)).as("the page gives %s's store energy once", method).hasSize(2);
        }
    }

    @Test
    void aLoadedMemoryRecallsExactlyWhatTheStoringRunRecalledWithoutStoringAgain() throws Exception {
        Path report = tmp.resolve("loaded-report");
        // the storing options given again with the same values are accepted
        CommandLineRun r = run(STORE, "--load", saved.toString(), "--report", report.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("storing 30/30").doesNotContain("kept epoch");
        JsonNode loaded = new ObjectMapper().readTree(report.resolve(MemoryReport.JSON).toFile());
        Map<String, JsonNode> before = rows(storedRun);
        Map<String, JsonNode> after = rows(loaded);
        assertThat(after.keySet()).isEqualTo(before.keySet()).hasSize(6);
        for (String row : before.keySet()) {
            assertThat(after.get(row).get("retrieved").asInt()).as(row).isEqualTo(before.get(row).get("retrieved").asInt());
            assertThat(after.get(row).get("meanMse").asDouble()).as(row).isEqualTo(before.get(row).get("meanMse").asDouble());
        }
        Map<String, JsonNode> methods = methods(loaded);
        for (String m : new String[] {"pc", "graph"}) {
            assertThat(methods.get(m).get("storeEnergy").asDouble()).as(m)
                    .isEqualTo(methods(storedRun).get(m).get("storeEnergy").asDouble());
            assertThat(methods.get(m).get("description").asText()).as(m).contains(saved.resolve(m + ".zip").toString());
        }
    }

    @Test
    void theLoadedRunTakesTheStoringOptionsFromTheFolder() throws Exception {
        // no storing option given: the ae baseline gets the saving run's width and updates, and the recall options apply
        Path report = tmp.resolve("options-report");
        CommandLineRun r = CommandLineRun.of("memory", "--data", "digits", "--images", "6", "--methods", "pc", "--key", "keep:0.5",
                "--recall-steps", "40", "--load", saved.toString(), "--report", report.toString());
        assertThat(r.status()).as(r.err()).isZero();
        JsonNode loaded = new ObjectMapper().readTree(report.resolve(MemoryReport.JSON).toFile());
        assertThat(rows(loaded).get("pc keep:0.5").get("meanMse").asDouble())
                .isEqualTo(rows(storedRun).get("pc keep:0.5").get("meanMse").asDouble());
        CommandLineRun longer = CommandLineRun.of("memory", "--data", "digits", "--images", "6", "--methods", "pc", "--key", "keep:0.5",
                "--recall-steps", "3", "--load", saved.toString(), "--no-report");
        assertThat(longer.status()).as(longer.err()).isZero();
        assertThat(longer.out()).as("this run's recall options apply to the loaded memory").contains("; recall: 3 steps of nesterov")
                .doesNotContain("kept epoch");
    }

    private static void refusedBeforeWork(CommandLineRun r, int status, String... phrases) {
        assertThat(r.status()).as(r.out() + r.err()).isEqualTo(status);
        assertThat(r.err()).contains(phrases);
        assertThat(r.out()).doesNotContain("pc4j memory:").doesNotContain("storing").doesNotContain("saved:");
    }

    @Test
    void otherImagesAnotherStoringOptionAMissingMethodOrADamagedFileAreRefusedBeforeAnyWork() throws Exception {
        refusedBeforeWork(CommandLineRun.of("memory", "--data", "digits", "--images", "5", "--methods", "pc", "--load",
                saved.toString(), "--no-report"), 2, "stored 6 images of", "this run asks for 5");
        refusedBeforeWork(CommandLineRun.of("memory", "--data", "digits", "--images", "6", "--methods", "pc", "--width", "32",
                "--load", saved.toString(), "--no-report"), 2, "--width 32 differs from the 24");
        refusedBeforeWork(CommandLineRun.of("memory", "--data", "digits", "--images", "6", "--methods", "linear", "--load",
                saved.toString(), "--no-report"), 2, "holds no saved linear memory", "pc, graph");
        refusedBeforeWork(run(STORE, "--load", tmp.resolve("nowhere").toString(), "--no-report"), 3, "stored.json is missing");

        Path damaged = tmp.resolve("damaged");
        Files.createDirectories(damaged);
        for (String f : new String[] {"stored.json", "graph.zip"}) {
            Files.copy(saved.resolve(f), damaged.resolve(f));
        }
        Files.writeString(damaged.resolve("pc.zip"), "not a model");
        refusedBeforeWork(run(STORE, "--load", damaged.toString(), "--no-report"), 3, "cannot read the saved pc memory");
        Files.writeString(damaged.resolve("stored.json"), "{\"data\": ");
        refusedBeforeWork(run(STORE, "--load", damaged.toString(), "--no-report"), 3, "is not a saved memories' manifest");
    }

    @Test
    void aSaveFolderThatCannotBeWrittenIsRefusedBeforeStoring() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file.txt"), "x");
        refusedBeforeWork(run(STORE, "--save", file.toString(), "--no-report"), 2, "--save");
        refusedBeforeWork(run(STORE, "--save", saved.toString(), "--load", saved.resolve(".").toString(), "--no-report"), 2,
                "--save and --load name the same folder");
    }
}
