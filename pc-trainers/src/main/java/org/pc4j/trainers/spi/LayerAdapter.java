package org.pc4j.trainers.spi;

import java.util.Set;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.pc4j.trainers.NodeEnergies;

/**
 * What the predictive-coding engine needs to know about one kind of DL4J layer. The engine gives every hidden layer a
 * value node {@code x} with an energy against the layer's prediction {@code mu = f(x_in; theta)}; it runs the layer's
 * forward pass ({@link #predict}) and its local backprop ({@link #backprop}), which writes the layer's parameter
 * gradient into the network's gradient view and returns the message {@code dE/dx_in} for the node below. The defaults
 * are DL4J's own {@code activate(input, true)} and {@code backpropGradient(epsilon)}, which is right for every layer
 * whose backprop is correct in DL4J.
 *
 * <p><b>Adding a layer kind</b> (the checklist):
 * <ol>
 * <li>Implement this interface in a public class with a public no-argument constructor; {@link #configTypes()} lists
 *     the exact configuration classes it covers (a subclass is not covered: it may change what the engine relies
 *     on).</li>
 * <li>Refuse in {@link #check} every setting the layer has that PC cannot train (random functions that change from one
 *     forward pass to the next, settings DL4J's own backprop gets wrong), with {@link LayerSite#refuse}.</li>
 * <li>Override {@link #consumesCache()} if the layer's backprop nulls what its forward pass cached,
 *     {@link #readsIndices()} if it reads indices, {@link #energyKind} / {@link #inputEnergyKind} if its node or its
 *     input node calls for another energy, and {@link #state} if it keeps state across a batch's steps.</li>
 * <li>Register it: one line with the class name in {@code META-INF/services/org.pc4j.trainers.spi.LayerAdapter}.</li>
 * <li>Test it as pc4j tests its own layers: {@code Schedule.zil()} on a network with the layer must equal
 *     {@code net.fit} within 1e-10 relative in double precision (pc4j's {@code ZilLayerCoverageTest} and the custom
 *     layer test in its integration tests are the ones to copy).</li>
 * </ol>
 * A configuration class may have one adapter only: a second one (built in or registered) is an error naming both.
 * Output layers are pc4j's own ({@code OutputLayer}, {@code LossLayer}, {@code RnnOutputLayer}): their node's energy
 * is the loss, which the engine reads through DL4J's output-layer internals.
 */
public interface LayerAdapter {

    /** @return the exact layer configuration classes this adapter covers. */
    Set<Class<? extends org.deeplearning4j.nn.conf.layers.Layer>> configTypes();

    /**
     * Refuses settings the engine cannot train; the engine has already checked what holds for every layer (dropout
     * types, weight noise, output placement).
     *
     * @throws org.pc4j.trainers.UnsupportedNetworkException from {@link LayerSite#refuse}
     */
    default void check(LayerSite site) {
    }

    /**
     * The layer's forward pass in training mode; the layer keeps what its backprop needs.
     *
     * @param input the layer's input after its preprocessor
     */
    default INDArray predict(Layer layer, INDArray input, LayerWorkspaceMgr mgr) {
        return layer.activate(input, true, mgr);
    }

    /**
     * {@link #predict(Layer, INDArray, LayerWorkspaceMgr)} with the layer's state across the batch ({@link #state}), for
     * adapters that keep what a later {@link #message(Layer, INDArray, LayerWorkspaceMgr, LayerState)} can reuse;
     * the default ignores the state.
     */
    default INDArray predict(Layer layer, INDArray input, LayerWorkspaceMgr mgr, LayerState state) {
        return predict(layer, input, mgr);
    }

    /**
     * {@link #message(Layer, INDArray, LayerWorkspaceMgr)} with the layer's state across the batch; the default ignores
     * the state.
     */
    default INDArray message(Layer layer, INDArray dEdPrediction, LayerWorkspaceMgr mgr, LayerState state) {
        return message(layer, dEdPrediction, mgr);
    }

    /**
     * The layer's local backprop: writes its parameter gradient into its gradient view (as under backprop).
     *
     * @param dEdPrediction {@code dE/dmu}; the layer may overwrite it
     * @return {@code dE/dx_in} before the preprocessor's backprop, or null if the input takes no gradient
     */
    default INDArray backprop(Layer layer, INDArray dEdPrediction, LayerWorkspaceMgr mgr) {
        return layer.backpropGradient(dEdPrediction, mgr).getSecond();
    }

    /**
     * {@link #backprop(Layer, INDArray, LayerWorkspaceMgr)} with the layer's state across the batch ({@link #state});
     * the default ignores the state.
     */
    default INDArray backprop(Layer layer, INDArray dEdPrediction, LayerWorkspaceMgr mgr, LayerState state) {
        return backprop(layer, dEdPrediction, mgr);
    }

    /**
     * The message alone, for an inference step whose weight gradient is not read (PC's first T - 1 steps, Fa-Z-IL's
     * silent layers): the default is the full {@link #backprop} (its gradient is then ignored). An adapter that can
     * compute {@code dE/dx_in} without the parameter gradient overrides this; the message must equal the one
     * {@link #backprop} returns, and the gradient view may be left as it is.
     *
     * @param dEdPrediction {@code dE/dmu}; the layer may overwrite it
     * @return {@code dE/dx_in} before the preprocessor's backprop, or null if the input takes no gradient
     */
    default INDArray message(Layer layer, INDArray dEdPrediction, LayerWorkspaceMgr mgr) {
        return backprop(layer, dEdPrediction, mgr);
    }

    /**
     * @return true if the layer's backprop consumes what its forward pass cached, so that the engine runs a fresh
     *         forward pass before every backprop (DL4J's batch normalisation nulls its caches)
     */
    default boolean consumesCache() {
        return false;
    }

    /** @return true if the layer reads indices (an embedding), so that it must read a network input directly. */
    default boolean readsIndices() {
        return false;
    }

    /** @return what the layer's own node is, for the choice of its energy: a softmax output by default. */
    default NodeEnergies.Kind energyKind(LayerSite site) {
        org.deeplearning4j.nn.conf.layers.Layer conf = site.conf();
        IActivation fn = conf instanceof BaseLayer b ? b.getActivationFn()
                : conf instanceof ActivationLayer a ? a.getActivationFn() : null;
        return fn instanceof ActivationSoftmax ? NodeEnergies.Kind.SOFTMAX : NodeEnergies.Kind.PLAIN;
    }

    /**
     * @return what the node this layer reads is, if the layer decides it (a Gaussian sampling layer reads a VAE
     *         bottleneck); null to leave it to the node's own layer
     */
    default NodeEnergies.Kind inputEnergyKind(LayerSite site) {
        return null;
    }

    /** @return the layer's state across a batch's inference steps, created once per training call. */
    default LayerState state(LayerSite site) {
        return LayerState.NONE;
    }
}
