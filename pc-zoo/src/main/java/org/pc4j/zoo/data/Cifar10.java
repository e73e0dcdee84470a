package org.pc4j.zoo.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * CIFAR-10 in its binary format (Krizhevsky 2009): files of records of 1 label byte (0..9) and 3,072 pixel bytes
 * (1,024 red, then green, then blue, each 32 x 32 row by row): {@code data_batch_1.bin .. data_batch_5.bin} (50,000
 * training images) and {@code test_batch.bin} (10,000). There is no CIFAR-10 on this project's machines
 * (offline-data.md); the reader is tested on files its tests write, and works on the real files when a user has them
 * ({@code PC4J_CIFAR10_DIR}, {@code $PC4J_DATA_DIR/cifar-10}, or {@code ~/.cache/pc4j/cifar-10}, with or without the
 * tarball's {@code cifar-10-batches-bin} folder).
 */
public final class Cifar10 {

    /** Image side. */
    public static final int SIDE = 32;
    /** Colour channels. */
    public static final int CHANNELS = 3;
    /** Classes. */
    public static final int CLASSES = 10;
    /** Bytes per record: the label and the pixels. */
    public static final int RECORD = 1 + CHANNELS * SIDE * SIDE;

    /** The training files. */
    public static final List<String> TRAIN_FILES = List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
            "data_batch_4.bin", "data_batch_5.bin");
    /** The test file. */
    public static final String TEST_FILE = "test_batch.bin";

    private static final DataLocator LOCATOR = new DataLocator("cifar-10", "PC4J_CIFAR10_DIR", List.of(),
            List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin",
                    TEST_FILE));

    private Cifar10() {
    }

    /**
     * @param directory a directory holding the six files (or their {@code cifar-10-batches-bin} folder), or null to
     *                  search
     * @throws DataFileException if the files are not found or are corrupt
     */
    public static LabelledImages load(boolean train, Path directory) {
        return load(train, directory, System.getenv());
    }

    /** @return the records of these binary files, in order */
    public static LabelledImages read(String name, List<Path> files) {
        try {
            long total = 0;
            for (Path f : files) {
                if (!Files.isRegularFile(f)) {
                    throw new DataFileException("No such CIFAR-10 file: " + f);
                }
                long size = Files.size(f);
                if (size == 0 || size % RECORD != 0) {
                    throw new DataFileException("The CIFAR-10 file " + f + " is truncated or not in the binary format: its "
                            + size + " bytes are not a whole number of " + RECORD + "-byte records");
                }
                total += size / RECORD;
            }
            if (total * (RECORD - 1) > Integer.MAX_VALUE) {
                throw new DataFileException(name + " is too large to hold in memory");
            }
            int n = (int) total;
            byte[] pixels = new byte[n * (RECORD - 1)];
            int[] labels = new int[n];
            int i = 0;
            for (Path f : files) {
                byte[] bytes = Files.readAllBytes(f);
                for (int r = 0; r < bytes.length / RECORD; r++, i++) {
                    labels[i] = bytes[r * RECORD] & 0xff;
                    if (labels[i] >= CLASSES) {
                        throw new DataFileException("The CIFAR-10 file " + f + " has label " + labels[i] + " in record " + r
                                + " (labels are 0..9): not a CIFAR-10 binary file");
                    }
                    System.arraycopy(bytes, r * RECORD + 1, pixels, i * (RECORD - 1), RECORD - 1);
                }
            }
            return new LabelledImages(name, CHANNELS, SIDE, SIDE, CLASSES, pixels, labels);
        } catch (IOException e) {
            throw new DataFileException("Cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    /** Writes images in the CIFAR-10 binary format (e.g. a subset for quick experiments). */
    public static void write(LabelledImages images, Path file) throws IOException {
        if (images.channels() != CHANNELS || images.height() != SIDE || images.width() != SIDE) {
            throw new IllegalArgumentException("CIFAR-10 records are 3 x 32 x 32 images, got " + images.channels() + " x "
                    + images.height() + " x " + images.width());
        }
        org.pc4j.trainers.io.AtomicFiles.write(file, out -> {
            int per = RECORD - 1;
            for (int i = 0; i < images.size(); i++) {
                out.write(images.labels()[i]);
                out.write(images.pixels(), i * per, per);
            }
        });
    }

    static LabelledImages load(boolean train, Path directory, Map<String, String> env) {
        Path dir = directory != null && Files.isDirectory(directory.resolve("cifar-10-batches-bin"))
                ? directory.resolve("cifar-10-batches-bin") : directory;
        Path found = LOCATOR.locate(dir, env);
        List<String> names = train ? TRAIN_FILES : List.of(TEST_FILE);
        return read("cifar-10 " + (train ? "train" : "test"), names.stream().map(found::resolve).toList());
    }
}
