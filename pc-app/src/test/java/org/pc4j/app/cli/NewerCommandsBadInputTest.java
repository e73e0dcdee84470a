package org.pc4j.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pc4j.app.CommandLineRun;

/**
 * Bad input on the commands added after the comparison (graph, memory): each was accepted and then failed after the
 * work (an output that could not be written, losing the trained graph), silently did nothing or something else, or
 * failed with a message naming no option. Each is refused before any data is loaded or anything is trained, with a
 * message naming the option, on stderr, with exit status 2.
 */
class NewerCommandsBadInputTest {

    @TempDir
    Path tmp;

    /** A graph run that would train for a few seconds if nothing refused it. */
    private static final String[] GRAPH = {"graph", "--data", "digits", "--neurons", "100", "--train-limit", "64",
            "--test-limit", "8", "--query-steps", "5", "--no-autoencoder"};

    /** A memory run that would store a few images if nothing refused it. */
    private static final String[] MEMORY = {"memory", "--data", "digits", "--images", "2", "--store-epochs", "5",
            "--recall-steps", "5", "--methods", "mhn"};

    private static CommandLineRun run(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return CommandLineRun.of(all);
    }

    private static void refusedBeforeWork(CommandLineRun r, String... phrases) {
        assertThat(r.status()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).contains(phrases);
        assertThat(r.out()).doesNotContain("pc4j graph:").doesNotContain("pc4j memory:").doesNotContain("report:")
                .doesNotContain("saved:");
    }

    @Test
    void graphChecksWhereItSavesAndReportsBeforeTraining() throws Exception {
        Path file = Files.writeString(tmp.resolve("existing.txt"), "x");
        refusedBeforeWork(run(GRAPH, "--no-report", "--save", tmp.toString()), "--save", "is a folder");
        refusedBeforeWork(run(GRAPH, "--no-report", "--save", file.resolve("graph.zip").toString()), "--save", "which is a file");
        refusedBeforeWork(run(GRAPH, "--report", file.toString()), "--report", "is an existing file");
        refusedBeforeWork(run(GRAPH, "--report", file.resolve("below").toString()), "--report", "which is a file");
    }

    @Test
    void aPlaceThatSaysWritableButCannotHoldAFileIsRefused() {
        // /proc answers "writable" to root, but no file can be created in it
        refusedBeforeWork(run(GRAPH, "--report", "/proc/pc4j-report"), "--report", "/proc");
        refusedBeforeWork(run(MEMORY, "--report", "/proc/pc4j-report"), "--report", "/proc");
        refusedBeforeWork(run(GRAPH, "--no-report", "--save", "/proc/pc4j-graph.zip"), "--save", "/proc");
    }

    @Test
    void memoryChecksItsReportBeforeLoadingOrStoring() throws Exception {
        Path file = Files.writeString(tmp.resolve("existing.txt"), "x");
        refusedBeforeWork(run(MEMORY, "--report", file.toString()), "--report", "is an existing file");
    }

    @Test
    void learningRatesMustBePositiveAndFinite() {
        refusedBeforeWork(run(GRAPH, "--no-report", "--lr", "NaN"), "--lr");
        refusedBeforeWork(run(GRAPH, "--no-report", "--lr", "-1"), "--lr");
        refusedBeforeWork(run(GRAPH, "--no-report", "--lr", "Infinity"), "--lr");
        refusedBeforeWork(run(MEMORY, "--no-report", "--lr", "NaN"), "--lr");
        refusedBeforeWork(run(MEMORY, "--no-report", "--lr", "0"), "--lr");
        refusedBeforeWork(run(MEMORY, "--no-report", "--graph-store-rate", "NaN"), "--graph-store-rate");
        refusedBeforeWork(run(MEMORY, "--no-report", "--graph-store-rate", "-0.5"), "--graph-store-rate");
        refusedBeforeWork(run(MEMORY, "--no-report", "--graph-store-steps", "0"), "--graph-store-steps");
        refusedBeforeWork(run(MEMORY, "--no-report", "--graph-recall-steps", "0"), "--graph-recall-steps");
        refusedBeforeWork(run(MEMORY, "--no-report", "--graph-recall-method", "adam"), "--graph-recall-method is plain, nesterov or auto", "adam");
    }

    @Test
    void runsThatWouldDoNothingOrTheSameTwiceAreRefused() {
        refusedBeforeWork(run(GRAPH, "--no-report", "--epochs", "0"), "--epochs must be >= 1");
        CommandLineRun none = CommandLineRun.of("memory", "--data", "digits", "--images", "2", "--methods", ",", "--no-report");
        refusedBeforeWork(none, "--methods");
        CommandLineRun twice = CommandLineRun.of("memory", "--data", "digits", "--images", "2", "--methods", "mhn,mhn", "--no-report");
        refusedBeforeWork(twice, "--methods", "mhn", "twice");
        refusedBeforeWork(run(MEMORY, "--no-report", "--beta", "1e308"), "--beta 1.0E308 overflows");
    }

