package org.pc4j.trainers.engine.inference;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.pc4j.trainers.ValueOptimizer;
import org.pc4j.trainers.engine.memory.BufferPool;

/**
 * The per-batch state of the {@link ValueOptimizer}: turns node {@code j}'s energy gradient into the direction its
 * value steps along (the rate applied by the node). Gradient descent keeps no state and returns the gradient itself,
 * so the default path is the papers' rule exactly. Momentum keeps a velocity per node, Adam two moments; Adam's
 * {@code t} is the batch's move count, not the node's, so that a node the engine skipped while its gradient was
 * exactly zero (at its prediction, no error reaching it) ends where Adam run on every node at every step would: zero
 * gradients leave zero moments at zero and only advance {@code t}. The moments live in the session's {@link BufferPool} (reused from batch to batch, reset at each batch's first move)
 * so that a long run allocates nothing per step. Per-batch object.
 */
final class ValueSteps {

    private final ValueOptimizer optimizer;
    private final BufferPool pool;
    /** momentum's velocity or Adam's first moment, per node; null until the node's first move (or after a restart) */
    private final INDArray[] first;
    /** Adam's second moment, per node */
    private final INDArray[] second;

    ValueSteps(ValueOptimizer optimizer, BufferPool pool, int nodes) {
        this.optimizer = optimizer;
        this.pool = pool;
        this.first = new INDArray[nodes];
        this.second = new INDArray[nodes];
    }

    /**
     * @param j        the node
     * @param e        the step after which the node moves (0 for the batch's first move)
     * @param gradient {@code dE/dx} of node {@code j}: step scratch, overwritten with the direction
     * @return the direction of the step, {@code gradient} itself
     */
    INDArray direction(int j, int e, INDArray gradient) {
        if (optimizer instanceof ValueOptimizer.Momentum m) {
            if (first[j] == null) {
                first[j] = pool.buffer("node " + j + "/velocity", gradient).assign(gradient);
            } else {
                first[j].muli(m.beta()).addi(gradient);
            }
            return gradient.assign(first[j]);
        }
        if (optimizer instanceof ValueOptimizer.Adam a) {
            if (first[j] == null) {
                first[j] = pool.zerosLike("node " + j + "/adam m", gradient);
                second[j] = pool.zerosLike("node " + j + "/adam s", gradient);
            }
            first[j].muli(a.beta1()).addi(gradient.mul(1 - a.beta1()));
            second[j].muli(a.beta2()).addi(gradient.mul(gradient).muli(1 - a.beta2()));
            double c1 = 1 - Math.pow(a.beta1(), e + 1);
            double c2 = 1 - Math.pow(a.beta2(), e + 1);
            INDArray denominator = Transforms.sqrt(second[j].div(c2), false).addi(a.epsilon());
            return gradient.assign(first[j]).divi(c1).divi(denominator);
        }
        return gradient;
    }

    /** The energy rose: momentum forgets its velocity (adaptive restart); Adam and gradient descent carry on. */
    void restart() {
        if (optimizer instanceof ValueOptimizer.Momentum) {
            java.util.Arrays.fill(first, null);
        }
    }
}
