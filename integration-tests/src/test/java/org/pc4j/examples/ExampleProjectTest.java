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
 * installs pc-layers and pc-trainers (the README's step), then builds and runs that project with Maven, both into a
 * local repository of their own under {@code target/} (the developer's {@code ~/.m2} is read as a remote repository,
 * ahead of Maven Central, and never written: an unfinished pc4j build is not installed where other projects see it).
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

    /** @return Maven settings that read {@code userRepo} as a remote repository before Maven Central */
    private static String settings(Path userRepo) {
        String repository = """
                      <%1$s>
                        <id>pc4j-user-local</id>
                        <url>%2$s</url>
                        <releases><enabled>true</enabled></releases>
                        <snapshots><enabled>false</enabled></snapshots>
                      </%1$s>
                """;
        return """
                <settings>
                  <profiles>
                    <profile>
                      <id>user-local</id>
                      <repositories>
                %s      </repositories>
                      <pluginRepositories>
                %s      </pluginRepositories>
                    </profile>
                  </profiles>
                  <activeProfiles><activeProfile>user-local</activeProfile></activeProfiles>
                </settings>
                """.formatted(repository.formatted("repository", userRepo.toUri()), repository.formatted("pluginRepository", userRepo.toUri()));
    }

    @Test
    void aProjectOfItsOwnBuildsAgainstTheInstalledArtifactsAndTrains() throws Exception {
        Path userRepo = Path.of(System.getProperty("pc4j.userRepository", System.getProperty("user.home") + "/.m2/repository"));
        Path target = ROOT.resolve("integration-tests/target");
        Path repo = target.resolve("example-repository");
        Path settings = target.resolve("example-settings.xml");
        Files.writeString(settings, settings(userRepo));
        List<String> isolated = List.of("-s", settings.toString(), "-Dmaven.repo.local=" + repo);
        List<String> install = new java.util.ArrayList<>(List.of("mvn", "-B", "-ntp", "-q"));
        install.addAll(isolated);
        // the README's install, without what the build around this test has already done to these modules (their tests,
        // style and bug checks, coverage): 30 seconds instead of two minutes
        install.addAll(List.of("install", "-Dmaven.test.skip=true", "-Dcheckstyle.skip=true", "-Dspotbugs.skip=true", "-Djacoco.skip=true",
                "-pl", ".,pc-testkit,pc-layers,pc-trainers"));
        run(ROOT, install);
        assertThat(repo.resolve("org/pc4j/pc-trainers/0.1.0-SNAPSHOT")).as("installed in the test's own repository").isDirectory();
        List<String> example = new java.util.ArrayList<>(List.of("mvn", "-B", "-ntp", "-q"));
        example.addAll(isolated);
        example.addAll(List.of("compile", "exec:java"));
        String out = run(ROOT.resolve("examples/quickstart-project"), example);
        assertThat(out).contains("pc4j quick start: iPC(4) test accuracy");
    }
}
