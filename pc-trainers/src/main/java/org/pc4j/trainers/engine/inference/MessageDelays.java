package org.pc4j.trainers.engine.inference;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.pc4j.trainers.engine.memory.BufferPool;
import org.pc4j.trainers.engine.network.NetworkView;

/**
 * The identity vertices that level a graph for Z-IL ([002] Alg.4 and Thm 5, docs/algorithms.md §3), as delay lines: on an edge
 * from a node at level {@code l_u} to a consumer at level {@code l_c < l_u - 1}, levelling inserts
 * {@code l_u - l_c - 1} identity vertices, which at gamma = 1 pass the consumer's error message on one step per
 * vertex. So every message reaches the node after the step {@code l_u - 1}, whatever path it took, and the node's
 * error at its own level is backprop's delta. A FIFO of {@code d + 1} buffers per delayed edge holds the messages
 * in flight; edges between adjacent levels (every edge of a chain) are not touched.
 *
 * <p>Per-batch object; its buffers come from the session's pool.
 */
final class MessageDelays {

    private final int[][] delay;
    private final INDArray[][][] slots;
    private final boolean[][][] sent;
    private final BufferPool pool;
    private final boolean any;

    MessageDelays(NetworkView graph, BufferPool pool) {
        this.pool = pool;
        int n = graph.size();
        this.delay = new int[n][];
        this.slots = new INDArray[n][][];
        this.sent = new boolean[n][][];
        boolean found = false;
        for (int c = 0; c < n; c++) {
            int[] sources = graph.sources(c);
            delay[c] = new int[sources.length];
            slots[c] = new INDArray[sources.length][];
            sent[c] = new boolean[sources.length][];
            for (int s = 0; s < sources.length; s++) {
                int u = sources[s];
                int d = u < 0 ? 0 : graph.predictor(u).level() - graph.predictor(c).level() - 1;
                delay[c][s] = d;
                if (d > 0) {
                    slots[c][s] = new INDArray[d + 1];
                    sent[c][s] = new boolean[d + 1];
                    found = true;
                }
            }
        }
        this.any = found;
    }

    /** @return true if the graph has an edge that skips a level. */
    boolean any() {
        return any;
    }

    /**
     * Takes this step's messages on the delayed edges and replaces each with (a copy of) the message sent {@code d}
     * steps earlier (null if none was).
     *
     * @param messages {@code messages[consumer][input]}, this step's messages; delayed entries are replaced
     */
    void shift(int step, INDArray[][] messages) {
        for (int c = 0; c < delay.length; c++) {
            for (int s = 0; s < delay[c].length; s++) {
                int d = delay[c][s];
                if (d == 0) {
                    continue;
                }
                int in = step % (d + 1);
                INDArray message = messages[c][s];
                sent[c][s][in] = message != null;
                if (message != null) {
                    slots[c][s][in] = pool.buffer("delay/" + c + "/" + s + "/" + in, message).assign(message);
                }
                int out = Math.floorMod(step - d, d + 1);
                // a copy in this step's memory: the receiver adds into its messages and may keep the sum as its step,
                // while the FIFO slot is written again d + 1 steps on
                // slot out was last written d steps ago (every step writes its own slot), or never yet if step < d
                messages[c][s] = step >= d && sent[c][s][out] ? slots[c][s][out].dup() : null;
            }
        }
    }
}
