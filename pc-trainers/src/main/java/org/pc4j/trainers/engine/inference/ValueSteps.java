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
 * so that a long run allocates nothing per step. Nesterov's restart is decided per example over every free node at
 * once, so its directions come from {@link #accelerate}, given the whole step's gradients, rather than from
 * {@link #direction}. Per-batch object.
 */
final class ValueSteps {

    private final ValueOptimizer optimizer;
    private final BufferPool pool;
    /**
     * momentum's velocity, Nesterov's last plain-sequence move {@code v} ({@code [rows, rest]}) or Adam's first moment,
     * per node; null until the node's first move (or after a restart)
     */
    private final INDArray[] first;
    /** Adam's second moment, per node */
    private final INDArray[] second;
    /** Nesterov's t per example (1 at the start and after a restart); null until the first accelerated move */
    private double[] t;
    /** Nesterov's beta per example from the previous move, a column {@code [rows, 1]} (0 at the start and after a restart) */
    private INDArray previousBeta;

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

    /** @return whether directions come from {@link #accelerate} (the whole step's gradients at once) */
    boolean acceleratesWholeSteps() {
        return optimizer instanceof ValueOptimizer.Nesterov;
    }

    /**
     * Nesterov's step ({@link ValueOptimizer#nesterov()}) for every node that moves: updates each node's plain-sequence
     * move {@code v = beta_prev v - rate g}, decides each example's restart from {@code sum_j g_j . v_j} over its
     * rows of every moving node, and turns each gradient into the direction {@code g - (beta / rate) v}, so that the
     * node's {@code x <- x - rate * direction} is {@code x - rate g + beta v}.
     *
     * @param nodes     the moving nodes, the first {@code count} entries
     * @param gradients each one's {@code dE/dx}, shaped like the node with the examples along dimension 0; step
     *                  scratch, overwritten with the direction
     * @param rate      the step's inference rate
     */
    void accelerate(int[] nodes, INDArray[] gradients, int count, double rate) {
        if (count == 0) {
            return;
        }
        long rows = gradients[0].size(0);
        if (t == null || t.length != rows) {
            t = new double[(int) rows];
            java.util.Arrays.fill(t, 1.0);
            previousBeta = null;
        }
        INDArray uphill = null;
        for (int i = 0; i < count; i++) {
            int j = nodes[i];
            INDArray g = gradients[i];
            if (g.size(0) != rows) {
                throw new IllegalStateException("Nesterov's value steps restart per example, but node " + j + " holds "
                        + g.size(0) + " examples along dimension 0 where another holds " + rows);
            }
            INDArray g2 = rows2(g, rows);
            INDArray v = first[j];
            if (v == null || previousBeta == null) {
                v = first[j] = pool.buffer("node " + j + "/nesterov v", g2.dataType(), g2.shape(), 'c').assign(g2).muli(-rate);
            } else {
                v.muliColumnVector(previousBeta).subi(scratch(j, v).assign(g2).muli(rate));
            }
            // g . v per example, through the node's scratch (later its correction), so that nothing [rows, rest] is allocated
            INDArray dot = scratch(j, v).assign(g2).muli(v).sum(1).reshape(rows, 1);
            uphill = uphill == null ? dot : uphill.addi(dot);
        }
        // kept for the next move, so in the session's pool rather than the step's workspace
        INDArray beta = pool.buffer("nesterov/beta", uphill.dataType(), new long[] {rows, 1}, 'c');
        for (int b = 0; b < rows; b++) {
            double bb;
            if (uphill.getDouble(b, 0) > 0) {
                t[b] = 1.0;
                bb = 0.0;
            } else {
                double next = (1 + Math.sqrt(1 + 4 * t[b] * t[b])) / 2;
                bb = (t[b] - 1) / next;
                t[b] = next;
            }
            beta.putScalar(b, 0, bb);
        }
        for (int i = 0; i < count; i++) {
            INDArray g = gradients[i];
            INDArray g2 = rows2(g, rows);
            int j = nodes[i];
            g2.subi(scratch(j, first[j]).assign(first[j]).muliColumnVector(beta).divi(rate));
            if (g2 != g) {
                g.assign(g2.reshape('c', g.shape()));
            }
        }
        previousBeta = beta;
    }

    /** @return node {@code j}'s scratch for Nesterov's step, shaped like its {@code v} */
    private INDArray scratch(int j, INDArray v) {
        return pool.buffer("node " + j + "/nesterov scratch", v);
    }

    /** @return {@code a} itself where it is a c-ordered matrix, else a copy as {@code [rows, rest]} (a node of rank 3 or 4) */
    private static INDArray rows2(INDArray a, long rows) {
        return a.rank() == 2 && a.ordering() == 'c' ? a : a.dup('c').reshape('c', rows, a.length() / rows);
    }

    /**
     * The energy rose: momentum forgets its velocity (adaptive restart), Nesterov restarts every example; Adam and
     * gradient descent carry on.
     */
    void restart() {
        if (optimizer instanceof ValueOptimizer.Momentum || optimizer instanceof ValueOptimizer.Nesterov) {
            java.util.Arrays.fill(first, null);
        }
        if (t != null) {
            java.util.Arrays.fill(t, 1.0);
            previousBeta = null;
        }
    }
}
