package org.pc4j.trainers.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pc4j.testkit.NdAssertions.assertBitIdentical;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Bad input to PC graphs, each of which was accepted (or failed late, or left the graph inconsistent) before: a
 * listener that throws after a batch, pixels of the wrong width, a query record built around its builder's checks,
 * damaged or incomplete saved files, and graphs too large to allocate.
 */
class PcGraphBadInputTest {

    @TempDir
    Path dir;

    private static GraphConfig.Builder small() {
        return GraphConfig.builder(14, 11).labels(3).dataType(DataType.DOUBLE).inferenceRate(0.1).trainSteps(4)
                .updater(new Adam(0.01)).seed(5);
    }

    private static INDArray batch(long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.DOUBLE, 4, 11);
    }

    @Test
    void aListenerThatThrowsAfterABatchLeavesTheGraphConsistent() {
        PcGraph reference = new PcGraph(small().build(), GraphMask.fullyConnected(14));
        PcGraph g = new PcGraph(small().build(), GraphMask.fullyConnected(14));
        INDArray first = batch(1);
        INDArray second = batch(2);
        reference.trainBatch(first);
        reference.trainBatch(second);
        GraphListener failing = new GraphListener() {
            @Override
            public void onBatchEnd(int b, double[] energies) {
                throw new IllegalStateException("the listener's disk is full");
            }
        };
        assertThatThrownBy(() -> g.listeners(failing).trainBatch(first)).hasMessageContaining("disk is full");
        assertThat(g.iterations()).as("the update was made, so the batch counts").isEqualTo(1);
        g.listeners().trainBatch(second);
        assertBitIdentical("the next batch is the reference's second: same seed, same Adam step", g.weights(), reference.weights());
    }

    @Test
    void classifyRefusesPixelsOfTheWrongWidth() {
        PcGraph g = new PcGraph(small().build(), GraphMask.fullyConnected(14));
        assertThatThrownBy(() -> g.classify(Nd4j.zeros(DataType.DOUBLE, 2, 5), 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("8 pixel");
        assertThatThrownBy(() -> g.classify(Nd4j.zeros(DataType.DOUBLE, 2, 10), 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("8 pixel");
    }

    @Test
    void theQueryRecordChecksWhatItsBuilderChecks() {
        INDArray v = Nd4j.zeros(DataType.DOUBLE, 2, 14);
        INDArray c = Nd4j.zeros(DataType.DOUBLE, 2, 14);
        c.putScalar(0, 0, 1);
        c.putScalar(1, 0, 1);
        INDArray i = Nd4j.zeros(DataType.DOUBLE, 2, 14);
        assertThatThrownBy(() -> new GraphQuery(v, c, i, -1, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("step");
        assertThatThrownBy(() -> new GraphQuery(v, c, i, 5, Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tolerance");
        assertThatThrownBy(() -> new GraphQuery(v, Nd4j.zeros(DataType.DOUBLE, 2, 13), i, 5, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shape");
        assertThatThrownBy(() -> new GraphQuery(v, c.mul(2), i, 5, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 and 1");
        assertThatThrownBy(() -> new GraphQuery(v, c, c, 5, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("both conditioned and initialised");
        assertThatThrownBy(() -> new GraphQuery(null, c, i, 5, 0)).isInstanceOf(IllegalArgumentException.class);
        PcGraph g = new PcGraph(small().build(), GraphMask.fullyConnected(14));
        assertThat(g.query(new GraphQuery(v, c, i, 3, 0)).steps()).isEqualTo(3);
    }

    private Path saved(PcGraph g) throws IOException {
        Path file = dir.resolve("graph.zip");
        g.save(file);
        return file;
    }

    /** Rewrites a saved graph with one entry replaced ({@code null} content: left out). */
    private Path edited(Path file, String entry, byte[] content) throws IOException {
        Path out = dir.resolve("edited-" + entry + ".zip");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(file));
             ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                byte[] bytes = in.readAllBytes();
                if (e.getName().equals(entry)) {
                    if (content == null) {
                        continue;
                    }
                    bytes = content;
                }
                zip.putNextEntry(new ZipEntry(e.getName()));
                zip.write(bytes);
                zip.closeEntry();
            }
        }
        return out;
    }

    private static byte[] entry(Path file, String name) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(file))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().equals(name)) {
                    return in.readAllBytes();
                }
            }
        }
        throw new AssertionError(name + " missing");
    }

    @Test
    void aDamagedSaveIsRefusedNamingTheEntry() throws IOException {
        PcGraph g = new PcGraph(small().build(), GraphMask.fullyConnected(14));
        g.trainBatch(batch(3));
        Path file = saved(g);
        byte[] weights = entry(file, "weights.bin");
        Path truncated = edited(file, "weights.bin", java.util.Arrays.copyOf(weights, weights.length / 2));
        assertThatThrownBy(() -> PcGraph.load(truncated)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weights.bin");
        Path negative = edited(file, "iteration.txt", "-5".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThatThrownBy(() -> PcGraph.load(negative)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("iteration.txt")
                .hasMessageContaining("-5");
        Path words = edited(file, "iteration.txt", "many".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThatThrownBy(() -> PcGraph.load(words)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("iteration.txt");
        Path noState = edited(file, "updaterState.bin", null);
        assertThatThrownBy(() -> PcGraph.load(noState)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("updaterState.bin")
                .hasMessageContaining("Adam");
        Path notAZip = Files.writeString(dir.resolve("notes.zip"), "not a zip file");
        assertThatThrownBy(() -> PcGraph.load(notAZip)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("notes.zip");
        assertBitIdentical(PcGraph.load(file).weights(), g.weights());
    }

    @Test
    void aGraphTooLargeToAllocateIsRefusedWithItsSize() {
        GraphConfig huge = GraphConfig.builder(50_000, 10).build();
        assertThatThrownBy(() -> new PcGraph(huge, GraphMask.fullyConnected(3))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("50,000 neurons").hasMessageContaining("GB");
        assertThatThrownBy(() -> PcGraph.requireFits(2_000_000_000, new Adam(1e-4), DataType.FLOAT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2,000,000,000 neurons");
        PcGraph.requireFits(1000, new Adam(1e-4), DataType.FLOAT);
    }
}
