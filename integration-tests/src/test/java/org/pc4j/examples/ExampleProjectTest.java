package org.pc4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * pc4j used from a project of its own, as the README tells users to: {@code examples/quickstart-project} has its own
 * pom, depends on the pc4j artifacts in the local Maven repository and chooses its ND4J backend itself. The test
 * installs pc-layers and pc-trainers (the README's step), then builds and runs that project with Maven.
 */
class ExampleProjectTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    private static String run(Path dir, List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("pc4j-example", ".log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(15, TimeUnit.MINUTES);
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        assertThat(done).as("%s finished in time", command).isTrue();
        assertThat(p.exitValue()).as("%s exit status; output:%n%s", command, out).isZero();
        return out;
    }

    @Test
    void aProjectOfItsOwnBuildsAgainstTheInstalledArtifactsAndTrains() throws Exception {
        run(ROOT, List.of("mvn", "-B", "-ntp", "-q", "install", "-DskipTests", "-pl", ".,pc-layers,pc-trainers"));
        String out = run(ROOT.resolve("examples/quickstart-project"), List.of("mvn", "-B", "-ntp", "-q", "compile", "exec:java"));
        assertThat(out).contains("pc4j quick start: iPC(4) test accuracy");
    }
}
