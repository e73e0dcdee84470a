package org.pc4j.zoo.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * The IDX format of MNIST and Fashion-MNIST (LeCun et al.): a big-endian header {@code 0, 0, type, rank}, then
 * {@code rank} 32-bit sizes, then the data; pc4j reads unsigned-byte files ({@code type = 0x08}) of rank 1 (labels)
 * and 3 (images {@code n x rows x cols}), plain or gzip-compressed (recognised by their first bytes).
 *
 * @param dims the sizes, first the number of items
 * @param data the bytes, item after item, each as an unsigned value 0..255
 */
public record IdxFile(int[] dims, byte[] data) {

    private static final int UNSIGNED_BYTE = 0x08;

    /** @return the number of items (the first size). */
    public int items() {
        return dims[0];
    }

    /** @return the value at flat position {@code i}, 0..255. */
    public int unsigned(int i) {
        return data[i] & 0xff;
    }

    /**
     * @param file  an IDX file, plain or gzip-compressed
     * @param rank  the rank the file must have (1 for labels, 3 for images)
     * @throws DataFileException if the file is missing, truncated, compressed badly, or not an unsigned-byte IDX
     *                           file of that rank
     */
    public static IdxFile read(Path file, int rank) {
        if (!Files.isRegularFile(file)) {
            throw new DataFileException("No such data file: " + file);
        }
        try (InputStream raw = Files.newInputStream(file)) {
            return read(raw, rank, file.toString());
        } catch (IOException e) {
            throw new DataFileException("Cannot read the IDX file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param stream an IDX file's bytes, plain or gzip-compressed; not closed
     * @param name   how messages name the file
     * @throws DataFileException as {@link #read(Path, int)}
     */
    public static IdxFile read(InputStream stream, int rank, String name) {
        try {
            InputStream raw = new BufferedInputStream(stream, 1 << 16);
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            InputStream in = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
            return read(new DataInputStream(in), rank, name);
        } catch (EOFException e) {
            throw new DataFileException("The IDX file " + name + " is truncated (it ends before the sizes in its header say)", e);
        } catch (IOException e) {
            throw new DataFileException("Cannot read the IDX file " + name + ": " + e.getMessage()
                    + " (a damaged download? fetch it again)", e);
        }
    }

    private static IdxFile read(DataInputStream in, int rank, String name) throws IOException {
        int magic = in.readInt();
        if ((magic >>> 16) != 0 || ((magic >>> 8) & 0xff) != UNSIGNED_BYTE || (magic & 0xff) != rank) {
            throw new DataFileException(String.format("%s is not an unsigned-byte IDX file of rank %d: its header is 0x%08x "
                    + "(expected 0x%08x)", name, rank, magic, (UNSIGNED_BYTE << 8) | rank));
        }
        int[] dims = new int[rank];
        long total = 1;
        for (int d = 0; d < rank; d++) {
            dims[d] = in.readInt();
            if (dims[d] <= 0) {
                throw new DataFileException(name + " has an invalid size " + dims[d] + " in dimension " + d);
            }
            total *= dims[d];
        }
        if (total > Integer.MAX_VALUE - 16) {
            throw new DataFileException(name + " is too large: sizes " + Arrays.toString(dims));
        }
        byte[] data = readExactly(in, (int) total);
        if (in.read() != -1) {
            throw new DataFileException(name + " holds more bytes than its sizes " + Arrays.toString(dims) + " say");
        }
        return new IdxFile(dims, data);
    }

    /**
     * Reads {@code n} bytes with {@link java.io.InputStream#readNBytes(int)}, whose buffer grows with the data actually
     * read, so that a header claiming more than the file holds (a damaged or forged file) fails as truncated instead of
     * allocating what the header claims.
     *
     * @throws EOFException if the stream ends first
     */
    private static byte[] readExactly(DataInputStream in, int n) throws IOException {
        byte[] data = in.readNBytes(n);
        if (data.length < n) {
            throw new EOFException();
        }
        return data;
    }
}
