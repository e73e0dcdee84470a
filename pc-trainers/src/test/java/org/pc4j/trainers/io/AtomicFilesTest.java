package org.pc4j.trainers.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    private java.util.List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void writesANewFileAndReplacesAnOldOne() throws IOException {
        Path file = dir.resolve("report.json");
        AtomicFiles.writeString(file, "{\"a\": 1}");
        assertThat(Files.readString(file)).isEqualTo("{\"a\": 1}");
        AtomicFiles.writeString(file, "é");
        assertThat(Files.readString(file)).isEqualTo("é");
        assertThat(files()).containsExactly(file);
    }

    @Test
    void aWriteThatFailsLeavesTheOldContentAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("graph.zip");
        AtomicFiles.writeString(file, "the good one");
        assertThatThrownBy(() -> AtomicFiles.write(file, out -> {
            out.write(new byte[] {1, 2, 3});
            throw new IOException("No space left on device");
        })).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> AtomicFiles.write(file, out -> {
            throw new IllegalStateException("a bug in the writer");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(Files.readString(file)).isEqualTo("the good one");
        assertThat(files()).containsExactly(file);
    }

    @Test
    void aMissingFolderIsAnError() {
        assertThatThrownBy(() -> AtomicFiles.writeString(dir.resolve("no/such/folder/x.txt"), "x")).isInstanceOf(IOException.class);
    }
}
