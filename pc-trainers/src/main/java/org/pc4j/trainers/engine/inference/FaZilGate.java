package org.pc4j.trainers.engine.inference;

import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.pc4j.trainers.DetectionStats;
import org.pc4j.trainers.engine.memory.BufferPool;

/**
 * Fa-Z-IL's gated weight readout: every layer's error is observed by the {@link ErrorOnsetDetector} at every step, and
 * a layer's gradient is added to its update only for the neurons where phi fires (recomputed with the gated error
 * where only some fire). Per-batch object.
 */
final class FaZilGate {

    private final BatchState state;
    private final LayerCalls calls;
    private final GradientReadout readout;
    private final ErrorOnsetDetector detector;

    FaZilGate(BatchState state, LayerCalls calls, GradientReadout readout, int window, BufferPool pool) {
        this.state = state;
        this.calls = calls;
        this.readout = readout;
        this.detector = new ErrorOnsetDetector(state.size, window, pool);
    }

    /** Layer k was not computed at this step: its error is exactly zero. */
    void quiet(int k) {
        detector.observeQuiet(k);
    }

    /** @return how phi relates to layer k's error at step e (read before its backprop, which may overwrite it) */
    ErrorOnsetDetector.Gate observe(int k, int e, LayerWorkspaceMgr mgr) {
        boolean output = state.view.isOutput(k);
        INDArray error = output ? state.view.output(k).error(mgr) : state.nodes[k].predictionGradient();
        return detector.observe(k, e, state.view.predictor(k).level(), error, state.wavefront.predictionChangedAt(k, e));
    }

    /** Adds layer k's gradient, gated per neuron by phi, to its update of this batch. */
    void read(int k, int e, ErrorOnsetDetector.Gate gate, LayerWorkspaceMgr mgr, LayerWorkspaceMgr bpMgr) {
        if (gate == ErrorOnsetDetector.Gate.NONE) {
            return;
        }
        if (gate == ErrorOnsetDetector.Gate.PARTIAL && state.view.predictor(k).gradientView() != null) {
            INDArray phi = detector.lastGate();
            calls.ensureCached(k, e, mgr);
            if (!state.view.isOutput(k)) {
                state.view.predictor(k).backprop(state.nodes[k].predictionGradient().muli(phi), state.miniBatch, bpMgr);
            } else {
                state.view.output(k).gatedBackprop(phi, bpMgr);
            }
            calls.afterBackprop(k);
        }
        readout.accumulate(k);
    }

    DetectionStats stats() {
        return detector.stats();
    }
}
