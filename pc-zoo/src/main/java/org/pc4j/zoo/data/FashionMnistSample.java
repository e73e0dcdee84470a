package org.pc4j.zoo.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A small real sample of Fashion-MNIST shipped inside pc-zoo, so that examples and the main command work on a
 * machine with nothing installed: the first 2,000 training and first 500 test images of the original files
 * (MIT licence, Zalando SE; see {@code fashion-mnist-sample/README.txt} next to the files).
 */
public final class FashionMnistSample {

    /** Training images in the sample. */
    public static final int TRAIN = 2000;
    /** Test images in the sample. */
    public static final int TEST = 500;

    private static final String DIR = "fashion-mnist-sample/";

    private FashionMnistSample() {
    }

    /** @return the sample's training ({@code train}) or test images */
    public static LabelledImages load(boolean train) {
        String prefix = train ? "train" : "t10k";
        return Mnist.fromIdx("fashion-mnist sample " + (train ? "train" : "test"),
                resource(prefix + "-images-idx3-ubyte.gz", 3), resource(prefix + "-labels-idx1-ubyte.gz", 1));
    }

    private static IdxFile resource(String name, int rank) {
        try (InputStream in = FashionMnistSample.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new DataFileException("The pc-zoo jar lacks its Fashion-MNIST sample " + DIR + name);
            }
            return IdxFile.read(in, rank, DIR + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
