package org.pc4j.layers.noise;

/**
 * A layer that draws random noise in its forward pass (a reparameterisation layer). Under backprop the noise is
 * drawn in each forward pass and reused by the backprop that follows. Predictive coding runs many forward passes and
 * backprops per batch, all of which must see the same noise (docs/algorithms.md §4): a trainer calls
 * {@link #holdNoise()} before a batch and {@link #releaseNoise()} after it.
 */
public interface BatchNoise {

    /** From the next forward pass on, draw the noise once and keep it until {@link #releaseNoise()}. */
    void holdNoise();

    /** Forgets the held noise and goes back to one draw per forward pass. */
    void releaseNoise();
}
