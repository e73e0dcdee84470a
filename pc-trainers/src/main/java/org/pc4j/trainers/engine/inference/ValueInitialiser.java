package org.pc4j.trainers.engine.inference;

import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.pc4j.trainers.ValueInit;

/**
 * How the value nodes start a batch (docs/algorithms.md §3, C1): a forward pass from the clamped inputs puts every
 * hidden node at its prediction; {@link ValueInit.Perturbed} then adds Gaussian noise {@code sigma * N(0, 1)} to every
 * hidden node, drawn from a generator seeded by the seed plus the network's iteration count (so one batch at a time
 * draws what one call over many batches draws); {@link ValueInit.Zero} sets every hidden node to 0 (the predictions
 * stay the forward pass's). Given start values (an earlier inference's {@link org.pc4j.trainers.Inference#values()})
 * replace all of these: every hidden node starts where that inference left it.
 */
final class ValueInitialiser {

    private final BatchState state;
    private final LayerCalls calls;
    private final ValueInit init;
    private final int iteration;
    private final List<INDArray> start;

    /** @param start the hidden nodes' starting values in node order (the non-output nodes), or null for {@code init} */
    ValueInitialiser(BatchState state, LayerCalls calls, ValueInit init, int iteration, List<INDArray> start) {
        this.state = state;
        this.calls = calls;
        this.init = init;
        this.iteration = iteration;
        this.start = start;
    }

    void initialise(LayerWorkspaceMgr mgr) {
        calls.initialise(mgr);
        if (start != null) {
            int i = 0;
            for (int k = 0; k < state.size; k++) {
                if (!state.view.isOutput(k)) {
                    state.nodes[k].assign(start.get(i++));
                    state.moved(k);
                }
            }
            return;
        }
        if (init instanceof ValueInit.Zero) {
            for (int k = 0; k < state.size; k++) {
                if (!state.view.isOutput(k)) {
                    state.nodes[k].fill(0.0);
                    state.moved(k);
                }
            }
        }
        if (init instanceof ValueInit.Perturbed p && p.sigma() > 0) {
            Random random = new Random(p.seed() + iteration);
            for (int k = 0; k < state.size; k++) {
                if (state.view.isOutput(k)) {
                    continue;
                }
                INDArray value = state.nodes[k].value();
                double[] noise = new double[(int) value.length()];
                for (int i = 0; i < noise.length; i++) {
                    noise[i] = p.sigma() * random.nextGaussian();
                }
                state.nodes[k].shift(Nd4j.createFromArray(noise).reshape(value.shape()).castTo(value.dataType()));
                state.moved(k);
            }
        }
    }
}
