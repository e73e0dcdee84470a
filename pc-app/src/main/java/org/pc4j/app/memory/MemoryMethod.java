package org.pc4j.app.memory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalDouble;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One way of storing patterns and recalling them from keys. Patterns are rows of values in [0, 1].
 * Per experiment: store once, then recall any number of keys.
 */
public interface MemoryMethod {

    /** @return the method's name in tables and reports ({@code pc}, {@code mhn}, ...) */
    String name();

    /** @return a one-line description: the model, its size and its options */
    String description();

    /** Stores {@code patterns}, {@code [N, d]}. */
    void store(INDArray patterns);

    /**
     * @return the energy storing left, on the method's own scale (the PC network: the kept epoch's relaxed energy summed
     *         over the patterns; a graph: the last epoch's, a batch mean); empty for methods without one or before storing
     */
    default OptionalDouble storeEnergy() {
        return OptionalDouble.empty();
    }

    /** @return whether {@link #save} can write what was stored, for a later run to load instead of storing again */
    default boolean saves() {
        return false;
    }

    /**
     * Writes what was stored to {@code file}, atomically.
     *
     * @throws UnsupportedOperationException where {@link #saves} is false
     * @throws IllegalStateException         before storing
     */
    default void save(Path file) throws IOException {
        throw new UnsupportedOperationException(name() + " cannot be saved");
    }

    /**
     * @param key   {@code [m, d]}: the known values, anything where unknown
     * @param known {@code [m, d]} of 0 and 1
     * @return the recalled patterns; the known values exactly as in the key
     */
    Recalled complete(INDArray key, INDArray known);

    /** @return whether the recall has a start state {@link #completeFromStored} can set (the PC network's does) */
    default boolean startsAnywhere() {
        return false;
    }

    /**
     * As {@link #complete}, but the recall starts at the stored patterns themselves ({@link MemoryKey#startsAtStored}).
     *
     * @param stored {@code [m, d]}: the pattern each key belongs to
     * @throws UnsupportedOperationException where {@link #startsAnywhere} is false
     */
    default Recalled completeFromStored(INDArray key, INDArray known, INDArray stored) {
        throw new UnsupportedOperationException(name() + "'s recall has no start state to set");
    }

    /**
     * @param key {@code [m, d]}: corrupted patterns
     * @return the recalled patterns
     */
    Recalled denoise(INDArray key);

    /**
     * @return the patterns the recall is scored against: the stored ones, or what the method stores of them (the
     *         classic Hopfield network stores binarised patterns)
     */
    default INDArray target(INDArray patterns) {
        return patterns;
    }

    /**
     * What one recall returned.
     *
     * @param patterns   {@code [m, d]}
     * @param iterations the method's iterations (recall steps of PC, updates of the Hopfield nets and the autoencoder)
     */
    record Recalled(INDArray patterns, int iterations) {
    }
}
