package org.pc4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README's example is real code: it is in the README verbatim, it compiles, and it trains to a good accuracy. */
class QuickStartTest {

    private static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("README.md"))) {
            dir = dir.getParent();
        }
        return dir;
    }

    @Test
    void readmeShowsTheQuickStartExampleVerbatim() throws IOException {
        Path root = root();
        List<String> source = Files.readAllLines(root.resolve("integration-tests/src/test/java/org/pc4j/examples/QuickStart.java"));
        int begin = source.indexOf(source.stream().filter(l -> l.contains("// README:begin")).findFirst().orElseThrow());
        int end = source.indexOf(source.stream().filter(l -> l.contains("// README:end")).findFirst().orElseThrow());
        int indent = source.get(begin).indexOf("//");
        String snippet = source.subList(begin + 1, end).stream()
                .map(l -> l.length() >= indent ? l.substring(indent) : l.strip())
                .collect(Collectors.joining("\n"));
        String readme = Files.readString(root.resolve("README.md"));
        assertThat(readme).contains(snippet);
    }

    @Test
    void quickStartTrainsDigitsWithIpcToOverNinetyFivePercent() {
        assertThat(QuickStart.run()).isGreaterThan(0.95);
    }
}
