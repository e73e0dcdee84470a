package org.pc4j.trainers.engine.network;

import org.deeplearning4j.nn.layers.PcLayerAccess;
import org.deeplearning4j.nn.layers.convolution.PcConvolutionOps;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.pc4j.trainers.spi.LayerState;
import org.pc4j.trainers.spi.LayerSite;

import java.util.Set;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.AutoEncoder;
import org.deeplearning4j.nn.conf.layers.Convolution1D;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.Convolution2D;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.Deconvolution3D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.GravesBidirectionalLSTM;
import org.deeplearning4j.nn.conf.layers.GravesLSTM;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.PReLULayer;
import org.deeplearning4j.nn.conf.layers.Pooling1D;
import org.deeplearning4j.nn.conf.layers.Pooling2D;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.SpaceToBatchLayer;
import org.deeplearning4j.nn.conf.layers.SpaceToDepthLayer;
import org.deeplearning4j.nn.conf.layers.Subsampling1DLayer;
import org.deeplearning4j.nn.conf.layers.Subsampling3DLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling1D;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.conf.layers.Upsampling3D;
import org.deeplearning4j.nn.conf.layers.ZeroPadding1DLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPadding3DLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping1D;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping2D;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping3D;
import org.deeplearning4j.nn.conf.layers.misc.ElementWiseMultiplicationLayer;
import org.deeplearning4j.nn.conf.layers.misc.RepeatVector;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.conf.layers.util.MaskLayer;
import org.deeplearning4j.nn.conf.layers.variational.VariationalAutoencoder;
import org.pc4j.layers.conf.LayerNormalization;
import org.pc4j.layers.conf.MultiHeadSelfAttention;
import org.pc4j.trainers.spi.LayerAdapter;

