package org.pc4j.trainers.generative;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a recall returned.
 *
 * @param patterns   the recalled patterns, {@code [keys, d]}: for a partial key the sensory value nodes (the known
 *                   values exactly as given, the unknown ones where inference left them); for a corrupted key the
 *                   last iterate of F
 * @param latents    the memory layer's value nodes at the end, {@code [keys, n]}
 * @param iterations iterations of F (1 for a partial key)
 * @param steps      inference steps run in all
 */
public record Recall(INDArray patterns, INDArray latents, int iterations, int steps) {
}
