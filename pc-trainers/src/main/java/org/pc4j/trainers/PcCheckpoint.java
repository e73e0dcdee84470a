package org.pc4j.trainers;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.util.ModelSerializer;
import org.pc4j.trainers.io.AtomicFiles;

/**
 * A checkpoint that records the recipe it was trained with: DL4J's own {@code ModelSerializer} zip (configuration,
 * parameters, updater state; restored as usual with {@code ModelSerializer.restoreMultiLayerNetwork} or
 * {@code restoreComputationGraph}) plus one more entry, {@value #ENTRY}, the trainer's {@link PcConfig#toJson()}.
 * DL4J ignores the extra entry, so the file stays an ordinary DL4J model file. Written atomically: a failure or a
 * killed process leaves an existing checkpoint as it was.
 */
public final class PcCheckpoint {

    /** The zip entry that holds the recipe. */
    public static final String ENTRY = "pc4jConfig.json";

    private PcCheckpoint() {
    }

    /**
     * Writes {@code net} (with its updater state, so that training resumes exactly) and the trainer's recipe.
     *
     * @param net     a {@code MultiLayerNetwork} or {@code ComputationGraph}
     * @param config  the recipe it is trained with ({@link PcTrainer#config()})
     * @param file    the checkpoint to create or replace; its folder must exist
     * @throws IllegalArgumentException if the recipe has no JSON form (an energy of the user's own class), before
     *                                  anything is written
     * @throws IOException              if the file cannot be written; an existing file is then unchanged
     */
    public static void save(Model net, PcConfig config, Path file) throws IOException {
        Objects.requireNonNull(net, "net");
        Objects.requireNonNull(file, "file");
        byte[] recipe = Objects.requireNonNull(config, "config").toJson().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream model = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, model, true);
        AtomicFiles.write(file, out -> {
            try (ZipOutputStream zip = new ZipOutputStream(new FilterOutputStream(out) {
                @Override
                public void close() throws IOException {
                    flush(); // AtomicFiles closes the file itself, after forcing it to the disk
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }
            }); ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(model.toByteArray()))) {
                for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                    if (!e.getName().equals(ENTRY)) {
                        zip.putNextEntry(new ZipEntry(e.getName()));
                        in.transferTo(zip);
                        zip.closeEntry();
                    }
                }
                zip.putNextEntry(new ZipEntry(ENTRY));
                zip.write(recipe);
                zip.closeEntry();
            }
        });
    }

    /**
     * @param file a checkpoint
     * @return the recipe it records; empty for a DL4J model file written without one ({@code ModelSerializer.writeModel})
     * @throws IOException              if the file is missing or not a zip
     * @throws IllegalArgumentException if the recorded recipe is not a valid pc4j configuration (the message names the field)
     */
    public static Optional<PcConfig> config(Path file) throws IOException {
        if (!Files.isRegularFile(Objects.requireNonNull(file, "file"))) {
            throw new IOException("no checkpoint at " + file);
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry e = zip.getEntry(ENTRY);
            if (e == null) {
                return Optional.empty();
            }
            try (InputStream in = zip.getInputStream(e)) {
                return Optional.of(PcConfig.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
        } catch (ZipException e) {
            throw new IOException("the checkpoint " + file + " is not a model file (a zip): " + e.getMessage(), e);
        }
    }
}
