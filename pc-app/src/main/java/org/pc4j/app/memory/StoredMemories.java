package org.pc4j.app.memory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.pc4j.trainers.io.AtomicFiles;
import org.pc4j.zoo.data.DataFileException;

/**
 * The manifest of a folder of saved memories ({@code pc4j memory --save DIR}, read back by {@code --load DIR}),
 * {@value #MANIFEST}: which images were stored (the data set's name, N and a SHA-256 of the images as float32, so that a
 * memory is never recalled against images it did not store), the storing options of the run that saved them, and per
 * method its file ({@code pc.zip}, {@code graph.zip}, {@code linear.zip}), description, seconds to store and store
 * energy. Written atomically after each method is saved.
 *
 * @param data          the data set's name
 * @param images        N
 * @param imagesSha256  SHA-256 of the N images ({@link #fingerprint})
 * @param options       the storing options of the saving run, option name to value as text
 * @param methods       method name to what was saved of it
 */
public record StoredMemories(String data, int images, String imagesSha256, Map<String, String> options, Map<String, Saved> methods) {

    /** The manifest's file name in the folder. */
    public static final String MANIFEST = "stored.json";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One saved method.
     *
     * @param file         its file in the folder
     * @param description  its description when it was stored
     * @param storeSeconds seconds it took to store
     * @param storeEnergy  the energy storing left (null if the method has none)
     */
    public record Saved(String file, String description, double storeSeconds, Double storeEnergy) {
    }

    public StoredMemories {
        options = Map.copyOf(options);
        methods = new LinkedHashMap<>(methods);
    }

    @Override
    public Map<String, Saved> methods() {
        return java.util.Collections.unmodifiableMap(methods);
    }

    /** @return this manifest with {@code method}'s entry added or replaced */
    public StoredMemories with(String method, Saved saved) {
        Map<String, Saved> m = new LinkedHashMap<>(methods);
        m.put(method, saved);
        return new StoredMemories(data, images, imagesSha256, options, m);
    }

    /** @return the file a method is saved to in a folder */
    public static String fileOf(String method) {
        return method + ".zip";
    }

    /** Writes the manifest into {@code dir} (which must exist), atomically. */
    public void write(Path dir) throws IOException {
        byte[] json = MAPPER.writeValueAsBytes(this);
        AtomicFiles.write(dir.resolve(MANIFEST), out -> out.write(json));
    }

    /**
     * @return the manifest in {@code dir}
     * @throws DataFileException naming the folder if it has no manifest or an unreadable one
     */
    public static StoredMemories read(Path dir) {
        Path file = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(file)) {
            throw new DataFileException(dir + " holds no saved memories: " + MANIFEST + " is missing (pc4j memory --save " + dir
                    + " writes it)");
        }
        StoredMemories m;
        try {
            m = MAPPER.readValue(file.toFile(), StoredMemories.class);
        } catch (IOException | RuntimeException e) {
            throw new DataFileException(file + " is not a saved memories' manifest: " + e.getMessage(), e);
        }
        if (m.data() == null || m.images() < 1 || m.imagesSha256() == null || m.options() == null || m.methods() == null) {
            throw new DataFileException(file + " is not a saved memories' manifest: it lacks data, images, imagesSha256, options or methods");
        }
        return m;
    }

    /** @return the SHA-256 of {@code patterns} ({@code [N, d]}) as float32 values, row by row, in hexadecimal */
    public static String fingerprint(INDArray patterns) {
        float[] values = patterns.castTo(DataType.FLOAT).dup('c').data().asFloat();
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES + 2 * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(patterns.size(0)).putLong(patterns.size(1));
        bytes.asFloatBuffer().put(values);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
