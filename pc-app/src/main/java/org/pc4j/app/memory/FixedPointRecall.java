package org.pc4j.app.memory;

import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The recall loop the baselines share: {@code x <- update(x)}, the known values of a partial key put back after each
 * update, until no value moves by more than a tolerance or the iteration budget is spent.
 */
final class FixedPointRecall {

    private FixedPointRecall() {
    }

    /**
     * @param start     the first state, {@code [m, d]} (not modified)
     * @param known     {@code [m, d]} of 0 and 1, the values kept as in {@code start}; null to keep none
     * @param update    one step of the method; returns a new array
     * @param tolerance stop once {@code max |next - current| <= tolerance} (0: once the state is a fixed point)
     * @return the last state and the updates made
     */
    static MemoryMethod.Recalled iterate(INDArray start, INDArray known, int maxIterations, UnaryOperator<INDArray> update,
                                         double tolerance) {
        INDArray free = known == null ? null : known.rsub(1.0);
        INDArray kept = known == null ? null : start.mul(known);
        INDArray current = start;
        int i = 0;
        while (i < maxIterations) {
            INDArray next = update.apply(current);
            if (known != null) {
                next.muli(free).addi(kept);
            }
            i++;
            double change = Transforms.abs(next.sub(current)).maxNumber().doubleValue();
            current = next;
            if (change <= tolerance) {
                break;
            }
        }
        return new MemoryMethod.Recalled(current, i);
    }
}
