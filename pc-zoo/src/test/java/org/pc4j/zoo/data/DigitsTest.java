package org.pc4j.zoo.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;

class DigitsTest {

    private static byte[] embedded() throws IOException {
        try (InputStream in = Digits.class.getResourceAsStream("digits.csv.gz")) {
            return in.readAllBytes();
        }
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.US_ASCII));
        }
        return bytes.toByteArray();
    }

    @Test
    void theCommandLinesDigitsHoldEverySixteenthFromZeroToOneOnce() {
        // the sklearn digits are integers 0..16; DataSources once divided the already scaled pixels by 16 again
        ImageSet set = (ImageSet) DataSources.load("digits", null, 1);
        for (DataSet d : new DataSet[] {set.train(), set.test()}) {
            assertThat(d.getFeatures().minNumber().doubleValue()).isEqualTo(0.0);
            assertThat(d.getFeatures().maxNumber().doubleValue()).isEqualTo(1.0);
            assertThat(d.getFeatures().mul(16).sub(org.nd4j.linalg.ops.transforms.Transforms.round(d.getFeatures().mul(16)))
                    .amaxNumber().doubleValue()).as("multiples of 1/16").isLessThan(1e-6);
        }
    }

    @Test
    void theEmbeddedFileHoldsAll1797DigitsWithScikitLearnsClassCounts() {
        Digits digits = Digits.load();
        DataSet all = digits.all(DataType.FLOAT);
        assertThat(all.numExamples()).isEqualTo(1797);
        assertThat(all.getFeatures().shape()).containsExactly(1797, 64);
        assertThat(all.getLabels().shape()).containsExactly(1797, 10);
        // sklearn.datasets.load_digits(): np.bincount(target)
        assertThat(digits.classCounts()).containsExactly(178, 182, 177, 183, 181, 182, 181, 179, 174, 180);
        assertThat(all.getFeatures().minNumber().doubleValue()).isEqualTo(0.0);
        assertThat(all.getFeatures().maxNumber().doubleValue()).isEqualTo(1.0);
        // the first image of the file, pixel 2 = 5 / 16
        assertThat(all.getFeatures().getDouble(0, 2)).isCloseTo(5.0 / 16, within(1e-7));
    }

    @Test
    void aSplitPartitionsTheExamplesAndStandardisesWithTrainingStatistics() {
        Digits.Split split = Digits.load().split(0.2, 3, DataType.DOUBLE);
        assertThat(split.train().numExamples() + split.test().numExamples()).isEqualTo(1797);
        assertThat(split.test().numExamples()).isEqualTo(359);
        Digits.Split standard = split.standardised();
        assertThat(standard.train().getFeatures().mean(0).amaxNumber().doubleValue()).isLessThan(1e-9);
        assertThat(split.train().getFeatures().minNumber().doubleValue()).as("the original is untouched").isEqualTo(0.0);
        assertThatThrownBy(() -> Digits.load().split(1.0, 1, DataType.FLOAT)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTruncatedFileIsRejectedWithAClearMessage() throws IOException {
        byte[] full = embedded();
        InputStream truncated = new ByteArrayInputStream(Arrays.copyOf(full, full.length / 2));
        assertThatThrownBy(() -> Digits.read(truncated)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("digits data");
    }

    @Test
    void aFileWithTheWrongContentsIsRejected() throws IOException {
        String row = "0,".repeat(64) + "3\n";
        assertThatThrownBy(() -> Digits.read(new ByteArrayInputStream(gzip(row.repeat(10)))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("1797 examples");
        String badPixel = "17," + "0,".repeat(63) + "3\n";
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 1797; i++) {
            rows.append(i == 5 ? badPixel : row);
        }
        assertThatThrownBy(() -> Digits.read(new ByteArrayInputStream(gzip(rows.toString()))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("0..16");
        assertThatThrownBy(() -> Digits.read(new ByteArrayInputStream("not gzip".getBytes(StandardCharsets.US_ASCII))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("corrupt");
    }
}
