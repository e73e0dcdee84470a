package org.pc4j.zoo.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The English corpus: what it holds where installed, and what it says where not. */
class TextCorpusTest {

    /** Needs the fetched corpus ({@code scripts/fetch-data.sh english}): in the {@code slow} profile, not skipped. */
    @Test
    @org.junit.jupiter.api.Tag("slow")
    void theFullCorpusHoldsMobyDickEveryStateOfTheUnionAddressAndTheBrownCorpus() {
        Path dir = Path.of(System.getProperty("user.home"), ".cache", "pc4j", "english");
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            dir = Path.of(xdg, "pc4j", "english");
        }
        assertThat(dir).as("the English corpus (scripts/fetch-data.sh english)").isDirectory();
        TextCorpus english = TextCorpus.english(null);
        // word counts of the fetched files (Python's str.split): Moby-Dick 208,160, the 233 addresses 1,794,884, and the
        // Brown corpus 1,161,192 (its published token count)
        assertThat(english.text().strip().split("\\s+")).hasSize(208160 + 1794884 + 1161192);
        assertThat(english.text()).startsWith(TextCorpus.mobyDickExcerpt().text().substring(0, 1000));
    }

    @Test
    void theFullCorpusSaysHowToGetItWhenMissing(@TempDir Path home) {
        assertThatThrownBy(() -> TextCorpus.english(null, Map.of("XDG_CACHE_HOME", home.toString())))
                .isInstanceOf(DataFileException.class).hasMessageContainingAll("english", "moby-dick.txt",
                        "scripts/fetch-data.sh english");
    }
}
