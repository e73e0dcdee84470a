package org.pc4j.trainers.engine;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.GaussianDropout;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.dropout.SpatialDropout;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Convolution2D;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.Pooling2D;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.conf.layers.recurrent.TimeDistributed;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.pc4j.layers.conf.GaussianSampling;
import org.pc4j.layers.conf.LayerNormalization;
import org.pc4j.layers.conf.MultiHeadSelfAttention;
import org.pc4j.layers.conf.TokenAndPositionEmbedding;
import org.pc4j.trainers.UnsupportedNetworkException;

/**
 * Which DL4J layers and settings the predictive-coding engine trains, and the check that rejects everything else
 * before any computation. Every supported layer is covered by a Z-IL &equiv; backprop test; a layer type is matched
 * exactly (a subclass may change the semantics the engine relies on).
 */
public final class LayerSupport {

    /** The layer configuration classes the engine trains. */
    public static final List<Class<? extends org.deeplearning4j.nn.conf.layers.Layer>> SUPPORTED = List.of(
            DenseLayer.class, OutputLayer.class, LossLayer.class, ConvolutionLayer.class, Convolution2D.class,
            SubsamplingLayer.class, Pooling2D.class, BatchNormalization.class, ActivationLayer.class, DropoutLayer.class,
            LSTM.class, SimpleRnn.class, RnnOutputLayer.class, GlobalPoolingLayer.class, EmbeddingLayer.class,
            EmbeddingSequenceLayer.class, LayerNormalization.class, MultiHeadSelfAttention.class,
            TokenAndPositionEmbedding.class, GaussianSampling.class, TimeDistributed.class);

    private static final Set<Class<? extends org.deeplearning4j.nn.conf.layers.Layer>> OUTPUT_LAYERS =
            Set.of(OutputLayer.class, LossLayer.class, RnnOutputLayer.class);

    /** Dropout types whose effect is a multiplicative mask, which the engine can hold fixed for a batch. */
    private static final Set<Class<? extends IDropout>> SUPPORTED_DROPOUT =
            Set.of(Dropout.class, GaussianDropout.class, SpatialDropout.class);

    private LayerSupport() {
    }

    /**
     * @throws UnsupportedNetworkException naming the first layer or setting the engine cannot train
     */
    public static void validate(MultiLayerNetwork net) {
        if (net.getLayers() == null || net.getLayers().length == 0 || net.params() == null) {
            throw new UnsupportedNetworkException("The network is not initialised: call net.init() before training it with pc4j");
        }
        if (net.getLayerWiseConfigurations().getBackpropType() == BackpropType.TruncatedBPTT) {
            throw new UnsupportedNetworkException("Truncated BPTT is not supported: pc4j infers over whole sequences. "
                    + "Configure the network with backpropType(BackpropType.Standard)");
        }
        Layer[] layers = net.getLayers();
        for (int i = 0; i < layers.length; i++) {
            org.deeplearning4j.nn.conf.layers.Layer conf = layers[i].conf().getLayer();
            checkLayer(describe(i, conf), layers[i], i == layers.length - 1, i == 0);
        }
    }

    /**
     * The checks every layer passes, in a {@code MultiLayerNetwork} or as a graph's layer vertex.
     *
     * @param description  how messages name the layer
     * @param isOutput     true if the layer's node is a network output (clamped to labels)
     * @param readsInput   true if the layer reads a network input directly
     * @throws UnsupportedNetworkException naming the layer and what to change
     */
    static void checkLayer(String description, Layer layer, boolean isOutput, boolean readsInput) {
        org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
        Class<?> type = conf.getClass();
        if (conf instanceof org.deeplearning4j.nn.conf.layers.samediff.AbstractSameDiffLayer) {
            throw unsupported(description, "SameDiff layers (" + type.getSimpleName() + ") are not supported: in DL4J "
                    + "1.0.0-M2.1 their backprop returns twice the true gradient, so neither backprop nor "
                    + "PC would be right. For attention use org.pc4j.layers.conf.MultiHeadSelfAttention. Supported layers: "
                    + supportedList());
        }
        if (!SUPPORTED.contains(type)) {
            throw unsupported(description, "unsupported layer type " + type.getSimpleName() + ". Supported layers: " + supportedList());
        }
        if (conf instanceof TimeDistributed td && !(td.getUnderlying().getClass() == DenseLayer.class)) {
            throw unsupported(description, "TimeDistributed is supported around a DenseLayer only, got "
                    + td.getUnderlying().getClass().getSimpleName());
        }
        if (conf instanceof TimeDistributed td && td.getUnderlying().getIDropout() != null) {
            throw unsupported(description, "dropout inside TimeDistributed is not supported (its mask could not be held for "
                    + "the batch); use a DropoutLayer before or after it");
        }
        if (conf instanceof RnnOutputLayer rnn && rnn.getRnnDataFormat() == null && rnn.getNIn() != rnn.getNOut()) {
            throw unsupported(description, "its data format is unset (the network was built without setInputType(s)), and "
                    + "then DL4J 1.0.0-M2.1's RnnOutputLayer checks the sequence length on the feature dimension in its "
                    + "backprop: it fails whenever nIn (" + rnn.getNIn() + ") differs from nOut (" + rnn.getNOut() + "), under "
                    + "net.fit too. Set .dataFormat(RNNFormat.NCW) on the layer, or build the network with setInputType(s)");
        }
        if (isOutput && !(layer instanceof IOutputLayer && OUTPUT_LAYERS.contains(type))) {
            throw unsupported(description, "a network output must be an output layer (" + names(OUTPUT_LAYERS)
                    + ") whose loss is the energy of the clamped output node");
        }
        if (!isOutput && OUTPUT_LAYERS.contains(type)) {
            throw unsupported(description, "an output layer is only supported as a network output, fed to no other layer");
        }
        if (!readsInput && (conf instanceof EmbeddingLayer || conf instanceof EmbeddingSequenceLayer
                || conf instanceof TokenAndPositionEmbedding)) {
            throw unsupported(description, "embedding layers take indices, so they must read a network input directly");
        }
        org.deeplearning4j.nn.conf.layers.Layer inner = conf instanceof TimeDistributed td ? td.getUnderlying() : conf;
        if (inner instanceof BaseLayer base && base.getWeightNoise() != null) {
            throw unsupported(description, "weight noise (" + base.getWeightNoise().getClass().getSimpleName()
                    + ") is not supported: PC needs one fixed function per batch. Remove weightNoise(...)");
        }
        IDropout dropout = inner.getIDropout();
        if (dropout != null && !SUPPORTED_DROPOUT.contains(dropout.getClass())) {
            throw unsupported(description, "dropout type " + dropout.getClass().getSimpleName()
                    + " is not supported; supported: " + names(SUPPORTED_DROPOUT)
                    + " (multiplicative masks, held fixed for each batch)");
        }
    }

    /** @return the description used in messages: {@code layer 2 'dense' (DenseLayer)}. */
    public static String describe(int index, org.deeplearning4j.nn.conf.layers.Layer conf) {
        return "layer " + index + " '" + conf.getLayerName() + "' (" + conf.getClass().getSimpleName() + ")";
    }

    /** @return the supported layer types, comma separated. */
    public static String supportedList() {
        return SUPPORTED.stream().map(Class::getSimpleName).collect(Collectors.joining(", "));
    }

    static UnsupportedNetworkException unsupported(String description, String why) {
        return new UnsupportedNetworkException("pc4j cannot train " + description + ": " + why);
    }

    static String names(Set<? extends Class<?>> types) {
        return types.stream().map(Class::getSimpleName).sorted().collect(Collectors.joining(", "));
    }
}
