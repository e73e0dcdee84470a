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
        refusedBeforeTraining(run("compare", "--epochs", "1", "--report", tmp.toString(), "--no-report"), "contradict");
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
    void aMisspelledCommandGetsASuggestion() {
        CommandLineRun r = run("benhc");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("unknown command 'benhc'").contains("did you mean 'bench'");
        CommandLineRun far = run("train");
        assertThat(far.status()).isEqualTo(2);
        assertThat(far.err()).contains("unknown command 'train'").doesNotContain("did you mean");
    }
}
