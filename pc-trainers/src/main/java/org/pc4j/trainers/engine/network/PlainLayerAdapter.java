package org.pc4j.trainers.engine.network;

import org.deeplearning4j.nn.layers.PcLayerAccess;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.pc4j.trainers.spi.LayerState;
import org.pc4j.trainers.spi.LayerSite;

import java.util.Set;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.Convolution2D;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.Pooling2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.pc4j.layers.conf.LayerNormalization;
import org.pc4j.layers.conf.MultiHeadSelfAttention;
import org.pc4j.trainers.spi.LayerAdapter;

/**
 * The layers DL4J's own forward pass and backprop serve as they are: dense, convolution, pooling, activation, dropout,
 * recurrent (the engine infers over whole sequences), global pooling, and pc-layers' layer normalisation and
 * multi-head self-attention. Each is covered by a Z-IL &equiv; backprop test. Dense and convolution layers' message-only
 * backprop skips the weight gradient and reuses the pre-activation their forward pass kept, and DL4J's 2-D convolution
 * runs with pc4j's faster im2col, bit-identical to DL4J's ({@link PcLayerAccess}).
 */
final class PlainLayerAdapter implements LayerAdapter {

    @Override
    public INDArray message(org.deeplearning4j.nn.api.Layer layer, INDArray dEdPrediction, LayerWorkspaceMgr mgr) {
        return PcLayerAccess.servesMessages(layer) ? PcLayerAccess.message(layer, dEdPrediction, mgr)
                : backprop(layer, dEdPrediction, mgr);
    }

    /** DL4J's 2-D convolutions: the same forward pass, bit for bit, with pc4j's faster im2col ({@link PcLayerAccess}). */
    @Override
    public INDArray predict(org.deeplearning4j.nn.api.Layer layer, INDArray input, LayerWorkspaceMgr mgr) {
        return PcLayerAccess.servesBackprop(layer) ? PcLayerAccess.activate(layer, input, mgr) : LayerAdapter.super.predict(layer, input, mgr);
    }

    /** DL4J's 2-D convolutions: the same gradient and message, bit for bit, with pc4j's faster im2col. */
    @Override
    public INDArray backprop(org.deeplearning4j.nn.api.Layer layer, INDArray dEdPrediction, LayerWorkspaceMgr mgr) {
        return PcLayerAccess.servesBackprop(layer) ? PcLayerAccess.backprop(layer, dEdPrediction, mgr)
                : LayerAdapter.super.backprop(layer, dEdPrediction, mgr);
    }

    /** A dense layer keeps its pre-activation from its forward pass for the messages of the steps that follow. */
    @Override
    public LayerState state(LayerSite site) {
        return PcLayerAccess.keepsPreActivation(site.layer()) ? new PreActivation() : LayerState.NONE;
    }

    @Override
    public INDArray predict(org.deeplearning4j.nn.api.Layer layer, INDArray input, LayerWorkspaceMgr mgr, LayerState state) {
        if (state instanceof PreActivation kept && kept.wanted) {
            INDArray[] out = PcLayerAccess.forward(layer, input, mgr);
            kept.z = out[1];
            kept.input = PcLayerAccess.input(layer);
            return out[0];
        }
        return predict(layer, input, mgr);
    }

    @Override
    public INDArray message(org.deeplearning4j.nn.api.Layer layer, INDArray dEdPrediction, LayerWorkspaceMgr mgr, LayerState state) {
        if (state instanceof PreActivation kept) {
            kept.wanted = true; // from now on the forward passes keep z: this training call asks for messages alone
            if (kept.z != null && kept.input == PcLayerAccess.input(layer)) {
                kept.reused++;
                return PcLayerAccess.message(layer, dEdPrediction, kept.z, mgr);
            }
        }
        return message(layer, dEdPrediction, mgr);
    }

    /**
     * A dense layer's {@code z = x_in W + b} from its last forward pass, valid while the layer holds the input that pass
     * set (the engine reruns the forward pass wherever the layer's caches are stale: a new input, new weights, a
     * closed memory scope); dropped at the end of each batch. Kept only once the training call has asked for a
     * message alone ({@code wanted}), so that schedules that read every gradient (Z-IL, iPC) pay no copy of z.
     */
    static final class PreActivation implements LayerState {
        private boolean wanted;
        private INDArray z;
        private INDArray input;
        private long reused;

        /** @return whether the forward passes keep z */
        boolean keeps() {
            return wanted;
        }

        /** @return how many messages were computed from a kept z (for tests) */
        long reused() {
            return reused;
        }

        @Override
        public void startBatch() {
            z = null;
            input = null;
        }

        @Override
        public void endBatch() {
            z = null;
            input = null;
        }
    }

    @Override
    public Set<Class<? extends Layer>> configTypes() {
        return Set.of(DenseLayer.class, ConvolutionLayer.class, Convolution2D.class, SubsamplingLayer.class,
                Pooling2D.class, ActivationLayer.class, DropoutLayer.class, LSTM.class, SimpleRnn.class,
                GlobalPoolingLayer.class, LayerNormalization.class, MultiHeadSelfAttention.class);
    }
}
