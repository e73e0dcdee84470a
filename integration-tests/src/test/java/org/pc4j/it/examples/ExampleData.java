package org.pc4j.it.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.pc4j.zoo.data.FashionMnistSample;
import org.pc4j.zoo.data.LabelledImages;
import org.pc4j.zoo.data.TextCorpus;

/**
 * The offline stand-ins for the data the official examples download: the embedded Fashion-MNIST sample for MNIST
 * (28 x 28 grey images, 10 classes, features in [0, 1] as {@code MnistDataSetIterator} gives them), Fisher's Iris
 * data (a test resource), the UCI synthetic control charts regenerated from their published definition, and the
 * embedded Moby-Dick excerpt for the character models.
 */
final class ExampleData {

    private ExampleData() {
    }

    /** @return {@code n} training (or test) images of the Fashion-MNIST sample as {@code [n, 784]} features. */
    static DataSet fashion(boolean train, int n) {
        LabelledImages images = FashionMnistSample.load(train).first(n);
        return images.dataSet(DataType.FLOAT);
    }

    /** @return Fisher's 150 Iris flowers: {@code [150, 4]} measurements and one-hot {@code [150, 3]} species. */
    static DataSet iris() {
        List<double[]> rows = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                ExampleData.class.getResourceAsStream("iris.csv"), StandardCharsets.US_ASCII))) {
            in.readLine(); // scikit-learn's header line
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] f = line.split(",");
                rows.add(new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                        Double.parseDouble(f[3]), Double.parseDouble(f[4])});
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        INDArray x = Nd4j.zeros(DataType.FLOAT, rows.size(), 4);
        INDArray y = Nd4j.zeros(DataType.FLOAT, rows.size(), 3);
        for (int i = 0; i < rows.size(); i++) {
            for (int j = 0; j < 4; j++) {
                x.putScalar(i, j, rows.get(i)[j]);
            }
            y.putScalar(i, (int) rows.get(i)[4], 1.0);
        }
        return new DataSet(x, y);
    }

    /**
     * The UCI Synthetic Control Chart Time Series (Alcock and Manolopoulos, "Time-series similarity queries employing
     * a feature-based approach", 7th Hellenic Conference on Informatics, 1999), regenerated from the data set's
     * published definition, 100 series of length 60 per class: normal {@code m + r s}; cyclic {@code + a sin(2 pi t /
     * T)}; increasing and decreasing trend {@code +- g t}; upward and downward shift {@code +- k x} from a time
     * {@code t3} on; with {@code m = 30, s = 2, r ~ U(-3, 3), a, T ~ U(10, 15), g ~ U(0.2, 0.5), x ~ U(7.5, 20),
     * t3 ~ U(n/3, 2n/3)}.
     *
     * @return the 600 series in class order (100 per class), each {@code double[60]}, and their class in slot 60
     */
    static List<double[]> syntheticControl(long seed) {
        Random r = new Random(seed);
        int n = 60;
        List<double[]> out = new ArrayList<>();
        for (int c = 0; c < 6; c++) {
            for (int k = 0; k < 100; k++) {
                double[] s = new double[n + 1];
                double a = 10 + 5 * r.nextDouble();
                double period = 10 + 5 * r.nextDouble();
                double g = 0.2 + 0.3 * r.nextDouble();
                double x = 7.5 + 12.5 * r.nextDouble();
                int t3 = n / 3 + r.nextInt(n / 3 + 1);
                for (int t = 0; t < n; t++) {
                    double y = 30 + (6 * r.nextDouble() - 3) * 2;
                    y += switch (c) {
                        case 1 -> a * Math.sin(2 * Math.PI * t / period);
                        case 2 -> g * t;
                        case 3 -> -g * t;
                        case 4 -> t >= t3 ? x : 0;
                        case 5 -> t >= t3 ? -x : 0;
                        default -> 0;
                    };
                    s[t] = y;
                }
                s[n] = c;
                out.add(s);
            }
        }
        return out;
    }

    /**
     * @return the series as the example's {@code SequenceRecordReaderDataSetIterator(..., ALIGN_END)} gives them:
     *         features {@code [mb, 1, 60]}, labels {@code [mb, 6, 60]} set at the last step only, and the labels mask
     *         {@code [mb, 60]} that is 1 at the last step only
     */
    static DataSet sequenceClassification(List<double[]> series) {
        int mb = series.size();
        int n = series.get(0).length - 1;
        INDArray x = Nd4j.zeros(DataType.FLOAT, mb, 1, n);
        INDArray y = Nd4j.zeros(DataType.FLOAT, mb, 6, n);
        INDArray mask = Nd4j.zeros(DataType.FLOAT, mb, n);
        for (int i = 0; i < mb; i++) {
            double[] s = series.get(i);
            for (int t = 0; t < n; t++) {
                x.putScalar(new int[] {i, 0, t}, s[t]);
            }
            y.putScalar(new int[] {i, (int) s[n], n - 1}, 1.0);
            mask.putScalar(i, n - 1, 1.0);
        }
        return new DataSet(x, y, null, mask);
    }

    /** @return the example's shuffle: {@code Collections.shuffle(list, new Random(seed))} on a copy. */
    static <T> List<T> shuffled(List<T> list, long seed) {
        List<T> copy = new ArrayList<>(list);
        Collections.shuffle(copy, new Random(seed));
        return copy;
    }

    /** The character set of the examples' {@code CharacterIterator.getMinimalCharacterSet()}: 77 characters. */
    static char[] minimalCharacterSet() {
        StringBuilder s = new StringBuilder();
        for (char c = 'a'; c <= 'z'; c++) {
            s.append(c);
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            s.append(c);
        }
        for (char c = '0'; c <= '9'; c++) {
            s.append(c);
        }
        s.append("!&()?-'\",.:; \n\t");
        return s.toString().toCharArray();
    }

    /**
     * The examples' {@code CharacterIterator} on the embedded Moby-Dick excerpt: characters outside the minimal set
     * dropped, sequences of {@code length} characters from shuffled offsets; features and labels one-hot
     * {@code [mb, 77, length]} (label = next character; the last step left empty, as there).
     *
     * @param skip sequences to skip first (to take held-out text after the training text)
     */
    static List<DataSet> characterBatches(int batches, int miniBatch, int length, int skip, long seed) {
        char[] valid = minimalCharacterSet();
        Map<Character, Integer> index = new HashMap<>();
        for (int i = 0; i < valid.length; i++) {
            index.put(valid[i], i);
        }
        String text = TextCorpus.mobyDickExcerpt().text();
        StringBuilder kept = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (index.containsKey(c)) {
                kept.append(c);
            }
        }
        List<Integer> offsets = new ArrayList<>();
        for (int i = 0; (i + 1) * length < kept.length() - 1; i++) {
            offsets.add(i * length);
        }
        offsets = shuffled(offsets, seed);
        List<DataSet> out = new ArrayList<>();
        int next = skip;
        for (int b = 0; b < batches; b++) {
            INDArray x = Nd4j.create(DataType.FLOAT, new long[] {miniBatch, valid.length, length}, 'f');
            INDArray y = Nd4j.create(DataType.FLOAT, new long[] {miniBatch, valid.length, length}, 'f');
            for (int i = 0; i < miniBatch; i++) {
                int start = offsets.get(next++);
                int current = index.get(kept.charAt(start));
                for (int j = start + 1, c = 0; j < start + length; j++, c++) {
                    int following = index.get(kept.charAt(j));
                    x.putScalar(new int[] {i, current, c}, 1.0);
                    y.putScalar(new int[] {i, following, c}, 1.0);
                    current = following;
                }
            }
            out.add(new DataSet(x, y));
        }
        return out;
    }
}
