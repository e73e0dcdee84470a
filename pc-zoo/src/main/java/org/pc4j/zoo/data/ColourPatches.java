package org.pc4j.zoo.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * A colour image set made offline, in place of CIFAR-10 / Tiny ImageNet (which this project's machines cannot reach):
 * 32 x 32 x 3 patches cut from the colour photos that Debian's {@code opencv-doc} and {@code python3-skimage} packages
 * ship. {@code scripts/fetch-data.sh colour-patches} copies the photos into {@code ~/.cache/pc4j/colour-patches} with a
 * {@code MANIFEST.md5} ({@code md5sum} format: {@code <md5>  <file>} per line); this reader checks every sum, decodes
 * each photo ({@code javax.imageio}: JPEG, PNG), and cuts it into non-overlapping {@link #SIDE} x {@link #SIDE}
 * patches from its top-left corner, row by row (the right and bottom remainders are dropped). A patch's label is the
 * index of its photo in the manifest (classes: the photos, at least 2). The patches of all photos are shuffled with a fixed seed and split 80 / 20 into
 * training and test patches, so the first N training patches mix the photos. Pixels are stored channel-major
 * (red plane, green, blue; each row by row), as {@link Cifar10}'s and pc4j's other image sets.
 */
public final class ColourPatches {

    /** Patch side. */
    public static final int SIDE = 32;
    /** Colour channels. */
    public static final int CHANNELS = 3;
    /** The manifest's file name. */
    public static final String MANIFEST = "MANIFEST.md5";
    /** The seed of the shuffle that mixes the photos' patches. */
    public static final long SHUFFLE_SEED = 20_240_101L;

    private static final DataLocator LOCATOR = new DataLocator("colour-patches", "PC4J_COLOUR_PATCHES_DIR", List.of(),
            List.of(MANIFEST));

    private ColourPatches() {
    }

    /**
     * @param directory a directory holding the photos and their manifest, or null to search (see {@link DataLocator})
     * @return the training ({@code train}) or test patches
     * @throws DataFileException if the set is not installed, a sum does not match, or a photo cannot be decoded
     */
    public static LabelledImages load(boolean train, Path directory) {
        return split(read(LOCATOR.locate(directory, System.getenv())), train);
    }

    static LabelledImages load(boolean train, Path directory, Map<String, String> env) {
        return split(read(LOCATOR.locate(directory, env)), train);
    }

    /**
     * @param dir a directory with {@link #MANIFEST} and the photos it lists
     * @return every patch of every photo, in manifest order, unshuffled
     * @throws DataFileException if the manifest is malformed, a photo is missing, its MD5 differs, it cannot be decoded or
     *                           it is smaller than one patch
     */
    public static LabelledImages read(Path dir) {
        Path manifest = dir.resolve(MANIFEST);
        List<String> lines;
        try {
            lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DataFileException("Cannot read " + manifest + ": " + e.getMessage(), e);
        }
        List<byte[]> patches = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        int photo = 0;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split("\\s+", 2);
            if (parts.length != 2 || !parts[0].matches("[0-9a-fA-F]{32}")) {
                throw new DataFileException(manifest + ": '" + line + "' is not an md5sum line (<32 hex digits>  <file>)");
            }
            Path file = dir.resolve(parts[1].startsWith("*") ? parts[1].substring(1) : parts[1]);
            BufferedImage image = decode(file, parts[0]);
            if (image.getWidth() < SIDE || image.getHeight() < SIDE) {
                throw new DataFileException(file + " is " + image.getWidth() + " x " + image.getHeight()
                        + ", smaller than one " + SIDE + " x " + SIDE + " patch");
            }
            for (int top = 0; top + SIDE <= image.getHeight(); top += SIDE) {
                for (int left = 0; left + SIDE <= image.getWidth(); left += SIDE) {
                    patches.add(patch(image, top, left));
                    labels.add(photo);
                }
            }
            photo++;
        }
        if (photo == 0) {
            throw new DataFileException(manifest + " lists no photos");
        }
        int per = CHANNELS * SIDE * SIDE;
        byte[] pixels = new byte[patches.size() * per];
        for (int i = 0; i < patches.size(); i++) {
            System.arraycopy(patches.get(i), 0, pixels, i * per, per);
        }
        // a label is a classification target over at least 2 classes: one photo's patches are all class 0 of 2
        return new LabelledImages("colour-patches (" + photo + " photos)", CHANNELS, SIDE, SIDE, Math.max(2, photo), pixels,
                labels.stream().mapToInt(Integer::intValue).toArray());
    }

    /** @return a seeded 80 / 20 split of the patches, shuffled with {@link #SHUFFLE_SEED} */
    static LabelledImages split(LabelledImages all, boolean train) {
        int n = all.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random random = new Random(SHUFFLE_SEED);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int trainSize = Math.max(1, (int) Math.round(0.8 * n));
        int from = train ? 0 : trainSize;
        int to = train ? trainSize : n;
        int per = CHANNELS * SIDE * SIDE;
        byte[] pixels = new byte[(to - from) * per];
        int[] labels = new int[to - from];
        for (int i = from; i < to; i++) {
            System.arraycopy(all.pixels(), order[i] * per, pixels, (i - from) * per, per);
            labels[i - from] = all.labels()[order[i]];
        }
        return new LabelledImages(all.name() + (train ? " train" : " test"), CHANNELS, SIDE, SIDE, all.classes(), pixels, labels);
    }

    private static BufferedImage decode(Path file, String expectedMd5) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DataFileException("Cannot read the photo " + file + " listed in " + MANIFEST + ": " + e.getMessage(), e);
        }
        String md5 = md5(bytes);
        if (!md5.equalsIgnoreCase(expectedMd5)) {
            throw new DataFileException(file + " has MD5 " + md5 + ", the manifest says " + expectedMd5
                    + ": the file is corrupt or changed; fetch it again with scripts/fetch-data.sh colour-patches");
        }
        try {
            BufferedImage image = ImageIO.read(new java.io.ByteArrayInputStream(bytes));
            if (image == null) {
                throw new DataFileException(file + " is not an image javax.imageio can decode (JPEG or PNG)");
            }
            return image;
        } catch (IOException e) {
            throw new DataFileException("Cannot decode " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] patch(BufferedImage image, int top, int left) {
        byte[] out = new byte[CHANNELS * SIDE * SIDE];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                int rgb = image.getRGB(left + x, top + y);
                int at = y * SIDE + x;
                out[at] = (byte) ((rgb >> 16) & 0xff);
                out[SIDE * SIDE + at] = (byte) ((rgb >> 8) & 0xff);
                out[2 * SIDE * SIDE + at] = (byte) (rgb & 0xff);
            }
        }
        return out;
    }

    static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no MD5", e);
        }
    }
}