/**
 * The generic adapter: the layers whose DL4J forward pass ({@code activate(input, true)}) and backprop
 * ({@code backpropGradient(epsilon)}) serve predictive coding as they are, with no state across a batch's steps and
 * caches that a backprop leaves intact ({@link #GENERIC}: DL4J's dense, convolution (1-D, 2-D, 3-D, transposed,
 * separable, depthwise), pooling, padding, cropping, upsampling, space-to-depth/batch, local response normalisation,
 * PReLU, element-wise multiplication, activation, dropout, recurrent (LSTM, Graves LSTM, bidirectional Graves LSTM,
 * simple RNN; the engine infers over whole sequences), repeat-vector, mask, global pooling, the
 * pretrain layers as their supervised backprop trains them (auto-encoder, variational auto-encoder), and pc-layers'
 * layer normalisation and multi-head self-attention). Each is covered by a Z-IL &equiv; {@code net.fit} test, exact
 * in float and double ({@code LayerCatalogueTest}). Dense and convolution layers' message-only
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

    /**
     * A dense layer or 2-D convolution keeps its pre-activation from its forward pass for the messages of the steps
     * that follow; a convolution whose site allows it ({@link LayerSite#convolutionOperations}) runs through libnd4j's
     * operations ({@link PcLayerAccess#servesOperations}).
     */
    @Override
    public LayerState state(LayerSite site) {
        if (!PcLayerAccess.keepsPreActivation(site.layer())) {
            return LayerState.NONE;
        }
        return new PreActivation(site.convolutionOperations() && PcLayerAccess.servesOperations(site.layer()));
    }

    @Override
    public INDArray predict(org.deeplearning4j.nn.api.Layer layer, INDArray input, LayerWorkspaceMgr mgr, LayerState state) {
        // on libnd4j's operations z is always kept: iPC's backprop reads it (a copy costs less than conv2d again)
        if (state instanceof PreActivation kept && (kept.wanted || kept.operations)) {
            INDArray[] out = PcLayerAccess.forward(layer, input, mgr, kept.operations);
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
            INDArray z = kept.current(layer);
            if (z != null) {
                kept.reused++;
            }
            if (z != null || kept.operations) {
                return PcLayerAccess.message(layer, dEdPrediction, z, mgr, kept.operations, kept.transposedWeights(layer));
            }
        }
        return message(layer, dEdPrediction, mgr);
    }

    /** A convolution on libnd4j's operations takes its gradients from them, reading the kept z where it is current. */
    @Override
    public INDArray backprop(org.deeplearning4j.nn.api.Layer layer, INDArray dEdPrediction, LayerWorkspaceMgr mgr, LayerState state) {
        if (state instanceof PreActivation kept && kept.operations) {
            return PcLayerAccess.backprop(layer, dEdPrediction, kept.current(layer), mgr, true);
        }
        return backprop(layer, dEdPrediction, mgr);
    }

    /**
     * A dense layer's {@code z = x_in W + b} from its last forward pass, valid while the layer holds the input that pass
     * set (the engine reruns the forward pass wherever the layer's caches are stale: a new input, new weights, a
     * closed memory scope); dropped at the end of each batch. Kept only once the training call has asked for a
     * message alone ({@code wanted}), so that schedules that read every gradient (Z-IL, iPC) pay no copy of z, or
     * where the convolution runs on libnd4j's operations, whose backprop reads the kept z too.
     */
    static final class PreActivation implements LayerState {
        /** Whether the layer is a convolution computed by libnd4j's operations. */
        private final boolean operations;
        private boolean wanted;
        private INDArray z;
        private INDArray input;
        private long reused;
        /** The convolution's weights for the operations' message, valid until the next weight update or batch. */
        private INDArray transposedWeights;

        PreActivation(boolean operations) {
            this.operations = operations;
        }

        /** @return true if the layer's convolution runs through libnd4j's operations */
        boolean operations() {
            return operations;
        }

        /**
         * @return on the operations, the layer's weights laid out for its message ({@link PcConvolutionOps#transposedWeights}),
         *         made once per batch and after each weight update, not per step; else null
         */
        private INDArray transposedWeights(org.deeplearning4j.nn.api.Layer layer) {
            if (operations && transposedWeights == null) {
                transposedWeights = PcConvolutionOps.transposedWeights(layer.getParam(ConvolutionParamInitializer.WEIGHT_KEY));
            }
            return transposedWeights;
        }

        /** @return the kept z if it belongs to the input the layer holds now, else null */
        private INDArray current(org.deeplearning4j.nn.api.Layer layer) {
            return z != null && input == PcLayerAccess.input(layer) ? z : null;
        }

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
            transposedWeights = null;
        }

        /** The weights change: their message layout is made again when next needed. */
        @Override
        public void beforeUpdate() {
            transposedWeights = null;
        }

        @Override
        public void endBatch() {
            z = null;
            input = null;
            transposedWeights = null;
        }
    }

    /** The configuration classes served by DL4J's own forward pass and backprop (exact classes). */
    static final Set<Class<? extends Layer>> GENERIC = Set.of(
            // feed-forward
            DenseLayer.class, ActivationLayer.class, DropoutLayer.class, PReLULayer.class,
            ElementWiseMultiplicationLayer.class, AutoEncoder.class, VariationalAutoencoder.class,
            // convolution
            ConvolutionLayer.class, Convolution2D.class, Convolution1DLayer.class, Convolution1D.class, Convolution3D.class,
            Deconvolution2D.class, Deconvolution3D.class, SeparableConvolution2D.class, DepthwiseConvolution2D.class,
            LocalResponseNormalization.class,
            // pooling and shape
            SubsamplingLayer.class, Pooling2D.class, Subsampling1DLayer.class, Pooling1D.class, Subsampling3DLayer.class,
            GlobalPoolingLayer.class, Upsampling1D.class, Upsampling2D.class, Upsampling3D.class, ZeroPadding1DLayer.class,
            ZeroPaddingLayer.class, ZeroPadding3DLayer.class, Cropping1D.class, Cropping2D.class, Cropping3D.class,
            SpaceToDepthLayer.class, SpaceToBatchLayer.class, RepeatVector.class,
            // recurrent
            LSTM.class, GravesLSTM.class, GravesBidirectionalLSTM.class, SimpleRnn.class, MaskLayer.class,
            // pc-layers
            LayerNormalization.class, MultiHeadSelfAttention.class);

    @Override
    public Set<Class<? extends Layer>> configTypes() {
        return GENERIC;
    }
}
