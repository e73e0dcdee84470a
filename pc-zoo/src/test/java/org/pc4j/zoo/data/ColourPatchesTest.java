package org.pc4j.zoo.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The colour-patch reader, on PNG photos this test paints with known pixels (PNG is lossless). */
class ColourPatchesTest {

    /** A photo whose pixel (x, y) is (x mod 256, y mod 256, seed + x + y mod 256). */
    private static void paint(Path file, int width, int height, int seed) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, ((x & 0xff) << 16) | ((y & 0xff) << 8) | ((seed + x + y) & 0xff));
            }
        }
        ImageIO.write(image, "png", file.toFile());
    }

    private static void manifest(Path dir, String... files) throws IOException {
        StringBuilder b = new StringBuilder();
        for (String f : files) {
            b.append(ColourPatches.md5(Files.readAllBytes(dir.resolve(f)))).append("  ").append(f).append('\n');
        }
        Files.writeString(dir.resolve(ColourPatches.MANIFEST), b.toString());
    }

    private static Path onePhoto(Path dir) throws IOException {
        Path one = Files.createDirectories(dir.resolve("one"));
        paint(one.resolve("c.png"), 32, 32, 9);
        manifest(one, "c.png");
        return one;
    }

    @Test
    void photosAreCutIntoNonOverlappingPatchesRowByRowInChannelMajorLayout(@TempDir Path dir) throws IOException {
        paint(dir.resolve("a.png"), 70, 40, 0);   // 2 x 1 patches (remainders 6 and 8 dropped)
        paint(dir.resolve("b.png"), 64, 64, 100); // 2 x 2 patches
        manifest(dir, "a.png", "b.png");
        LabelledImages all = ColourPatches.read(dir);
        assertThat(all.size()).isEqualTo(6);
        assertThat(all.channels()).isEqualTo(3);
        assertThat(all.classes()).isEqualTo(2);
        assertThat(ColourPatches.read(onePhoto(dir)).classes()).as("one photo: class 0 of 2").isEqualTo(2);
        assertThat(all.labels()).containsExactly(0, 0, 1, 1, 1, 1);
        int per = 3 * 32 * 32;
        // patch 1 of photo a: left = 32, top = 0; pixel (c, y, x) = byte c*1024 + y*32 + x
        int y = 5;
        int x = 7;
        assertThat(all.pixels()[per + y * 32 + x] & 0xff).isEqualTo(32 + x);
        assertThat(all.pixels()[per + 1024 + y * 32 + x] & 0xff).isEqualTo(y);
        assertThat(all.pixels()[per + 2048 + y * 32 + x] & 0xff).isEqualTo(32 + x + y);
        // patch 5 = photo b's bottom-right (top 32, left 32)
        assertThat(all.pixels()[5 * per + 1024 + y * 32 + x] & 0xff).isEqualTo(32 + y);
        assertThat(all.pixels()[5 * per + 2048 + y * 32 + x] & 0xff).isEqualTo(100 + 64 + x + y);
    }

    @Test
    void theSplitIsASeededShuffleThatKeepsEveryPatchOnce(@TempDir Path dir) throws IOException {
        paint(dir.resolve("a.png"), 160, 96, 3); // 15 patches
        manifest(dir, "a.png");
        LabelledImages all = ColourPatches.read(dir);
        LabelledImages train = ColourPatches.load(true, dir, Map.of());
        LabelledImages test = ColourPatches.load(false, dir, Map.of());
        assertThat(train.size()).isEqualTo(12);
        assertThat(test.size()).isEqualTo(3);
        int per = 3 * 32 * 32;
        boolean[] seen = new boolean[all.size()];
        for (LabelledImages part : new LabelledImages[] {train, test}) {
            for (int i = 0; i < part.size(); i++) {
                byte[] p = Arrays.copyOfRange(part.pixels(), i * per, (i + 1) * per);
                int found = -1;
                for (int j = 0; j < all.size(); j++) {
                    if (Arrays.equals(p, Arrays.copyOfRange(all.pixels(), j * per, (j + 1) * per))) {
                        found = j;
                    }
                }
                assertThat(found).isNotNegative();
                assertThat(seen[found]).isFalse();
                seen[found] = true;
            }
        }
        byte[] firstTrain = Arrays.copyOfRange(train.pixels(), 0, per);
        assertThat(ColourPatches.load(true, dir, Map.of()).pixels()).startsWith(firstTrain); // same order every load
        assertThat(Arrays.copyOfRange(train.pixels(), 0, 5 * per)).isNotEqualTo(Arrays.copyOfRange(all.pixels(), 0, 5 * per));
    }

    @Test
    void aPhotoWhoseSumDiffersIsRefusedWithTheFetchCommand(@TempDir Path dir) throws IOException {
        paint(dir.resolve("a.png"), 64, 64, 0);
        manifest(dir, "a.png");
        paint(dir.resolve("a.png"), 64, 64, 1);
        assertThatThrownBy(() -> ColourPatches.read(dir)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("a.png has MD5").hasMessageContaining("scripts/fetch-data.sh colour-patches");
    }

    @Test
    void undecodableTinyOrMissingPhotosAndBadManifestsAreClearErrors(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("x.png"), "not a png");
        manifest(dir, "x.png");
        assertThatThrownBy(() -> ColourPatches.read(dir)).isInstanceOf(DataFileException.class).hasMessageContaining("javax.imageio can decode");
        paint(dir.resolve("t.png"), 31, 64, 0);
        manifest(dir, "t.png");
        assertThatThrownBy(() -> ColourPatches.read(dir)).isInstanceOf(DataFileException.class).hasMessageContaining("smaller than one 32 x 32");
        Files.writeString(dir.resolve(ColourPatches.MANIFEST), "0123456789abcdef0123456789abcdef  gone.png\n");
        assertThatThrownBy(() -> ColourPatches.read(dir)).isInstanceOf(DataFileException.class).hasMessageContaining("gone.png");
        Files.writeString(dir.resolve(ColourPatches.MANIFEST), "not-a-sum gone.png\n");
        assertThatThrownBy(() -> ColourPatches.read(dir)).isInstanceOf(DataFileException.class).hasMessageContaining("not an md5sum line");
        Files.writeString(dir.resolve(ColourPatches.MANIFEST), "\n");
        assertThatThrownBy(() -> ColourPatches.read(dir)).isInstanceOf(DataFileException.class).hasMessageContaining("lists no photos");
    }

    @Test
    void aFolderWithoutTheSetSaysHowToFetchIt(@TempDir Path dir) {
        assertThatThrownBy(() -> ColourPatches.load(true, dir.resolve("none"), Map.of()))
                .isInstanceOf(DataFileException.class).hasMessageContaining("scripts/fetch-data.sh colour-patches");
    }

    @Test
    void dataSourcesReadsAFolderOfPhotosWithAManifestAsColourPatches(@TempDir Path dir) throws IOException {
        paint(dir.resolve("a.png"), 96, 64, 0);
        manifest(dir, "a.png");
        ImageSet set = (ImageSet) DataSources.load(dir.toString(), null, 1);
        assertThat(set.channels()).isEqualTo(3);
        assertThat(set.height()).isEqualTo(32);
        assertThat(set.train().numExamples() + set.test().numExamples()).isEqualTo(6);
        assertThat(set.train().getFeatures().size(1)).isEqualTo(3072);
    }
}
