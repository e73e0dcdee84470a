package org.pc4j.trainers.engine.inference;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where a batch's one weight update goes when it is read instead of applied: a copy of the flattened gradient (outside
 * every workspace), the batch size and the loss per example. Per-batch object.
 */
final class GradientCapture {

    private INDArray gradient;
    private int miniBatch;
    private double lossPerExample;

    /** @throws IllegalStateException if a second update of the batch arrives (only one-update schedules are read) */
    void take(INDArray flatGradient, int miniBatch, double lossPerExample) {
        if (gradient != null) {
            throw new IllegalStateException("a batch read for its gradient updated the weights twice");
        }
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            this.gradient = flatGradient.dup().reshape(1, flatGradient.length());
        }
        this.miniBatch = miniBatch;
        this.lossPerExample = lossPerExample;
    }

    /** @return the gradient, or null if the batch made no update */
    INDArray gradient() {
        return gradient;
    }

    int miniBatch() {
        return miniBatch;
    }

    double lossPerExample() {
        return lossPerExample;
    }
}
