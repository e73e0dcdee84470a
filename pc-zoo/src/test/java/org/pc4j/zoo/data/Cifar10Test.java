package org.pc4j.zoo.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;

/** The CIFAR-10 binary reader, on files this test writes in the real format. */
class Cifar10Test {

    private static LabelledImages random(int n, long seed) {
        Random r = new Random(seed);
        byte[] pixels = new byte[n * 3072];
        r.nextBytes(pixels);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(10);
        }
        return new LabelledImages("random", 3, 32, 32, 10, pixels, labels);
    }

    /** Writes the six files of the tarball's layout, {@code n} records each, into {@code dir/cifar-10-batches-bin}. */
    private static LabelledImages[] writeAll(Path dir, int n) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("cifar-10-batches-bin"));
        LabelledImages[] parts = new LabelledImages[6];
        for (int f = 0; f < 5; f++) {
            parts[f] = random(n, f);
            Cifar10.write(parts[f], bin.resolve(Cifar10.TRAIN_FILES.get(f)));
        }
        parts[5] = random(n, 99);
        Cifar10.write(parts[5], bin.resolve(Cifar10.TEST_FILE));
        return parts;
    }

    @Test
    void filesWrittenInTheBinaryFormatReadBackExactly(@TempDir Path dir) throws IOException {
        LabelledImages[] parts = writeAll(dir, 7);
        assertThat(Files.size(dir.resolve("cifar-10-batches-bin").resolve(Cifar10.TEST_FILE))).isEqualTo(7L * 3073);
        LabelledImages train = Cifar10.load(true, dir);
        LabelledImages test = Cifar10.load(false, dir);
        assertThat(train.size()).isEqualTo(35);
        assertThat(Arrays.copyOfRange(train.labels(), 14, 21)).containsExactly(parts[2].labels());
        assertThat(Arrays.copyOfRange(train.pixels(), 14 * 3072, 21 * 3072)).containsExactly(parts[2].pixels());
        assertThat(test.pixels()).containsExactly(parts[5].pixels());
        // channel-first layout: pixel (c, y, x) of image 0 is byte 1 + c*1024 + y*32 + x of its record
        DataSet ds = test.dataSet(DataType.DOUBLE);
        assertThat(ds.getFeatures().getDouble(0, 2 * 1024 + 5 * 32 + 3))
                .isEqualTo((parts[5].pixels()[2 * 1024 + 5 * 32 + 3] & 0xff) / 255.0);
    }

    @Test
    void truncatedFilesAndBadLabelsAreRejected(@TempDir Path dir) throws IOException {
        writeAll(dir, 3);
        Path test = dir.resolve("cifar-10-batches-bin").resolve(Cifar10.TEST_FILE);
        byte[] bytes = Files.readAllBytes(test);
        Files.write(test, Arrays.copyOf(bytes, bytes.length - 100));
        assertThatThrownBy(() -> Cifar10.load(false, dir)).isInstanceOf(DataFileException.class)
                .hasMessageContainingAll("truncated", "3073-byte records");
        bytes[3073] = 12;
        Files.write(test, bytes);
        assertThatThrownBy(() -> Cifar10.load(false, dir)).isInstanceOf(DataFileException.class)
                .hasMessageContainingAll("label 12 in record 1");
    }

    @Test
    void missingFilesSayWhereTheReaderLooked(@TempDir Path home) {
        assertThatThrownBy(() -> Cifar10.load(true, null, Map.of("XDG_CACHE_HOME", home.toString())))
                .isInstanceOf(DataFileException.class)
                .hasMessageContainingAll("cifar-10", "data_batch_1.bin", home.resolve("pc4j").resolve("cifar-10").toString(),
                        "PC4J_CIFAR10_DIR");
    }
}
