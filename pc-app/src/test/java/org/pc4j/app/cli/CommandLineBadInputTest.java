package org.pc4j.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pc4j.app.CommandLineRun;

/**
 * Arguments that used to be accepted and then failed after the whole run trained (an output path that cannot be
 * written) or silently meant something else (0 for the default, --report with --no-report), sizes that allocated
 * until the process died, and a misspelled command: each is refused before anything is trained, with a message on
 * stderr and exit status 2.
 */
class CommandLineBadInputTest {

    @TempDir
    Path tmp;

    private static CommandLineRun run(String... args) {
        return CommandLineRun.of(args);
    }

    private static void refusedBeforeTraining(CommandLineRun r, String... phrases) {
        assertThat(r.status()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(phrases);
        assertThat(r.out()).doesNotContain("epoch").doesNotContain("report:");
    }

    @Test
    void aReportPathThatCannotBeAFolderIsRefusedBeforeTraining() throws Exception {
        Path file = Files.writeString(tmp.resolve("existing.txt"), "x");
        refusedBeforeTraining(run("compare", "--epochs", "1", "--report", file.toString()), "is an existing file");
        refusedBeforeTraining(run("compare", "--epochs", "1", "--report", file.resolve("below").toString()), "which is a file");
        refusedBeforeTraining(run("compare", "--epochs", "1", "--report", ""), "needs a path");
        refusedBeforeTraining(run("compare", "--epochs", "1", "--report", tmp.toString(), "--no-report"), "--report", "--no-report",
                "mutually exclusive");
    }

    @Test
    void explicitZerosAndImpossibleSizesAreRefused() {
        refusedBeforeTraining(run("compare", "--batch", "0"), "--batch must be >= 1");
        refusedBeforeTraining(run("compare", "--width", "0"), "--width must be >= 1");
        refusedBeforeTraining(run("compare", "--lr", "0"), "--lr must be > 0");
        refusedBeforeTraining(run("compare", "--width", "2000000000"), "parameters", "choose a smaller width or depth");
        refusedBeforeTraining(run("compare", "--depth", "100000"), "at most 1000");
    }

    @Test
    void clusterOptionsNeedSparkAndSparkNeedsItOnTheClasspath() {
        refusedBeforeTraining(run("compare", "--epochs", "1", "--workers", "4"), "need --spark MASTER");
        refusedBeforeTraining(run("compare", "--epochs", "1", "--spark-conf", "spark.executor.memory=2g"), "need --spark MASTER");
        refusedBeforeTraining(run("compare", "--epochs", "1", "--spark", "local[2]", "--workers", "0"), "--workers must be >= 1");
        refusedBeforeTraining(run("compare", "--epochs", "1", "--spark", "local[2]", "--averaging-period", "0"), "--averaging-period must be >= 1");
        refusedBeforeTraining(run("compare", "--epochs", "1", "--spark", " "), "master URL is empty");
        // this module's tests have Spark on their classpath; a class loader that has not stands for a plain run
        assertThatThrownBy(() -> org.pc4j.app.cluster.Cluster.requireSpark(ClassLoader.getPlatformClassLoader()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Apache Spark 3.5").hasMessageContaining("./pc4j");
        org.pc4j.app.cluster.Cluster.requireSpark(CommandLineBadInputTest.class.getClassLoader());
    }

    @Test
    void benchChecksEveryCellAndItsOutputBeforeMeasuring() {
        refusedBeforeTraining(run("bench", "--depths", "2,0", "--widths", "8"), "depth >= 2");
        refusedBeforeTraining(run("bench", "--depths", "2", "--widths", "8,2000000000"), "parameters");
        refusedBeforeTraining(run("bench", "--depths", "2", "--widths", "8", "--csv", tmp.toString()), "is a folder");
        CommandLineRun r = run("bench", "--depths", "2", "--widths", "8", "--rounds", "1");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("--rounds must be >= 2");
    }

    @Test
    void aMisspelledCommandGetsPicoclisSuggestionsAndTheListOfCommands() {
        CommandLineRun r = run("benhc");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("unknown command 'benhc'").containsPattern("did you mean: bench\\b")
                .contains("the commands are compare, equivalence, bench, memory, graph and help");
        assertThat(r.out()).doesNotContain("epoch");
        CommandLineRun options = run("compare", "--epoch", "1");
        assertThat(options.status()).isEqualTo(2);
        assertThat(options.err()).contains("--epoch").contains("did you mean: --epochs");
    }

    @Test
    void sparkMastersAndSettingsAreCheckedBeforeTheDataIsLoaded() {
        for (String master : new String[] {"foo", "local[0]", "local[-1]", "yarn", "spark://host", "spark://127.0.0.1:70000"}) {
            CommandLineRun r = run("compare", "--epochs", "1", "--spark", master);
            refusedBeforeTraining(r, "--spark");
            assertThat(r.out()).as("nothing loaded").doesNotContain("data:");
            assertThat(r.err().lines().count()).as("one line and the help hint: %s", r.err()).isLessThanOrEqualTo(2);
        }
        refusedBeforeTraining(run("compare", "--epochs", "1", "--spark", "local[2]", "--spark-conf", "executor.memory=2g"), "spark.KEY=VALUE");
        refusedBeforeTraining(run("compare", "--epochs", "1", "--train-limit", "128", "--batch", "64", "--spark", "local[2]",
                "--workers", "64"), "--workers 64 exceeds the 2 batches");
    }

    @Test
    void anUnreachableClusterFailsInSecondsWithOneLine() {
        long start = System.nanoTime();
        CommandLineRun r = run("compare", "--epochs", "1", "--spark", "spark://127.0.0.1:1");
        assertThat((System.nanoTime() - start) / 1e9).as("seconds").isLessThan(15);
        assertThat(r.status()).as(r.err()).isEqualTo(5);
        assertThat(r.err()).contains("cannot reach the Spark master at spark://127.0.0.1:1");
        assertThat(r.err().lines().count()).isEqualTo(1);
        assertThat(r.out()).doesNotContain("data:");
    }

    @Test
    void sparkSettingsSparkRefusesAreOneLine() {
        CommandLineRun r = run("compare", "--epochs", "1", "--train-limit", "128", "--methods", "bp", "--no-report", "--spark", "local[2]",
                "--spark-conf", "spark.executor.memory=abc");
        assertThat(r.status()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).contains("Spark could not start on local[2]");
        assertThat(r.err().lines().count()).as(r.err()).isLessThanOrEqualTo(2);
    }

    @Test
    void reportAndCsvPlacesThatCannotHoldAFileAreRefused() {
        refusedBeforeTraining(run("compare", "--epochs", "1", "--report", "/proc/pc4j-report"), "--report", "/proc");
        refusedBeforeTraining(run("bench", "--depths", "2", "--widths", "8", "--csv", "/proc/pc4j-bench.csv"), "--csv", "/proc");
    }
}
