package org.pc4j.zoo.text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.deeplearning4j.text.tokenization.tokenizer.Tokenizer;
import org.deeplearning4j.text.tokenization.tokenizerfactory.BertWordPieceTokenizerFactory;
import org.pc4j.zoo.data.TextCorpus;
import org.pc4j.trainers.io.AtomicFiles;

/**
 * Text to token ids with DL4J's WordPiece tokenizer ({@link BertWordPieceTokenizerFactory}: lower-casing, accent
 * stripping, punctuation splitting, greedy longest-match word pieces), over a vocabulary built from a corpus by
 * {@link #train}: the special tokens, every character of the corpus alone and as a {@code ##} continuation, then the
 * most frequent words (ties in alphabetical order) up to the requested size. No text is tokenized by hand. Note that
 * DL4J's tokenizer drops a word it cannot piece together from the vocabulary (one made of characters the corpus
 * never had) rather than emitting {@code [UNK]}.
 */
public final class WordPieceTokenizer {

    /** Padding. */
    public static final String PAD = "[PAD]";
    /** Unknown text. */
    public static final String UNK = "[UNK]";
    /** Sequence start. */
    public static final String CLS = "[CLS]";
    /** Sequence end. */
    public static final String SEP = "[SEP]";
    /** A masked position (masked LM). */
    public static final String MASK = "[MASK]";

    private final List<String> vocabulary;
    private final BertWordPieceTokenizerFactory factory;
    private final Map<String, Integer> ids;

    private WordPieceTokenizer(List<String> vocabulary) {
        this.vocabulary = List.copyOf(vocabulary);
        TreeMap<String, Integer> map = new TreeMap<>(java.util.Comparator.reverseOrder()); // DL4J requires this order
        for (int i = 0; i < vocabulary.size(); i++) {
            if (map.put(vocabulary.get(i), i) != null) {
                throw new IllegalArgumentException("the vocabulary holds '" + vocabulary.get(i) + "' twice");
            }
        }
        for (String special : new String[] {PAD, UNK, CLS, SEP, MASK}) {
            if (!map.containsKey(special)) {
                throw new IllegalArgumentException("the vocabulary lacks the special token " + special);
            }
        }
        this.ids = map;
        this.factory = new BertWordPieceTokenizerFactory(map, true, true);
    }

    /**
     * @param size the vocabulary size to aim at (the characters and specials come first, so it may be exceeded when
     *             the corpus has very many distinct characters)
     * @return a tokenizer whose vocabulary is built from {@code corpus}
     */
    public static WordPieceTokenizer train(TextCorpus corpus, int size) {
        if (size < 16) {
            throw new IllegalArgumentException("a WordPiece vocabulary needs at least 16 entries, got " + size);
        }
        String text = java.text.Normalizer.normalize(corpus.text().toLowerCase(java.util.Locale.ROOT), java.text.Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "");
        Set<String> vocab = new LinkedHashSet<>(List.of(PAD, UNK, CLS, SEP, MASK));
        text.codePoints().filter(c -> !Character.isWhitespace(c) && !Character.isISOControl(c)).sorted().distinct()
                .forEach(c -> {
                    String s = new String(Character.toChars(c));
                    vocab.add(s);
                    // every character may continue a word: DL4J's pre-processor splits punctuation off, but symbols
                    // such as the degree sign stay inside words and must be tokenizable there
                    vocab.add("##" + s);
                });
        Map<String, Integer> counts = new HashMap<>();
        for (String word : text.split("[^\\p{L}\\p{N}]+")) {
            if (word.length() > 1) {
                counts.merge(word, 1, Integer::sum);
            }
        }
        List<Map.Entry<String, Integer>> byCount = new ArrayList<>(counts.entrySet());
        byCount.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
        for (Map.Entry<String, Integer> e : byCount) {
            if (vocab.size() >= size) {
                break;
            }
            vocab.add(e.getKey());
        }
        return new WordPieceTokenizer(new ArrayList<>(vocab));
    }

    /** @return the tokenizer of a {@code vocab.txt} file (one token per line, as BERT's) */
    public static WordPieceTokenizer load(Path vocabFile) throws IOException {
        return new WordPieceTokenizer(Files.readAllLines(vocabFile, StandardCharsets.UTF_8).stream().filter(s -> !s.isEmpty()).toList());
    }

    /** Writes the vocabulary as a {@code vocab.txt} file. */
    public void save(Path vocabFile) throws IOException {
        AtomicFiles.writeString(vocabFile, String.join(System.lineSeparator(), vocabulary) + System.lineSeparator());
    }

    /** @return the word pieces of {@code text} */
    public List<String> tokens(String text) {
        Tokenizer t = factory.create(text);
        return t.getTokens();
    }

    /** @return the ids of the word pieces of {@code text} */
    public int[] encode(String text) {
        List<String> tokens = tokens(text);
        int[] out = new int[tokens.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ids.getOrDefault(tokens.get(i), ids.get(UNK));
        }
        return out;
    }

    /** @return the text of the ids, word pieces joined ({@code ##} continuations glued to the previous piece) */
    public String decode(int[] tokenIds) {
        StringBuilder sb = new StringBuilder();
        for (int id : tokenIds) {
            String piece = vocabulary.get(id);
            if (piece.startsWith("##")) {
                sb.append(piece, 2, piece.length());
            } else {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(piece);
            }
        }
        return sb.toString();
    }

    /** @return the id of a token of the vocabulary */
    public int id(String token) {
        Integer id = ids.get(token);
        if (id == null) {
            throw new IllegalArgumentException("'" + token + "' is not in the vocabulary");
        }
        return id;
    }

    /** @return the vocabulary size. */
    public int size() {
        return vocabulary.size();
    }

    /** @return the vocabulary, in id order. */
    public List<String> vocabulary() {
        return vocabulary;
    }
}
