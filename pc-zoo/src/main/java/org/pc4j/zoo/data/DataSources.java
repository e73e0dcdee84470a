package org.pc4j.zoo.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The data sets pc4j's commands run on, by name or by path. Images come as flat features in [0, 1] and one-hot
 * labels; text comes as a corpus that the model's tokenizer cuts into sequences.
 *
 * <table>
 * <caption>Names</caption>
 * <tr><th>name</th><th>what</th><th>where</th></tr>
 * <tr><td>digits</td><td>scikit-learn digits, 8 x 8, 1,438 / 359 (a seeded 80/20 split)</td><td>embedded</td></tr>
 * <tr><td>fashion-sample</td><td>Fashion-MNIST, 2,000 / 500</td><td>embedded</td></tr>
 * <tr><td>mnist, fashion-mnist</td><td>60,000 / 10,000, 28 x 28</td><td>{@code scripts/fetch-data.sh}</td></tr>
 * <tr><td>colour-patches</td><td>32 x 32 x 3 patches of 27 colour photos, 80 / 20 (label: the photo)</td>
 *     <td>{@code scripts/fetch-data.sh colour-patches}</td></tr>
 * <tr><td>cifar10</td><td>50,000 / 10,000, 32 x 32 x 3 (binary version)</td><td>placed by hand (no offline source)</td></tr>
 * <tr><td>text-sample</td><td>Moby-Dick, chapters 1-20</td><td>embedded</td></tr>
 * <tr><td>english</td><td>Moby-Dick, State of the Union addresses, Brown corpus</td><td>{@code scripts/fetch-data.sh english}</td></tr>
 * </table>
 *
 * A path names a folder with the four MNIST-format IDX files, a folder with CIFAR-10's binary files, a folder of photos
 * with a {@code MANIFEST.md5} (cut into patches as {@link ColourPatches} does), a folder of
 * {@code .txt} files or one {@code .txt} file.
 */
public final class DataSources {

    /** The data set names. */
    public static final List<String> NAMES = List.of("digits", "fashion-sample", "mnist", "fashion-mnist", "colour-patches", "cifar10",
            "text-sample", "english");

    private DataSources() {
    }

    /** What a data set holds. */
    public sealed interface Data permits ImageSet, DataSources.TextData {
        /** @return the data set's name */
        String name();
    }

    /**
     * Text.
     *
     * @param name   name
     * @param corpus the text
     */
    public record TextData(String name, TextCorpus corpus) implements Data {
    }

    /**
     * @param nameOrPath a name of {@link #NAMES} or a path
     * @param dataDir    where fetched data lives (null: search as {@code scripts/fetch-data.sh} installs it)
     * @param seed       the seed of the digits split
     * @return the data
     * @throws IllegalArgumentException if the name is unknown and no such path exists
     * @throws DataFileException        if the data is not installed (with the command that fetches it) or corrupt
     */
    public static Data load(String nameOrPath, Path dataDir, long seed) {
        return switch (nameOrPath) {
            case "digits" -> {
                Digits.Split s = Digits.load().split(0.2, seed, DataType.FLOAT); // pixels already in [0, 1]
                yield new ImageSet("digits", s.train(), s.test(), 1, 8, 8, Digits.CLASSES);
            }
            case "fashion-sample" -> images(FashionMnistSample.load(true), FashionMnistSample.load(false), "fashion-sample");
            case "mnist" -> images(Mnist.load(Mnist.Variant.MNIST, true, dataDir), Mnist.load(Mnist.Variant.MNIST, false, dataDir), "mnist");
            case "fashion-mnist" -> images(Mnist.load(Mnist.Variant.FASHION_MNIST, true, dataDir),
                    Mnist.load(Mnist.Variant.FASHION_MNIST, false, dataDir), "fashion-mnist");
            case "colour-patches" -> images(ColourPatches.load(true, dataDir), ColourPatches.load(false, dataDir), "colour-patches");
            case "cifar10" -> images(Cifar10.load(true, dataDir), Cifar10.load(false, dataDir), "cifar10");
            case "text-sample" -> new TextData("text-sample (Moby-Dick ch. 1-20)", TextCorpus.mobyDickExcerpt());
            case "english" -> new TextData("english", TextCorpus.english(dataDir));
            default -> fromPath(nameOrPath);
        };
    }

    private static ImageSet images(LabelledImages train, LabelledImages test, String name) {
        return new ImageSet(name, train.dataSet(DataType.FLOAT), test.dataSet(DataType.FLOAT), train.channels(), train.height(),
                train.width(), train.classes());
    }

    private static Data fromPath(String text) {
        Path p = Path.of(text);
        if (!Files.exists(p)) {
            throw new IllegalArgumentException("unknown data '" + text + "': use one of " + String.join(", ", NAMES)
                    + ", or a path to a folder of MNIST-format IDX files, CIFAR-10 binary files, photos with a MANIFEST.md5 or .txt files");
        }
        if (Files.isRegularFile(p)) {
            if (!p.toString().endsWith(".txt")) {
                throw new IllegalArgumentException("data file " + p + " is not a .txt file; image data is read from a folder");
            }
            return new TextData(String.valueOf(p.getFileName()), new TextCorpus(p.toString(), read(p)));
        }
        if (Files.exists(p.resolve("train-images-idx3-ubyte")) || Files.exists(p.resolve("train-images-idx3-ubyte.gz"))) {
            return images(Mnist.read(p + " train", DataLocator.file(p, "train-images-idx3-ubyte"), DataLocator.file(p, "train-labels-idx1-ubyte")),
                    Mnist.read(p + " test", DataLocator.file(p, "t10k-images-idx3-ubyte"), DataLocator.file(p, "t10k-labels-idx1-ubyte")), p.toString());
        }
        if (Files.exists(p.resolve("data_batch_1.bin")) || Files.isDirectory(p.resolve("cifar-10-batches-bin"))) {
            return images(Cifar10.load(true, p), Cifar10.load(false, p), p.toString());
        }
        if (Files.exists(p.resolve(ColourPatches.MANIFEST))) {
            LabelledImages all = ColourPatches.read(p);
            return images(ColourPatches.split(all, true), ColourPatches.split(all, false), p.toString());
        }
        if (Files.exists(p.resolve("moby-dick.txt"))) {
            return new TextData(p.toString(), TextCorpus.english(p));
        }
        try (Stream<Path> files = Files.list(p)) {
            List<Path> texts = files.filter(f -> f.toString().endsWith(".txt")).sorted().toList();
            if (texts.isEmpty()) {
                throw new IllegalArgumentException("folder " + p + " holds no MNIST-format IDX files, no CIFAR-10 binary files "
                        + "and no .txt files");
            }
            StringBuilder all = new StringBuilder();
            texts.forEach(f -> all.append(read(f)).append("\n\n"));
            return new TextData(p.toString(), new TextCorpus(p.toString(), all.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DataFileException("Cannot read " + f + " as UTF-8 text: " + e.getMessage(), e);
        }
    }
}
