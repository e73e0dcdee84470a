package org.pc4j.zoo.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.pc4j.testkit.NdAssertions.assertBitIdentical;
import static org.pc4j.testkit.NdAssertions.assertNotBitIdentical;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * The MNIST / Fashion-MNIST readers: the embedded Fashion-MNIST sample (always present), the real files where a
 * machine has them (installed by {@code scripts/fetch-data.sh} or Debian's package), the search and its error, and
 * corrupt files. Expected counts and pixel values were computed from the original files with an independent reader
 * (Python's gzip and struct) or are the data sets' published facts.
 */
class MnistTest {

    @Test
    void theEmbeddedSampleIsTheFirstImagesOfFashionMnist() {
        LabelledImages train = FashionMnistSample.load(true);
        LabelledImages test = FashionMnistSample.load(false);
        assertThat(train.size()).isEqualTo(2000);
        assertThat(test.size()).isEqualTo(500);
        assertThat(train.classCounts()).containsExactly(194, 216, 202, 195, 186, 200, 194, 215, 198, 200);
        assertThat(test.classCounts()).containsExactly(55, 52, 65, 46, 57, 39, 47, 47, 44, 48);
        DataSet all = train.dataSet(DataType.DOUBLE);
        assertThat(all.getFeatures().shape()).containsExactly(2000, 784);
        assertThat(all.getFeatures().meanNumber().doubleValue()).isCloseTo(0.283938, within(1e-6));
        for (int p = 0; p < 6; p++) {
            assertThat(all.getFeatures().getDouble(0, 350 + p)).isEqualTo(new int[] {222, 220, 218, 203, 198, 221}[p] / 255.0);
        }
        assertThat(all.getLabels().sum(1).minNumber().doubleValue()).isEqualTo(1.0);
    }

    @Test
    void theIteratorCoversEveryImageOnceInAnOrderFixedByTheSeed() {
        LabelledImages test = FashionMnistSample.load(false);
        DataSetIterator a = test.iterator(64, 7);
        DataSetIterator b = test.iterator(64, 7);
        int[] seen = new int[10];
        int batches = 0;
        while (a.hasNext()) {
            DataSet x = a.next();
            DataSet y = b.next();
            assertBitIdentical(x.getFeatures(), y.getFeatures());
            for (int c = 0; c < 10; c++) {
                seen[c] += (int) x.getLabels().getColumn(c).sumNumber().doubleValue();
            }
            batches++;
        }
        assertThat(batches).isEqualTo(8);
        assertThat(seen).containsExactly(test.classCounts());
        a.reset();
        assertBitIdentical(a.next().getFeatures(), test.iterator(64, 7).next().getFeatures());
        assertNotBitIdentical(test.iterator(64, 8).next().getFeatures(), test.iterator(64, 7).next().getFeatures());
    }

    /** Needs the fetched data ({@code scripts/fetch-data.sh mnist}): in the {@code slow} profile, not skipped. */
    @Test
    @Tag("slow")
    void theRealMnistHasItsPublishedLabelCounts() {
        Path dir = Mnist.Variant.MNIST.locator().cacheDir(System.getenv());
        assertThat(dir).as("MNIST (scripts/fetch-data.sh mnist)").isDirectory();
        LabelledImages train = Mnist.load(Mnist.Variant.MNIST, true, null);
        LabelledImages test = Mnist.load(Mnist.Variant.MNIST, false, null);
        assertThat(train.classCounts()).containsExactly(5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949);
        assertThat(test.classCounts()).containsExactly(980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009);
        assertThat(meanPixel(train)).isCloseTo(0.1307, within(1e-4)); // the published MNIST statistics
        assertThat(meanPixel(test)).isCloseTo(0.1325, within(1e-4));
    }

    /** Needs the fetched data ({@code scripts/fetch-data.sh fashion-mnist}): in the {@code slow} profile, not skipped. */
    @Test
    @Tag("slow")
    void theRealFashionMnistHasSixThousandImagesPerClass() {
        Path cache = Mnist.Variant.FASHION_MNIST.locator().cacheDir(System.getenv());
        assertThat(Files.isDirectory(cache) || Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")))
                .as("Fashion-MNIST (scripts/fetch-data.sh fashion-mnist)").isTrue();
        LabelledImages train = Mnist.load(Mnist.Variant.FASHION_MNIST, true, null);
        int[] sixThousand = new int[10];
        Arrays.fill(sixThousand, 6000);
        assertThat(train.classCounts()).containsExactly(sixThousand);
        assertThat(meanPixel(train)).isCloseTo(0.2860, within(1e-4));
        assertThat(Mnist.load(Mnist.Variant.FASHION_MNIST, false, null).size()).isEqualTo(10000);
        // the sample is the beginning of these files
        LabelledImages sample = FashionMnistSample.load(true);
        assertThat(Arrays.copyOf(train.labels(), 2000)).containsExactly(sample.labels());
    }

    /** @return the mean pixel in [0, 1], summed exactly over the bytes */
    private static double meanPixel(LabelledImages images) {
        long sum = 0;
        for (byte b : images.pixels()) {
            sum += b & 0xff;
        }
        return sum / (255.0 * images.pixels().length);
    }

    @Test
    void missingDataSaysWhereItLookedAndHowToGetIt(@TempDir Path home) {
        Map<String, String> env = Map.of("XDG_CACHE_HOME", home.toString(), "PC4J_MNIST_DIR", home.resolve("nowhere").toString());
        assertThatThrownBy(() -> Mnist.load(Mnist.Variant.MNIST, true, null, env)).isInstanceOf(DataFileException.class)
                .hasMessageContainingAll("The mnist data", "Looked in:", home.resolve("nowhere").toString(),
                        home.resolve("pc4j").resolve("mnist").toString(), "scripts/fetch-data.sh mnist", "PC4J_MNIST_DIR");
        assertThatThrownBy(() -> Mnist.load(Mnist.Variant.FASHION_MNIST, true, home, env)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("exists, but lacks some of the files");
    }

    /** @return an IDX file of unsigned bytes with these sizes, gzip-compressed if asked */
    private static byte[] idx(int rank, int[] dims, byte[] data, boolean gzip) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(4 + 4 * rank);
        header.putInt(0x0800 | rank);
        for (int d : dims) {
            header.putInt(d);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = gzip ? new GZIPOutputStream(bytes) : bytes) {
            out.write(header.array());
            out.write(data);
        }
        return bytes.toByteArray();
    }

    @Test
    void plainAndCompressedFilesReadAlikeAndCorruptFilesAreRejected(@TempDir Path dir) throws IOException {
        byte[] pixels = new byte[3 * 784];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 7);
        }
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), idx(3, new int[] {3, 28, 28}, pixels, true));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), idx(1, new int[] {3}, new byte[] {4, 0, 9}, false));
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), idx(3, new int[] {3, 28, 28}, pixels, false));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), idx(1, new int[] {3}, new byte[] {4, 0, 9}, true));
        LabelledImages train = Mnist.load(Mnist.Variant.MNIST, true, dir);
        LabelledImages test = Mnist.load(Mnist.Variant.MNIST, false, dir);
        assertThat(train.pixels()).containsExactly(pixels);
        assertThat(test.pixels()).containsExactly(pixels);
        assertThat(train.labels()).containsExactly(4, 0, 9);

        byte[] whole = idx(3, new int[] {3, 28, 28}, pixels, true);
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), Arrays.copyOf(whole, whole.length / 2));
        assertThatThrownBy(() -> Mnist.load(Mnist.Variant.MNIST, true, dir)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("train-images-idx3-ubyte.gz");
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), idx(3, new int[] {4, 28, 28}, Arrays.copyOf(pixels, 4 * 784), true));
        assertThatThrownBy(() -> Mnist.load(Mnist.Variant.MNIST, true, dir)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("4 images but 3 labels");
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), idx(1, new int[] {3}, new byte[3], true));
        assertThatThrownBy(() -> Mnist.load(Mnist.Variant.MNIST, true, dir)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("not an unsigned-byte IDX file of rank 3");
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), idx(3, new int[] {3, 28, 28}, pixels, true));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), idx(1, new int[] {3}, new byte[] {4, 10, 9}, false));
        assertThatThrownBy(() -> Mnist.load(Mnist.Variant.MNIST, true, dir)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("label 10 of example 1");
    }

    /** A 116-byte file whose header claims 2.7 million images used to allocate 2.1 GB before finding it truncated. */
    @Test
    void aHeaderClaimingMoreThanTheFileHoldsFailsAsTruncatedWithoutAllocatingIt(@TempDir Path dir) throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(116);
        b.putInt(0x00000803).putInt(2_700_000).putInt(28).putInt(28);
        Path file = java.nio.file.Files.write(dir.resolve("forged-idx3-ubyte"), b.array());
        long before = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> IdxFile.read(file, 3))
                .isInstanceOf(DataFileException.class).hasMessageContaining("truncated");
        long after = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        assertThat(after - before).as("heap used by the failed read").isLessThan(64L << 20);
    }
}
