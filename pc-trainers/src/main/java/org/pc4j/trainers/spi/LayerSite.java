package org.pc4j.trainers.spi;

import org.deeplearning4j.nn.api.Layer;

/**
 * Where a layer sits in the network being trained: what an adapter's checks and choices may depend on.
 *
 * @param description   how messages name the layer: {@code layer 2 'dense' (DenseLayer)} or
 *                      {@code vertex 'block1-conv' (ConvolutionLayer)}
 * @param layer         the DL4J layer
 * @param isOutput      true if the layer's node is a network output, clamped to the labels
 * @param readsInput    true if every input of the layer is a network input (the only place indices can come from)
 * @param configuration the layer's configuration as the network declares it: a wrapper's own ({@code FrozenLayer},
 *                      {@code LastTimeStep}, ...), where DL4J's runtime wrapper answers {@code conf()} with the wrapped
 *                      layer's
 * @param convolutionOperations true if the training call lets DL4J's 2-D convolutions run through libnd4j's
 *                      {@code conv2d} and {@code conv2d_bp} operations ({@link org.pc4j.trainers.ConvolutionPath}):
 *                      results equal to DL4J's to rounding, not bit for bit; never for Z-IL and Fa-Z-IL
 */
public record LayerSite(String description, Layer layer, boolean isOutput, boolean readsInput,
                        org.deeplearning4j.nn.conf.layers.Layer configuration, boolean convolutionOperations) {

    /** A site whose declared configuration is the layer's own ({@code layer.conf().getLayer()}). */
    public LayerSite(String description, Layer layer, boolean isOutput, boolean readsInput) {
        this(description, layer, isOutput, readsInput, layer.conf().getLayer());
    }

    /** A site whose convolutions run as DL4J's own ({@code convolutionOperations} false). */
    public LayerSite(String description, Layer layer, boolean isOutput, boolean readsInput,
                     org.deeplearning4j.nn.conf.layers.Layer configuration) {
        this(description, layer, isOutput, readsInput, configuration, false);
    }

    /** @return this site with {@link #convolutionOperations} set as given */
    public LayerSite withConvolutionOperations(boolean on) {
        return new LayerSite(description, layer, isOutput, readsInput, configuration, on);
    }

    /** @return the layer's configuration, as the network declares it. */
    public org.deeplearning4j.nn.conf.layers.Layer conf() {
        return configuration;
    }

    /** @return the exception that refuses this layer, in pc4j's words: {@code pc4j cannot train <description>: <why>}. */
    public org.pc4j.trainers.UnsupportedNetworkException refuse(String why) {
        return new org.pc4j.trainers.UnsupportedNetworkException("pc4j cannot train " + description + ": " + why);
    }
}
