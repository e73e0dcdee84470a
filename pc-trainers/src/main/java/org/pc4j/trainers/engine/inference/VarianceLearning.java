package org.pc4j.trainers.engine.inference;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.pc4j.layers.energy.PrecisionWeightedEnergy;
import org.pc4j.trainers.engine.memory.BufferPool;

/**
 * The M-step of learnable node variances ({@link PrecisionWeightedEnergy}), taken with each weight update from each
 * node's error {@code x - mu} at the snapshot the weights learned from: captured at that step, before the values move
 * (under iPC they move before the update is applied). Per-batch object.
 */
final class VarianceLearning {

    private final BatchState state;
    private final BufferPool pool;
    private final INDArray[] errors;

    VarianceLearning(BatchState state, BufferPool pool) {
        this.state = state;
        this.pool = pool;
        this.errors = new INDArray[state.size];
    }

    /** Keeps every learnable node's error at this step's snapshot. */
    void capture() {
        for (int k = 0; k < state.size; k++) {
            if (state.nodes[k] != null && state.nodes[k].energyFunction() instanceof PrecisionWeightedEnergy p && p.isLearnable()) {
                INDArray x = state.nodes[k].value();
                errors[k] = pool.buffer("variance-error/" + k, x).assign(x).subi(state.nodes[k].prediction());
            }
        }
    }

    /** Learns every captured node's variances from its captured error. */
    void learn() {
        for (int k = 0; k < state.size; k++) {
            if (errors[k] != null && state.nodes[k].energyFunction() instanceof PrecisionWeightedEnergy p) {
                try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                    p.learn(errors[k]);
                }
                errors[k] = null;
            }
        }
    }
}
