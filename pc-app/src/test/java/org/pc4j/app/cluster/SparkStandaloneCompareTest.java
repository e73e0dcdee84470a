package org.pc4j.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pc4j.app.Main;
import org.pc4j.spark.StandaloneCluster;

/**
 * {@code pc4j compare --spark} on a real standalone cluster: Spark's Master and two Worker JVMs on 127.0.0.1 (one
 * core each), the executors in their own JVMs. Slow profile ({@code mvn -Pslow verify -pl pc-app}).
 */
@Tag("slow")
class SparkStandaloneCompareTest {

    @Test
    void theCompareCommandTrainsOnAStandaloneClusterWithZilEqualToBackprop(@TempDir Path tmp) {
        try (StandaloneCluster cluster = new StandaloneCluster(tmp, 2)) {
            java.io.StringWriter out = new java.io.StringWriter();
            java.io.StringWriter err = new java.io.StringWriter();
            int status = Main.execute(new String[] {"compare", "--model", "mlp", "--data", "digits", "--epochs", "1",
                    "--methods", "bp,zil", "--no-report", "--spark", cluster.masterUrl(), "--workers", "2",
                    "--spark-conf", "spark.driver.host=127.0.0.1", "--spark-conf", "spark.driver.bindAddress=127.0.0.1",
                    "--spark-conf", "spark.executor.memory=1g", "--spark-conf", "spark.cores.max=2", "--spark-conf", "spark.executor.cores=1"},
                    new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true));
            assertThat(status).as(err.toString()).isZero();
            assertThat(out.toString()).contains("data-parallel on Spark " + cluster.masterUrl()).contains("MB/round");
            // the rows: method, test accuracy, ...; Z-IL's accuracy is backprop's
            java.util.Map<String, String> accuracy = new java.util.HashMap<>();
            for (String line : out.toString().split("\n")) {
                String[] cells = line.trim().split("\\s+");
                if (cells.length > 2 && (cells[0].equals("bp") || cells[0].equals("zil"))) {
                    accuracy.put(cells[0], cells[1]);
                }
            }
            assertThat(accuracy).containsKeys("bp", "zil");
            assertThat(accuracy.get("zil")).isEqualTo(accuracy.get("bp"));
        }
    }
}
