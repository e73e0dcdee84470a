package org.pc4j.trainers.engine.inference;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.pc4j.trainers.DetectionStats;
import org.pc4j.trainers.engine.memory.BufferPool;

/**
 * Fa-Z-IL's local detector phi (Song, Lukasiewicz, Xu and Bogacz, "Can the Brain Do Backpropagation? Exact
 * Implementation of Backpropagation in Predictive Coding Networks", NeurIPS 2020, §4): for every neuron (element of a
 * layer's error, per example), {@code phi = 1} at step t iff the error was exactly zero at the {@code window} steps
 * before t and is non-zero at t, <b>and the neuron's own prediction did not change at t</b>. Before step 0 the
 * history is zeros (the converged prediction phase). Kept as one counter per neuron: the number of consecutive
 * exactly-zero steps before the current one.
 *
 * <p>Under forward-pass initialisation a layer's error is exactly zero until the error wavefront reaches it, at the
 * step equal to its level, so phi fires there: the Z-IL moment. At that moment no input of the layer has moved yet
 * (they are at higher levels, reached later, delayed messages included), so its prediction is still the forward
 * pass's. The second condition is pc4j's, and local too: an error onset that comes with a change of the neuron's own
 * prediction is caused from below (the layer's input started to move) and not by the error from above. Without it,
 * every neuron whose error is exactly zero at its moment (the inputs of a max pool that are not the maximum, the
 * inactive units below a ReLU activation layer, dropped units) fired later, when its input moved, and Fa-Z-IL
 * differed from backprop on such networks whatever the window. The condition never removes a firing at the Z-IL
 * moment. It records, per neuron, whether phi ever fired at another step (a detection failure), for
 * {@link DetectionStats}.
 */
final class ErrorOnsetDetector {

    /** How phi relates to a layer's error at one step. */
    enum Gate {
        /** No neuron fires: the layer contributes no update. */
        NONE,
        /** Every neuron with a non-zero error fires: the gated update is the ungated one. */
        ALL,
        /** Some neurons with a non-zero error fire: the update must be recomputed with the gated error. */
        PARTIAL
    }

    private final int window;
    private final BufferPool pool;
    private final INDArray[] zeroRun;
    private final INDArray[] firedOnTime;
    private final INDArray[] firedOffTime;
    private final int[] quietSteps;
    private INDArray lastGate;

    ErrorOnsetDetector(int layers, int window, BufferPool pool) {
        this.window = window;
        this.pool = pool;
        this.zeroRun = new INDArray[layers];
        this.firedOnTime = new INDArray[layers];
        this.firedOffTime = new INDArray[layers];
        this.quietSteps = new int[layers];
    }

    /** Layer {@code k}'s error is exactly zero at this step (the engine did not need to compute it). */
    void observeQuiet(int k) {
        if (zeroRun[k] == null) {
            quietSteps[k]++;
        } else {
            zeroRun[k].addi(1);
        }
    }

    /**
     * @param error             the layer's error at this step (any array that is zero exactly where the error is)
     * @param predictionChanged true if the layer's prediction was recomputed from changed inputs at this step
     * @return how phi relates to the error; {@link #lastGate()} holds phi itself
     */
    Gate observe(int k, int step, int level, INDArray error, boolean predictionChanged) {
        DataType type = error.dataType();
        INDArray nonZero = error.neq(0.0).castTo(type);
        if (zeroRun[k] == null) {
            zeroRun[k] = pool.buffer("phi/run/" + k, type, error.shape(), error.ordering()).assign(window + quietSteps[k]);
            firedOnTime[k] = pool.zerosLike("phi/on/" + k, error);
            firedOffTime[k] = pool.zerosLike("phi/off/" + k, error);
        }
        if (predictionChanged) { // an onset caused from below: nothing fires; the zero runs go on as always
            zeroRun[k].addi(1).muli(nonZero.rsub(1.0));
            lastGate = null;
            return Gate.NONE;
        }
        INDArray phi = zeroRun[k].gte(window).castTo(type).muli(nonZero);
        zeroRun[k].addi(1).muli(nonZero.rsub(1.0));
        (step == level ? firedOnTime[k] : firedOffTime[k]).addi(phi);
        lastGate = phi;
        double fired = phi.sumNumber().doubleValue();
        if (fired == 0) {
            return Gate.NONE;
        }
        return fired == nonZero.sumNumber().doubleValue() ? Gate.ALL : Gate.PARTIAL;
    }

    /** @return phi of the last observation: 1 where the neuron fires, 0 elsewhere. */
    INDArray lastGate() {
        return lastGate;
    }

    /** @return the batch's detection counts over every layer observed. */
    DetectionStats stats() {
        long neurons = 0;
        long on = 0;
        long off = 0;
        for (int k = 0; k < zeroRun.length; k++) {
            if (zeroRun[k] != null) {
                neurons += zeroRun[k].length();
                on += firedOnTime[k].gt(0).castTo(DataType.LONG).sumNumber().longValue();
                off += firedOffTime[k].gt(0).castTo(DataType.LONG).sumNumber().longValue();
            }
        }
        return new DetectionStats(neurons, on, off);
    }
}
