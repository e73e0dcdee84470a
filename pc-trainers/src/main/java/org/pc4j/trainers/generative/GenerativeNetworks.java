package org.pc4j.trainers.generative;

import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;

/**
 * How an ordinary DL4J network becomes a generative PC network: its first layer is a <b>memory layer</b>, a dense
 * layer with one input, no bias and the identity activation, whose {@code 1 x n} weight row is the learnt prior mean
 * {@code b}. The network is fed the constant input 1, so the memory layer predicts {@code mu_top = b} for every
 * example and its value node {@code x_top} is a free latent per example with the energy
 * {@code E_top = 1/2 ||x_top - b||^2} (the "memory vector" of Salvatori's thesis, Alg. 6, read as a learnt prior
 * mean). The engine treats it as any hidden node: it starts at its prediction {@code b} (the prior), moves under its
 * own energy and the error of the layer above it, and {@code b} learns with the other weights through the network's
 * own updater.
 */
public final class GenerativeNetworks {

    private GenerativeNetworks() {
    }

    /**
     * @param width n, the number of latent value nodes per example
     * @return the memory layer's configuration: dense, {@code nIn = 1}, no bias, identity, the prior starting at a
     *         standard normal draw (DL4J's {@code WeightInit.NORMAL} with one input, seeded by the network's seed).
     *         Not at 0: below ReLU units with zero biases a latent at 0 sits exactly at the kink, where the derivative
     *         is 0, so no error would ever reach the latents: they would stay at the prior for every pattern, and
     *         the memory would live in the hidden values alone (measured: every latent 0 after storing, recall the
     *         linear fit of the key by the last layer)
     */
    public static DenseLayer memoryLayer(int width) {
        if (width < 1) {
            throw new IllegalArgumentException("the memory layer needs a width >= 1, got " + width);
        }
        return new DenseLayer.Builder().nIn(1).nOut(width).hasBias(false).activation(Activation.IDENTITY)
                .weightInit(WeightInit.NORMAL).build();
    }

    /** @return whether {@code layer} is a memory layer: dense, one input, no bias, identity activation */
    public static boolean isMemoryLayer(Layer layer) {
        return layer instanceof DenseLayer d && d.getNIn() == 1 && !d.hasBias()
                && d.getActivationFn() instanceof ActivationIdentity;
    }

    /**
     * @return the prior mean {@code b}, {@code [1, n]}: a view of the memory layer's weights
     * @throws IllegalArgumentException if the network's first layer is no memory layer
     */
    public static org.nd4j.linalg.api.ndarray.INDArray prior(MultiLayerNetwork net) {
        requireMemoryLayer(net);
        return net.getLayer(0).getParam("W");
    }

    static void requireMemoryLayer(MultiLayerNetwork net) {
        Layer first = net.getLayerWiseConfigurations().getConf(0).getLayer();
        if (!isMemoryLayer(first)) {
            throw new IllegalArgumentException("A generative PC network starts with a memory layer "
                    + "(GenerativeNetworks.memoryLayer(n): dense, nIn 1, no bias, identity activation), whose value nodes "
                    + "are the free latents; this network starts with " + first.getClass().getSimpleName() + " '"
                    + first.getLayerName() + "'");
        }
    }
}
