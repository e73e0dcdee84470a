package org.pc4j.zoo.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.pc4j.testkit.NdAssertions.assertBitIdentical;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.pc4j.zoo.data.TextCorpus;

/** The embedded English excerpt, the WordPiece tokenizer over a corpus-built vocabulary, and the LM batches. */
class TextTest {

    private static TextCorpus corpus;
    private static WordPieceTokenizer tokenizer;

    @BeforeAll
    static void load() {
        corpus = TextCorpus.mobyDickExcerpt();
        tokenizer = WordPieceTokenizer.train(corpus, 1000);
    }

    @Test
    void theExcerptIsTheFirstTwentyChaptersOfMobyDick() {
        assertThat(corpus.text()).startsWith("CHAPTER 1. Loomings.\n\nCall me Ishmael.");
        assertThat(corpus.text().strip().split("\\s+")).hasSize(35947); // Python's str.split() on the same file
        assertThat(corpus.text().split("(?m)^CHAPTER \\d+\\.")).hasSize(21);
        assertThat(corpus.paragraphs().get(1)).startsWith("Call me Ishmael. Some years ago");
    }

    @Test
    void theTokenizerUsesTheVocabularyBuiltFromTheCorpus(@TempDir Path dir) throws IOException {
        assertThat(tokenizer.vocabulary().subList(0, 5)).containsExactly("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");
        assertThat(tokenizer.size()).isBetween(1000, 1200);
        assertThat(tokenizer.vocabulary()).contains("the", "whale", "ishmael", "##q");
        assertThat(tokenizer.tokens("Call me Ishmael.")).containsExactly("call", "me", "ishmael", ".");
        assertThat(tokenizer.decode(tokenizer.encode("Some years ago, never mind how long precisely"))).isEqualTo(
                "some years ago , never mind how long precisely");
        // DL4J's WordPiece drops a word it cannot piece together (no Cyrillic in the corpus)
        assertThat(tokenizer.tokens("whale \u0436\u0443\u043a")).containsExactly("whale");
        Path vocab = dir.resolve("vocab.txt");
        tokenizer.save(vocab);
        WordPieceTokenizer loaded = WordPieceTokenizer.load(vocab);
        assertThat(loaded.encode(corpus.paragraphs().get(5))).containsExactly(tokenizer.encode(corpus.paragraphs().get(5)));
        assertThatThrownBy(() -> WordPieceTokenizer.train(corpus, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void symbolsInsideWordsAreTokenizedNotRejected() {
        // DL4J's pre-processor splits punctuation off words but keeps symbols such as the degree sign inside them;
        // the English corpus has "20°" and the like, which once made DL4J's tokenizer throw
        WordPieceTokenizer t = WordPieceTokenizer.train(new TextCorpus("symbols", "it was 20° and 5€ at 3½ past noon. "
                + "the whale swam on."), 64);
        assertThat(t.decode(t.encode("20° and 5€ whale"))).isEqualTo("20° and 5€ whale");
    }

    @Test
    void causalBatchesPredictTheNextToken() {
        int[] stream = tokenizer.encode(corpus.text());
        List<DataSet> batches = LanguageModelBatches.causal(stream, 12, 8, tokenizer.size(), 1, 5);
        assertThat(batches).hasSize(5);
        DataSet b = batches.get(0);
        assertThat(b.getFeatures().shape()).containsExactly(8, 12);
        assertThat(b.getLabels().shape()).containsExactly(8, tokenizer.size(), 12);
        assertThat(b.getLabelsMaskArray().minNumber().doubleValue()).isEqualTo(1.0);
        for (int i = 0; i < 8; i++) {
            for (int t = 0; t < 11; t++) {
                int next = (int) b.getFeatures().getDouble(i, t + 1);
                assertThat(b.getLabels().getDouble(i, next, t)).isEqualTo(1.0);
            }
        }
        assertBitIdentical(LanguageModelBatches.causal(stream, 12, 8, tokenizer.size(), 1, 5).get(3).getFeatures(),
                batches.get(3).getFeatures());
    }

    @Test
    void maskedBatchesHideAboutTheRequestedShareOfTokensAsBertDoes() {
        int[] stream = tokenizer.encode(corpus.text());
        List<DataSet> batches = LanguageModelBatches.masked(stream, 16, 32, tokenizer, 0.15, 2, 40);
        int mask = tokenizer.id("[MASK]");
        double chosen = 0;
        double masked = 0;
        double total = 0;
        for (DataSet b : batches) {
            total += b.getLabelsMaskArray().length();
            chosen += b.getLabelsMaskArray().sumNumber().doubleValue();
            masked += b.getFeatures().eq(mask).castTo(b.getLabelsMaskArray().dataType()).mul(b.getLabelsMaskArray()).sumNumber().doubleValue();
            // labels exist exactly at the chosen positions
            assertBitIdentical(b.getLabels().sum(1), b.getLabelsMaskArray());
        }
        assertThat(chosen / total).isCloseTo(0.15, within(0.01));
        assertThat(masked / chosen).isCloseTo(0.8, within(0.03));
    }
}
