package org.pc4j.trainers.engine.network;

import java.util.Set;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.recurrent.TimeDistributed;
import org.deeplearning4j.nn.conf.layers.util.MaskZeroLayer;
import org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.layers.recurrent.BaseRecurrentLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.pc4j.trainers.spi.LayerAdapter;
import org.pc4j.trainers.spi.LayerSite;

/**
 * DL4J's wrapper layers, served by their own forward pass and backprop like the generic layers: {@code Bidirectional}
 * (every mode), {@code LastTimeStep}, {@code MaskZeroLayer}, {@code TimeDistributed}, {@code FrozenLayer} (its layer runs
 * in inference mode and sends no error below, as under {@code net.fit}) and {@code FrozenLayerWithBackprop} (inference
 * mode, errors sent below, no parameter update).
 *
 * <p>What is wrapped must be what pc4j trains on its own with DL4J's forward pass and backprop (a generic layer, or
 * another such wrapper), without weight noise. Dropout of the wrapped layer is held fixed per batch like any layer's
 * (DL4J's runtime wrappers share the wrapped layer's configuration), but inside a {@code Bidirectional} layer, whose two
 * copies pc4j cannot reach: put a {@code DropoutLayer} before it. A {@code FrozenLayer} may wrap any layer but an output
 * layer: it only runs the wrapped layer's inference-mode forward pass, a fixed function.
 *
 * <p><b>MaskZeroLayer.</b> Its recurrent layer outputs exactly zero at the steps it masks, so the error of those outputs
 * carries no gradient. DL4J M2.1's {@code MaskZeroLayer} passes no mask on to the layers above it, which then send
 * errors at the masked steps too, and DL4J's recurrent backprop lets those errors into the earlier steps through the
 * recurrent state: {@code net.fit}'s gradient there is not the loss's (DL4J's own gradient check fails,
 * {@code LayerCatalogueZilTest}). pc4j zeroes the error at the masked steps before the wrapped layer's backprop, which
 * gives the true gradient.
 */
final class WrapperLayerAdapter implements LayerAdapter {

    @Override
    public Set<Class<? extends Layer>> configTypes() {
        return Set.of(Bidirectional.class, LastTimeStep.class, MaskZeroLayer.class, TimeDistributed.class, FrozenLayer.class,
                FrozenLayerWithBackprop.class);
    }

    @Override
    public void check(LayerSite site) {
        checkWrapped(site, site.conf());
    }

    private static void checkWrapped(LayerSite site, Layer wrapper) {
        Layer inner = wrapped(wrapper);
        String where = inner.getClass().getSimpleName() + " inside " + wrapper.getClass().getSimpleName();
        if (OutputLayerAdapter.isOutput(inner)) {
            throw site.refuse(where + ": an output layer is trained only as a network output, unwrapped");
        }
        if (wrapper instanceof FrozenLayer) {
            return; // the wrapped layer's inference-mode forward pass: a fixed function, whatever the layer
        }
        if (inner instanceof BaseLayer base && base.getWeightNoise() != null) {
            throw site.refuse(where + " has weight noise (" + base.getWeightNoise().getClass().getSimpleName()
                    + "), which is not supported: PC needs one fixed function per batch. Remove weightNoise(...)");
        }
        if (inner.getIDropout() != null && wrapper instanceof Bidirectional) {
            throw site.refuse(where + " has dropout, which pc4j cannot hold fixed for the batch inside a bidirectional "
                    + "layer; use a DropoutLayer before it instead");
        }
        if (isWrapper(inner)) {
            checkWrapped(site, inner);
        } else if (!PlainLayerAdapter.GENERIC.contains(inner.getClass())) {
            throw site.refuse(where + " is not supported: a wrapper may hold a layer pc4j trains with DL4J's own forward "
                    + "pass and backprop (" + LayerRules.names(PlainLayerAdapter.GENERIC) + ") or another wrapper");
        }
    }

    /** DL4J's backprop, with the error of a {@code MaskZeroLayer}'s masked steps zeroed first (see above). */
    @Override
    public INDArray backprop(org.deeplearning4j.nn.api.Layer layer, INDArray dEdPrediction, LayerWorkspaceMgr mgr) {
        if (layer instanceof org.deeplearning4j.nn.layers.recurrent.MaskZeroLayer maskZero) {
            INDArray mask = maskZero.getUnderlying().getMaskArray();
            if (mask != null) {
                boolean nwc = maskZero.getUnderlying() instanceof BaseRecurrentLayer<?> rnn && rnn.getDataFormat() == RNNFormat.NWC;
                Nd4j.getExecutioner().exec(new BroadcastMulOp(dEdPrediction, mask.castTo(dEdPrediction.dataType()), dEdPrediction,
                        0, nwc ? 1 : 2));
            }
        }
        return LayerAdapter.super.backprop(layer, dEdPrediction, mgr);
    }

    /** The node's energy is chosen by the innermost layer's activation (a wrapped softmax is a softmax node). */
    @Override
    public org.pc4j.trainers.NodeEnergies.Kind energyKind(LayerSite site) {
        Layer inner = site.conf();
        while (isWrapper(inner)) {
            inner = wrapped(inner);
        }
        Layer innermost = inner;
        return LayerAdapter.super.energyKind(new LayerSite(site.description(), site.layer(), site.isOutput(), site.readsInput(),
                innermost));
    }

    static boolean isWrapper(Layer conf) {
        return conf instanceof Bidirectional || conf instanceof FrozenLayer || conf instanceof BaseWrapperLayer;
    }

    /** @return the layer a wrapper holds (a bidirectional layer's forward copy, of the same kind as its backward one) */
    static Layer wrapped(Layer wrapper) {
        return wrapper instanceof Bidirectional b ? b.getFwd() : wrapper instanceof FrozenLayer f ? f.getLayer()
                : ((BaseWrapperLayer) wrapper).getUnderlying();
    }
}
