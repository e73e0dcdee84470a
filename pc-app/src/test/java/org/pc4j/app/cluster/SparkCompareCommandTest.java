package org.pc4j.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pc4j.app.Main;
import org.pc4j.app.compare.Report;

/**
 * {@code pc4j compare --spark}: the command line's comparison, every method trained through a real Spark
 * ({@code local[N]}). Oracles: on one worker a round is one batch, so every method (backprop, PC, Z-IL by gradient
 * averaging, iPC by parameter averaging) trains as it does in this JVM; on two workers, Z-IL on Spark equals backprop
 * on Spark (two code paths: pc4j's engine, DL4J's computeGradientAndScore), and the bytes per round are the
 * serialised parameters out and gradients back, per worker.
 */
class SparkCompareCommandTest {

    @TempDir
    Path tmp;

    private record Run(int status, String out, String err, JsonNode report) {
    }

    private Run compare(String name, String... args) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path dir = tmp.resolve(name);
        List<String> all = new java.util.ArrayList<>(List.of("compare", "--model", "mlp", "--data", "digits", "--epochs", "1",
                "--report", dir.toString()));
        all.addAll(List.of(args));
        int status = Main.execute(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        JsonNode report = status == 0 ? new ObjectMapper().readTree(dir.resolve(Report.JSON).toFile()) : null;
        return new Run(status, out.toString(), err.toString(), report);
    }

    private static JsonNode method(Run r, String name) {
        for (JsonNode m : r.report().at("/result/methods")) {
            if (m.get("method").asText().equals(name)) {
                return m;
            }
        }
        throw new AssertionError("no method " + name + " in " + r.out());
    }

    @Test
    void onOneWorkerEveryMethodTrainsAsInThisJvm() throws Exception {
        Run local = compare("local", "--methods", "bp,pc:6,ipc:3");
        Run spark = compare("spark", "--methods", "bp,pc:6,ipc:3", "--spark", "local[1]", "--workers", "1");
        assertThat(local.status()).as(local.err()).isZero();
        assertThat(spark.status()).as(spark.err()).isZero();
        for (String m : List.of("bp", "pc(6)", "ipc(3)")) {
            JsonNode l = method(local, m);
            JsonNode s = method(spark, m);
            assertThat(s.get("optimiserSteps").asLong()).as(m).isEqualTo(l.get("optimiserSteps").asLong());
            assertThat(s.get("testMetric").asDouble()).as(m).isEqualTo(l.get("testMetric").asDouble());
            assertThat(s.get("trainLoss").asDouble()).as(m).isCloseTo(l.get("trainLoss").asDouble(),
                    org.assertj.core.data.Percentage.withPercentage(1e-4));
        }
        assertThat(local.report().at("/result/cluster").isNull()).isTrue();
        assertThat(spark.report().at("/result/cluster").asText()).startsWith("Spark local[1]");
    }

    @Test
    void onTwoWorkersZilEqualsBackpropAndTheTableShowsTheBytesMovedPerRound() throws Exception {
        Run r = compare("two", "--methods", "bp,zil,pc", "--spark", "local[2]", "--workers", "2");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("data-parallel on Spark local[2]").contains("MB/round");
        JsonNode bp = method(r, "bp");
        JsonNode zil = method(r, "zil");
        zil.get("zilDivergence").forEach(d -> assertThat(d.asDouble()).as("Z-IL against backprop, both on Spark").isLessThanOrEqualTo(1e-5));
        assertThat(zil.get("testMetric").asDouble()).isEqualTo(bp.get("testMetric").asDouble());
        // digits: 1438 training images in batches of 64 = 23 batches, 2 per round: 11 rounds of 2 workers and 1 of 1
        assertThat(bp.get("optimiserSteps").asLong()).isEqualTo(12);
        long params = 8970; // the printed "mlp, 8,970 parameters"
        assertThat(r.out()).contains("8,970 parameters");
        // per worker and round: the float parameters out and the float gradient back, each with ND4J's header (its
        // shape information and data type: under 200 bytes)
        long payload = 2L * 4 * params;
        double rounds = 12;
        double messages = 11 * 2 + 1;
        for (JsonNode m : List.of(bp, zil, method(r, "pc(20)"))) {
            assertThat(m.get("bytesPerRound").asDouble()).as(m.get("method").asText())
                    .isBetween(messages * payload / rounds, messages * (payload + 2 * 200) / rounds);
        }
        assertThat(bp.get("testMetric").asDouble()).as("it learnt (10% before)").isGreaterThan(0.2);
    }
}
