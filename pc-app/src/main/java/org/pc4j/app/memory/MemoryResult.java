package org.pc4j.app.memory;

import java.util.List;

/**
 * Everything one {@code pc4j memory} run measured, as written to {@code report.json}.
 *
 * @param command   the command line
 * @param data      the data set's description
 * @param images    N, the stored images
 * @param channels  image channels
 * @param height    image rows
 * @param width     image columns
 * @param methods   each method's description
 * @param results   one row per method and key
 * @param grids     the image grids shown (the first images: original, key, each method's recall)
 * @param curve     the PC network's recalls against the recall budget ({@link RecallCurve}); empty if not measured
 * @param capacity  the images retrieved against N and the width ({@link CapacitySweep}); empty if not measured
 */
public record MemoryResult(String command, String data, int images, int channels, int height, int width,
                           List<Method> methods, List<Row> results, List<Grid> grids, List<RecallCurve.Point> curve,
                           List<CapacitySweep.Point> capacity) {

    public MemoryResult {
        curve = List.copyOf(curve);
        capacity = List.copyOf(capacity);
    }

    /**
     * @param method       the method's name
     * @param description  its model and options
     * @param storeSeconds wall time to store the N images (about 0 for a memory loaded from a file)
     * @param storeEnergy  the energy storing left ({@link MemoryMethod#storeEnergy}, on the method's own scale); null for
     *                     methods without one
     */
    public record Method(String method, String description, double storeSeconds, Double storeEnergy) {
    }

    /**
     * One method on one key: {@code retrieved} of {@code of} images recalled within the key's MSE criterion.
     *
     * @param threshold                  the criterion's MSE bound
     * @param recallSecondsPerIteration  recall wall time divided by the method's iterations (PC: inference steps)
     */
    public record Row(String method, String key, int retrieved, int of, double meanMse, double threshold,
                      double storeSeconds, double recallSeconds, int iterations, double recallSecondsPerIteration) {
    }

    /**
     * The pixels of one key's grid: row {@code i} is image {@code i}; columns the original, the key, then each method's
     * recall ({@code columns}); values in [0, 1], {@code cells[row][column][pixel]}.
     */
    public record Grid(String key, List<String> columns, float[][][] cells) {
    }
}
