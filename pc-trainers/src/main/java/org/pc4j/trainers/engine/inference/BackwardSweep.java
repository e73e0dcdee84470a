package org.pc4j.trainers.engine.inference;

import java.util.Arrays;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.pc4j.trainers.engine.network.NetworkView;
import org.pc4j.trainers.engine.network.Predictor;

/**
 * The backward half of one synchronous step: from the outputs down, every active predictor maps its node's error
 * {@code dE/dmu} to its parameter gradient (in the network's gradient view) and one message {@code dE/dx_i} per input,
 * all at the same snapshot; the schedule says whether the gradient is read, discarded or read gated
 * ({@link FaZilGate}). Messages are kept in their node's shape for the value move. Per-batch object.
 */
final class BackwardSweep {

    private final BatchState state;
    private final NetworkView view;
    private final Plan plan;
    private final LayerCalls calls;
    private final GradientReadout readout;
    private final FaZilGate gate;

    /** @param gate Fa-Z-IL's gate, or null for the other schedules */
    BackwardSweep(BatchState state, Plan plan, LayerCalls calls, GradientReadout readout, FaZilGate gate) {
        this.state = state;
        this.view = state.view;
        this.plan = plan;
        this.calls = calls;
        this.readout = readout;
        this.gate = gate;
    }

    void backward(int e, LayerWorkspaceMgr mgr, LayerWorkspaceMgr bpMgr) {
        for (int k = state.size - 1; k >= 0; k--) {
            Arrays.fill(state.messages[k], null);
            if (!state.wavefront.active(k)) {
                if (gate != null) {
                    gate.quiet(k);
                }
                continue;
            }
            Predictor predictor = view.predictor(k);
            boolean output = view.isOutput(k);
            ErrorOnsetDetector.Gate g = gate == null ? null : gate.observe(k, e, mgr);
            calls.ensureCached(k, e, mgr);
            StepRules.Readout readoutNow = plan.readout(predictor.level(), e, state.steps);
            INDArray dEdPrediction = output ? null : state.nodes[k].predictionGradient();
            // the weight gradient only where it is read: a silent step (or a Fa-Z-IL layer whose gate says none
            // or a part, recomputed gated afterwards) needs the messages alone
            boolean gradient = readoutNow == StepRules.Readout.FULL
                    || readoutNow == StepRules.Readout.GATED && g == ErrorOnsetDetector.Gate.ALL;
            INDArray[] sent = gradient ? predictor.backprop(dEdPrediction, state.miniBatch, bpMgr)
                    : predictor.messages(dEdPrediction, state.miniBatch, bpMgr);
            keepMessages(k, sent);
            calls.afterBackprop(k);
            switch (readoutNow) {
                case FULL -> readout.read(k);
                case NONE -> readout.discard(k);
                case GATED -> gate.read(k, e, g, mgr, bpMgr);
                default -> throw new IllegalStateException("unknown readout");
            }
        }
    }

    /** Keeps the messages predictor {@code k} sent to value nodes, each in the shape of its node and its own array. */
    private void keepMessages(int k, INDArray[] sent) {
        int[] sources = view.sources(k);
        for (int s = 0; s < sources.length; s++) {
            if (sources[s] < 0 || sent[s] == null) {
                continue;
            }
            INDArray message = inNodeShape(sent[s], state.nodes[sources[s]].prediction(), view.predictor(k));
            for (int t = 0; t < s; t++) {
                if (state.messages[k][t] == message) {
                    message = message.dup(); // each node adds its own term in place
                    break;
                }
            }
            state.messages[k][s] = message;
        }
    }

    /**
     * @return the message in the shape of the node it is for. Some DL4J preprocessors are not symmetric: an
     *         {@code RnnToFeedForwardPreProcessor} passes a 2-d input through unchanged but returns its error as
     *         {@code [mb, n, 1]}; such unit dimensions are dropped here, as DL4J's next backprop would.
     */
    static INDArray inNodeShape(INDArray message, INDArray node, Predictor consumer) {
        if (Arrays.equals(message.shape(), node.shape())) {
            return message;
        }
        long[] a = Arrays.stream(message.shape()).filter(d -> d != 1).toArray();
        long[] b = Arrays.stream(node.shape()).filter(d -> d != 1).toArray();
        if (!Arrays.equals(a, b)) {
            throw new IllegalStateException(consumer + " returned an error of shape " + Arrays.toString(message.shape())
                    + " for its input of shape " + Arrays.toString(node.shape()));
        }
        return message.reshape(node.shape());
    }
}
