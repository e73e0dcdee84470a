package org.pc4j.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pc4j.app.CommandLineRun;
import org.pc4j.trainers.graph.PcGraph;

/** {@code pc4j graph --label-precision}: the label neurons' precision, the others' 1, trained with and saved with the graph. */
class GraphLabelPrecisionTest {

    @TempDir
    Path tmp;

    @Test
    void theLabelNeuronsAndOnlyThemGetThePrecisionAndTheSavedGraphKeepsIt() throws Exception {
        Path saved = tmp.resolve("graph.zip");
        CommandLineRun r = CommandLineRun.of("graph", "--data", "digits", "--neurons", "100", "--train-limit", "64", "--test-limit", "32",
                "--query-steps", "5", "--label-precision", "0.01", "--no-report", "--save", saved.toString());
        assertThat(r.status()).as(r.err()).isZero();
        double[] precision = PcGraph.load(saved).config().precision();
        assertThat(precision).hasSize(100);
        for (int i = 0; i < 100; i++) {
            assertThat(precision[i]).as("neuron %d (the 64 pixels, then the 10 labels, then the hidden ones)", i)
                    .isEqualTo(i >= 64 && i < 74 ? 0.01 : 1.0);
        }
        CommandLineRun plain = CommandLineRun.of("graph", "--data", "digits", "--neurons", "100", "--train-limit", "64", "--test-limit", "32",
                "--query-steps", "5", "--no-report", "--save", tmp.resolve("plain.zip").toString());
        assertThat(plain.status()).as(plain.err()).isZero();
        assertThat(PcGraph.load(tmp.resolve("plain.zip")).config().precision()).as("the default: 1 everywhere").isNull();
    }
}
