package org.pc4j.trainers.engine.network;

import java.util.Set;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.CapsuleLayer;
import org.deeplearning4j.nn.conf.layers.CapsuleStrengthLayer;
import org.deeplearning4j.nn.conf.layers.LocallyConnected1D;
import org.deeplearning4j.nn.conf.layers.LocallyConnected2D;
import org.deeplearning4j.nn.conf.layers.PrimaryCapsules;
import org.deeplearning4j.nn.conf.layers.RecurrentAttentionLayer;
import org.deeplearning4j.nn.conf.layers.SelfAttentionLayer;
import org.deeplearning4j.nn.layers.samediff.PcSameDiffAccess;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.pc4j.trainers.spi.LayerAdapter;

/**
 * Layers defined in SameDiff: DL4J's self-attention, recurrent attention, locally connected and capsule layers, and every
 * user layer that extends DL4J's {@code SameDiffLayer} or {@code SameDiffLambdaLayer}. Their forward pass is DL4J's;
 * their backprop is DL4J's <b>with the error halved</b>: in DL4J 1.0.0-M2.1 a SameDiff layer's backprop returns twice the
 * gradient and twice the message (its external-errors function counts the incoming error twice,
 * {@link PcSameDiffAccess}; measured against central differences for every one of these layers, in chains and in
 * graphs, {@code SameDiffDiscrepancyTest}, {@code LayerCatalogueZilTest}). The
 * backprop is linear in the error and halving is exact in binary floating point, so the gradient and message are
 * exactly half of DL4J's: the true ones. Under Z-IL pc4j therefore trains these networks as backprop would with a
 * correct gradient, not as {@code net.fit} does (which doubles the step of the layer and of every layer below it).
 */
final class SameDiffLayerAdapter implements LayerAdapter {

    /** DL4J's own SameDiff layers; user subclasses of SameDiffLayer are bound to this adapter too. */
    static final Set<Class<? extends org.deeplearning4j.nn.conf.layers.Layer>> TYPES = Set.of(SelfAttentionLayer.class,
            RecurrentAttentionLayer.class, LocallyConnected1D.class, LocallyConnected2D.class, PrimaryCapsules.class,
            CapsuleLayer.class, CapsuleStrengthLayer.class);

    @Override
    public Set<Class<? extends org.deeplearning4j.nn.conf.layers.Layer>> configTypes() {
        return TYPES;
    }

    @Override
    public INDArray backprop(Layer layer, INDArray dEdPrediction, LayerWorkspaceMgr mgr) {
        return layer.backpropGradient(dEdPrediction.muli(PcSameDiffAccess.errorScale(layer)), mgr).getSecond();
    }
}
