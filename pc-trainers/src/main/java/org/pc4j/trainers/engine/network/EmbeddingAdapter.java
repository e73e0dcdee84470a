package org.pc4j.trainers.engine.network;

import java.util.Set;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.pc4j.layers.conf.TokenAndPositionEmbedding;
import org.pc4j.trainers.spi.LayerAdapter;

/** Embedding layers: they read indices, so they read a network input and send no message below. */
final class EmbeddingAdapter implements LayerAdapter {

    @Override
    public Set<Class<? extends Layer>> configTypes() {
        return Set.of(EmbeddingLayer.class, EmbeddingSequenceLayer.class, TokenAndPositionEmbedding.class);
    }

    @Override
    public boolean readsIndices() {
        return true;
    }
}
