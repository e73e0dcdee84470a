package org.pc4j.zoo.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * English text for language models. {@link #mobyDickExcerpt()} is embedded in pc-zoo (the first 20 chapters of
 * Moby-Dick, public domain, about 36,000 words); {@link #english(Path)} reads the corpus
 * {@code scripts/fetch-data.sh english} installs (the whole of Moby-Dick, the US State of the Union addresses and the
 * Brown corpus, about 3.2 million words), found by {@link DataLocator}.
 *
 * @param name what the text is
 * @param text the text, UTF-8 decoded
 */
public record TextCorpus(String name, String text) {

    private static final DataLocator ENGLISH = new DataLocator("english", "PC4J_ENGLISH_DIR", List.of(), List.of("moby-dick.txt"));

    /** @return the embedded excerpt of Moby-Dick (see {@code org/pc4j/zoo/data/README-moby-dick.txt}) */
    public static TextCorpus mobyDickExcerpt() {
        try (InputStream in = TextCorpus.class.getResourceAsStream("moby-dick-excerpt.txt.gz")) {
            if (in == null) {
                throw new DataFileException("The pc-zoo jar lacks its text excerpt org/pc4j/zoo/data/moby-dick-excerpt.txt.gz");
            }
            try (GZIPInputStream unzipped = new GZIPInputStream(in)) {
                return new TextCorpus("Moby-Dick, chapters 1-20", new String(unzipped.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new DataFileException("The embedded text excerpt is corrupt: " + e.getMessage(), e);
        }
    }

    /**
     * @param directory the corpus directory, or null to search
     * @return Moby-Dick, then every {@code .txt} file of its {@code sotu} folder (in name order), then {@code brown.txt}
     *         if present
     * @throws DataFileException if the corpus is not installed (saying where it looked and how to get it)
     */
    public static TextCorpus english(Path directory) {
        return english(directory, System.getenv());
    }

    static TextCorpus english(Path directory, Map<String, String> env) {
        Path dir = ENGLISH.locate(directory, env);
        StringBuilder all = new StringBuilder(read(dir.resolve("moby-dick.txt")));
        Path sotu = dir.resolve("sotu");
        if (Files.isDirectory(sotu)) {
            try (Stream<Path> files = Files.list(sotu)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".txt")).sorted().toList()) {
                    all.append("\n\n").append(read(f));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (Files.isRegularFile(dir.resolve("brown.txt"))) {
            all.append("\n\n").append(read(dir.resolve("brown.txt")));
        }
        return new TextCorpus("english (" + dir + ")", all.toString());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DataFileException("Cannot read " + file + " as UTF-8 text: " + e.getMessage(), e);
        }
    }

    /** @return the text's paragraphs (blocks separated by blank lines), whitespace-normalised, non-empty */
    public List<String> paragraphs() {
        List<String> out = new ArrayList<>();
        for (String p : text.split("\\n\\s*\\n")) {
            String clean = p.replaceAll("\\s+", " ").strip();
            if (!clean.isEmpty()) {
                out.add(clean);
            }
        }
        return out;
    }
}
