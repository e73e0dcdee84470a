package org.pc4j.trainers.engine.network;

import java.util.Set;
import org.deeplearning4j.nn.conf.layers.CenterLossOutputLayer;
import org.deeplearning4j.nn.conf.layers.Cnn3DLossLayer;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnLossLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.objdetect.Yolo2OutputLayer;
import org.deeplearning4j.nn.layers.PcLayerAccess;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.pc4j.trainers.spi.LayerAdapter;
import org.pc4j.trainers.spi.LayerSite;

/**
 * Output layers: the node is clamped to the labels and its energy is the layer's loss summed over the minibatch
 * ({@link OutputPredictor}); the gradient and message are the layer's own backprop (for a centre-loss output, the
 * centre update DL4J writes into its gradient view with it). Only as network outputs.
 */
final class OutputLayerAdapter implements LayerAdapter {

    static final Set<Class<? extends Layer>> TYPES = Set.of(OutputLayer.class, LossLayer.class, RnnOutputLayer.class,
            RnnLossLayer.class, CnnLossLayer.class, Cnn3DLossLayer.class, CenterLossOutputLayer.class, Yolo2OutputLayer.class,
            org.deeplearning4j.nn.conf.ocnn.OCNNOutputLayer.class);

    /** @return true if {@code conf} is an output layer: one of {@link #TYPES} or a user's SameDiff output layer */
    static boolean isOutput(Layer conf) {
        return TYPES.contains(conf.getClass()) || conf instanceof org.deeplearning4j.nn.conf.layers.samediff.SameDiffOutputLayer;
    }

    /** An output layer's message without its weight gradient (DL4J's {@code OutputLayer}; the others take their backprop). */
    @Override
    public INDArray message(org.deeplearning4j.nn.api.Layer layer, INDArray dEdPrediction, LayerWorkspaceMgr mgr) {
        return PcLayerAccess.servesMessages(layer) ? PcLayerAccess.message(layer, dEdPrediction, mgr)
                : backprop(layer, dEdPrediction, mgr);
    }

    @Override
    public Set<Class<? extends Layer>> configTypes() {
        return TYPES;
    }

    /** Refuses what DL4J's own fit cannot train either: an RnnOutputLayer with an unset format and nIn != nOut. */
    @Override
    public void check(LayerSite site) {
        if (site.conf() instanceof RnnOutputLayer rnn && rnn.getRnnDataFormat() == null && rnn.getNIn() != rnn.getNOut()) {
            throw site.refuse("its data format is unset (the network was built without setInputType(s)), and "
                    + "then DL4J 1.0.0-M2.1's RnnOutputLayer checks the sequence length on the feature dimension in its "
                    + "backprop: it fails whenever nIn (" + rnn.getNIn() + ") differs from nOut (" + rnn.getNOut() + "), under "
                    + "net.fit too. Set .dataFormat(RNNFormat.NCW) on the layer, or build the network with setInputType(s)");
        }
    }
}
