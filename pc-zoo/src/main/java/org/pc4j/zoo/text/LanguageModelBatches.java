package org.pc4j.zoo.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.iterator.bert.BertMaskedLMMasker;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Minibatches for {@code SmallBert} from a token stream: the stream is cut into non-overlapping windows, shuffled
 * with a seed (the same seed gives the same batches), and grouped into batches of token ids {@code [mb, T]} with
 * one-hot labels {@code [mb, vocabulary, T]} and a labels mask {@code [mb, T]} that says which positions count.
 * <ul>
 * <li>{@link #causal}: windows of T + 1 tokens; the input is the first T, the label at t is the token at t + 1
 * (every position counts).</li>
 * <li>{@link #masked}: windows of T tokens masked by DL4J's {@link BertMaskedLMMasker}: each position is chosen with
 * probability {@code rate}; a chosen token is replaced by {@code [MASK]} (80%), a random token (10%) or kept (10%), as
 * in BERT; the labels are the original tokens and only chosen positions count.</li>
 * </ul>
 */
public final class LanguageModelBatches {

    private LanguageModelBatches() {
    }

    /** @return next-token batches */
    public static List<DataSet> causal(int[] stream, int length, int batchSize, int vocabulary, long seed, int maxBatches) {
        List<int[]> windows = windows(stream, length + 1, seed);
        List<DataSet> out = new ArrayList<>();
        for (int start = 0; start + batchSize <= windows.size() && out.size() < maxBatches; start += batchSize) {
            out.add(causalBatch(windows.subList(start, start + batchSize), vocabulary));
        }
        return out;
    }

    /**
     * @param windows    windows of T + 1 token ids
     * @param vocabulary the vocabulary size
     * @return one next-token batch: the first T tokens of each window, labelled with the token that follows each
     */
    public static DataSet causalBatch(List<int[]> windows, int vocabulary) {
        int batchSize = windows.size();
        int length = windows.get(0).length - 1;
        float[] x = new float[batchSize * length];
        float[] y = new float[batchSize * vocabulary * length];
        for (int i = 0; i < batchSize; i++) {
            int[] w = windows.get(i);
            for (int t = 0; t < length; t++) {
                x[i * length + t] = w[t];
                y[(i * vocabulary + w[t + 1]) * length + t] = 1f;
            }
        }
        return new DataSet(Nd4j.create(x, new long[] {batchSize, length}, 'c'),
                Nd4j.create(y, new long[] {batchSize, vocabulary, length}, 'c'), null, Nd4j.ones(batchSize, length));
    }

    /** @return masked-LM batches, masked by DL4J's {@link BertMaskedLMMasker} */
    public static List<DataSet> masked(int[] stream, int length, int batchSize, WordPieceTokenizer tokenizer, double rate,
                                       long seed, int maxBatches) {
        BertMaskedLMMasker masker = masker(rate, seed);
        List<int[]> windows = windows(stream, length, seed);
        List<DataSet> out = new ArrayList<>();
        for (int start = 0; start + batchSize <= windows.size() && out.size() < maxBatches; start += batchSize) {
            out.add(maskedBatch(windows.subList(start, start + batchSize), tokenizer, masker));
        }
        return out;
    }

    /**
     * @param rate the probability that a position is chosen, in (0, 1)
     * @param seed the masker's seed: the same seed masks the same positions the same way
     * @return DL4J's BERT masker: a chosen token becomes [MASK] (80%), a random token (10%) or stays (10%)
     */
    public static BertMaskedLMMasker masker(double rate, long seed) {
        if (!(rate > 0 && rate < 1)) {
            throw new IllegalArgumentException("the masking rate must be in (0, 1), got " + rate);
        }
        return new BertMaskedLMMasker(new Random(seed ^ 0x5DEECE66DL), rate, 0.8, 0.1);
    }

    /**
     * @param windows windows of T token ids
     * @return one masked-LM batch: the masked windows, labelled with the original tokens at the chosen positions only
     */
    public static DataSet maskedBatch(List<int[]> windows, WordPieceTokenizer tokenizer, BertMaskedLMMasker masker) {
        int batchSize = windows.size();
        int length = windows.get(0).length;
        int vocabulary = tokenizer.size();
        List<String> words = tokenizer.vocabulary();
        float[] x = new float[batchSize * length];
        float[] y = new float[batchSize * vocabulary * length];
        float[] m = new float[batchSize * length];
        for (int i = 0; i < batchSize; i++) {
            int[] w = windows.get(i);
            List<String> pieces = new ArrayList<>(length);
            for (int id : w) {
                pieces.add(words.get(id));
            }
            Pair<List<String>, boolean[]> masked = masker.maskSequence(pieces, WordPieceTokenizer.MASK, words);
            for (int t = 0; t < length; t++) {
                x[i * length + t] = tokenizer.id(masked.getFirst().get(t));
                if (masked.getSecond()[t]) {
                    m[i * length + t] = 1f;
                    y[(i * vocabulary + w[t]) * length + t] = 1f;
                }
            }
        }
        return new DataSet(Nd4j.create(x, new long[] {batchSize, length}, 'c'),
                Nd4j.create(y, new long[] {batchSize, vocabulary, length}, 'c'), null,
                Nd4j.create(m, new long[] {batchSize, length}, 'c'));
    }

    /**
     * @param stream a token stream
     * @param size   tokens per window, at least 2
     * @param seed   the shuffle's seed
     * @return the stream cut into non-overlapping windows of {@code size} tokens, shuffled with {@code seed}
     */
    public static List<int[]> windows(int[] stream, int size, long seed) {
        if (size < 2) {
            throw new IllegalArgumentException("sequences need at least 1 position");
        }
        List<int[]> windows = new ArrayList<>();
        for (int start = 0; start + size <= stream.length; start += size) {
            int[] w = new int[size];
            System.arraycopy(stream, start, w, 0, size);
            windows.add(w);
        }
        java.util.Collections.shuffle(windows, new Random(seed));
        return windows;
    }
}
