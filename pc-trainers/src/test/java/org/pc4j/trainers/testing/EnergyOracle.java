package org.pc4j.trainers.testing;

import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The predictive-coding energy of a network at a given state, computed independently of the engine from DL4J's
 * forward functions only (no backprop):
 * {@code E(x, theta) = sum_k 1/2 ||x_k - f_k(x_{k-1})||^2 + mb * loss(f_out(x_last), y)}, with {@code x_{-1}} the
 * input. Finite differences of it are the oracle for the engine's gradients.
 */
public final class EnergyOracle {

    private EnergyOracle() {
    }

    /** @return the energy of every layer's node (the output layer's is its summed loss). */
    public static double[] layerEnergies(MultiLayerNetwork net, INDArray features, INDArray labels, List<INDArray> values) {
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        Layer[] layers = net.getLayers();
        int mb = (int) features.size(0);
        double[] out = new double[layers.length];
        for (int k = 0; k < layers.length; k++) {
            INDArray input = k == 0 ? features : values.get(k - 1);
            InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(k);
            if (pre != null) {
                input = pre.preProcess(input, mb, mgr);
            }
            if (k < layers.length - 1) {
                INDArray mu = layers[k].activate(input, true, mgr);
                double d = values.get(k).distance2(mu);
                out[k] = 0.5 * d * d;
            } else {
                layers[k].setInput(input, mgr);
                ((IOutputLayer) layers[k]).setLabels(labels);
                out[k] = ((IOutputLayer) layers[k]).computeScore(0.0, true, mgr) * mb;
            }
        }
        for (Layer l : layers) {
            l.clear();
        }
        return out;
    }

    /** @return the total energy. */
    public static double energy(MultiLayerNetwork net, INDArray features, INDArray labels, List<INDArray> values) {
        double sum = 0;
        for (double e : layerEnergies(net, features, labels, values)) {
            sum += e;
        }
        return sum;
    }
}