    @Test
    void messagesNameTheOption() {
        refusedBeforeWork(run(MEMORY, "--no-report", "--width", "0"), "--width must be >= 1");
        refusedBeforeWork(run(MEMORY, "--no-report", "--latent", "0"), "--latent must be >= 1");
        refusedBeforeWork(run(MEMORY, "--no-report", "--store-patience", "0"), "--store-patience must be >= 1");
        refusedBeforeWork(run(MEMORY, "--no-report", "--hidden-precision", "-1"), "--hidden-precision");
        refusedBeforeWork(run(MEMORY, "--no-report", "--key", "keep:2"), "--key", "keep:p needs 0 < p < 1");
        refusedBeforeWork(run(MEMORY, "--no-report", "--methods", "pc,foo"), "--methods", "unknown method 'foo'", "mhn");
        refusedBeforeWork(run(MEMORY, "--no-report", "--start", "random"), "--start", "unknown start 'random'", "zero", "forward");
        refusedBeforeWork(run(GRAPH, "--no-report", "--start", "zero"), "--start", "unknown start 'zero'", "random", "forward");
        refusedBeforeWork(run(GRAPH, "--no-report", "--start", "forward"), "--start forward", "--topology fc has cycles");
        refusedBeforeWork(run(GRAPH, "--no-report", "--ae-width", "0"), "--ae-width must be >= 1");
        refusedBeforeWork(run(GRAPH, "--no-report", "--activation", "foo"), "--activation", "foo", "tanh");
        refusedBeforeWork(run(GRAPH, "--no-report", "--train-steps", "0"), "--train-steps must be >= 1");
        refusedBeforeWork(run(GRAPH, "--no-report", "--query-method", "fast"), "--query-method is plain or nesterov", "fast");
        refusedBeforeWork(run(GRAPH, "--no-report", "--eval-every", "-1"), "--eval-every", ">= 0");
        refusedBeforeWork(run(GRAPH, "--no-report", "--label-precision", "0"), "--label-precision", "> 0");
        refusedBeforeWork(run(GRAPH, "--no-report", "--label-precision", "NaN"), "--label-precision", "> 0");
    }

    @Test
    void sizesThatCannotBeAllocatedAreRefusedWithTheirSize() {
        refusedBeforeWork(CommandLineRun.of("graph", "--data", "digits", "--neurons", "2000000000", "--no-report"),
                "2,000,000,000 neurons", "GB");
        refusedBeforeWork(CommandLineRun.of("graph", "--data", "digits", "--neurons", "60000", "--no-report"), "60,000 neurons");
        refusedBeforeWork(run(MEMORY, "--no-report", "--depth", "100000"), "--depth", "at most 1000");
        refusedBeforeWork(run(MEMORY, "--no-report", "--depth", "1"), "--depth", "at least 2");
        refusedBeforeWork(run(MEMORY, "--no-report", "--methods", "pc,graph", "--graph-neurons", "2000000000"), "2,000,000,000 neurons", "GB");
        refusedBeforeWork(run(MEMORY, "--no-report", "--methods", "pc,graph", "--graph-neurons", "10"), "--graph-neurons 10", "64 values");
        refusedBeforeWork(run(MEMORY, "--no-report", "--graph-neurons", "0"), "--graph-neurons must be >= 1");
        refusedBeforeWork(run(MEMORY, "--no-report", "--graph-recall-rate", "0"), "--graph-recall-rate");
    }

    @Test
    void aGraphThatCannotBeLoadedIsReportedAsSuchAndLoadIgnoresNoOption() throws Exception {
        CommandLineRun missing = CommandLineRun.of("graph", "--data", "digits", "--no-report", "--load", tmp.resolve("none.zip").toString());
        assertThat(missing.status()).as(missing.err()).isEqualTo(3);
        assertThat(missing.err()).contains("cannot read the graph").doesNotContain("could not write");
        Path junk = Files.writeString(tmp.resolve("junk.zip"), "not a graph");
        CommandLineRun bad = CommandLineRun.of("graph", "--data", "digits", "--no-report", "--load", junk.toString());
        assertThat(bad.status()).as(bad.err()).isEqualTo(3);
        assertThat(bad.err()).contains("junk.zip").doesNotContain("could not write");
        refusedBeforeWork(CommandLineRun.of("graph", "--data", "digits", "--load", junk.toString(), "--neurons", "500", "--no-report"),
                "--neurons", "--load");
        refusedBeforeWork(CommandLineRun.of("graph", "--data", "digits", "--load", junk.toString(), "--topology", "assembly", "--no-report"),
                "--topology", "--load");
        refusedBeforeWork(CommandLineRun.of("graph", "--data", "digits", "--load", junk.toString(), "--eval-every", "100", "--no-report"),
                "--eval-every", "--load");
        refusedBeforeWork(CommandLineRun.of("graph", "--data", "digits", "--load", junk.toString(), "--no-shuffle", "--no-report"),
                "--shuffle", "--load");
        refusedBeforeWork(CommandLineRun.of("graph", "--data", "digits", "--load", junk.toString(), "--label-precision", "0.01",
                "--no-report"), "--label-precision", "--load");
    }
}
