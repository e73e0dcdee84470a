package org.pc4j.zoo.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Minibatches for {@code SmallBert} from a token stream: the stream is cut into non-overlapping windows, shuffled
 * with a seed (the same seed gives the same batches), and grouped into batches of token ids {@code [mb, T]} with
 * one-hot labels {@code [mb, vocabulary, T]} and a labels mask {@code [mb, T]} that says which positions count.
 * <ul>
 * <li>{@link #causal}: windows of T + 1 tokens; the input is the first T, the label at t is the token at t + 1
 * (every position counts).</li>
 * <li>{@link #masked}: windows of T tokens; each position is chosen with probability {@code rate} (at least one per
 * window); a chosen token is replaced by {@code [MASK]} (80%), a random token (10%) or kept (10%), as in BERT; the
 * labels are the original tokens and only chosen positions count.</li>
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
            float[] x = new float[batchSize * length];
            float[] y = new float[batchSize * vocabulary * length];
            for (int i = 0; i < batchSize; i++) {
                int[] w = windows.get(start + i);
                for (int t = 0; t < length; t++) {
                    x[i * length + t] = w[t];
                    y[(i * vocabulary + w[t + 1]) * length + t] = 1f;
                }
            }
            out.add(new DataSet(Nd4j.create(x, new long[] {batchSize, length}, 'c'),
                    Nd4j.create(y, new long[] {batchSize, vocabulary, length}, 'c'), null, Nd4j.ones(batchSize, length)));
        }
        return out;
    }

    /** @return masked-LM batches */
    public static List<DataSet> masked(int[] stream, int length, int batchSize, WordPieceTokenizer tokenizer, double rate,
                                       long seed, int maxBatches) {
        if (!(rate > 0 && rate < 1)) {
            throw new IllegalArgumentException("the masking rate must be in (0, 1), got " + rate);
        }
        int vocabulary = tokenizer.size();
        int mask = tokenizer.id(WordPieceTokenizer.MASK);
        Random r = new Random(seed ^ 0x5DEECE66DL);
        List<int[]> windows = windows(stream, length, seed);
        List<DataSet> out = new ArrayList<>();
        for (int start = 0; start + batchSize <= windows.size() && out.size() < maxBatches; start += batchSize) {
            float[] x = new float[batchSize * length];
            float[] y = new float[batchSize * vocabulary * length];
            float[] m = new float[batchSize * length];
            for (int i = 0; i < batchSize; i++) {
                int[] w = windows.get(start + i);
                boolean any = false;
                for (int t = 0; t < length; t++) {
                    x[i * length + t] = w[t];
                    boolean chosen = r.nextDouble() < rate || (!any && t == length - 1);
                    if (chosen) {
                        any = true;
                        m[i * length + t] = 1f;
                        y[(i * vocabulary + w[t]) * length + t] = 1f;
                        double u = r.nextDouble();
                        if (u < 0.8) {
                            x[i * length + t] = mask;
                        } else if (u < 0.9) {
                            x[i * length + t] = r.nextInt(vocabulary);
                        }
                    }
                }
            }
            out.add(new DataSet(Nd4j.create(x, new long[] {batchSize, length}, 'c'),
                    Nd4j.create(y, new long[] {batchSize, vocabulary, length}, 'c'), null,
                    Nd4j.create(m, new long[] {batchSize, length}, 'c')));
        }
        return out;
    }

    private static List<int[]> windows(int[] stream, int size, long seed) {
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
