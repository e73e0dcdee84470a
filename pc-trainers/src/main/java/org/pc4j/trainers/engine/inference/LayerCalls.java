package org.pc4j.trainers.engine.inference;

import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.pc4j.trainers.engine.network.NetworkView;

/**
 * The engine's forward passes, each run only where the {@link Wavefront} says there is work: a new prediction where
 * it is stale, a pass that only refreshes the layer's caches where they are gone. Per-batch object.
 */
final class LayerCalls {

    private final BatchState state;
    private final NetworkView view;
    private final Wavefront wavefront;
    private final boolean stableActivations;

    LayerCalls(BatchState state, Plan plan) {
        this.state = state;
        this.view = state.view;
        this.wavefront = state.wavefront;
        this.stableActivations = plan.stableActivations();
    }

    /** The forward pass that starts the batch: every hidden value node at its prediction, every output clamped. */
    void initialise(LayerWorkspaceMgr mgr) {
        state.initialLoss = 0;
        for (int k = 0; k < state.size; k++) {
            if (view.isOutput(k)) {
                view.output(k).clamp(state.inputsOf(k)[0], state.labelsOf(k), state.miniBatch, mgr);
                state.energies[k] = view.output(k).energy(state.miniBatch, mgr);
                state.initialLoss += state.energies[k];
            } else {
                state.nodes[k].predict(view.predictor(k).predict(state.inputsOf(k), state.miniBatch, mgr), stableActivations);
            }
            wavefront.initialised(k);
        }
    }

    /** Runs the forward pass of every active layer that needs one, in topological order. */
    void forward(int e, LayerWorkspaceMgr mgr) {
        for (int k = 0; k < state.size; k++) {
            if (wavefront.needsForward(k)) {
                recompute(k, e, mgr);
            }
        }
    }

    /** Runs predictor k's forward pass at step e: a new prediction if it is stale, else only to refresh its caches. */
    void recompute(int k, int e, LayerWorkspaceMgr mgr) {
        boolean changed = wavefront.stale(k);
        if (view.isOutput(k)) {
            view.output(k).clamp(state.inputsOf(k)[0], state.labelsOf(k), state.miniBatch, mgr);
        } else {
            INDArray mu = view.predictor(k).predict(state.inputsOf(k), state.miniBatch, mgr);
            if (changed) {
                state.nodes[k].predict(mu, stableActivations);
            }
        }
        wavefront.computed(k, e, view.isOutput(k));
    }

    /** Makes sure predictor k's caches are valid before a backprop. */
    void ensureCached(int k, int e, LayerWorkspaceMgr mgr) {
        if (!wavefront.cached(k)) {
            recompute(k, e, mgr);
        }
    }

    /** Records what a backprop of predictor k did: its caches may be consumed, its layer state sees the backprop. */
    void afterBackprop(int k) {
        if (view.predictor(k).consumesCache()) {
            wavefront.cacheConsumed(k);
        }
        view.predictor(k).state().afterBackprop();
    }
}
