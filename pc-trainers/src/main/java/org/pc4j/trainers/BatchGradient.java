package org.pc4j.trainers;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What one batch's training would have applied, read instead of applied ({@link PcSession#gradient}): the network's
 * flattened gradient as DL4J's gradient view holds it just before its updater runs, that is the parameter gradient of
 * the energy <em>summed</em> over the batch's examples ({@code dE/dtheta}, in the order of {@code net.params()}; DL4J's
 * updater divides it by the batch size), the number of examples, and the batch's loss per example.
 *
 * <p>Gradients of disjoint batches add: the sum of the parts' {@code gradient} with the sum of their {@code examples}
 * is the gradient of the union batch, which is how data-parallel training averages them ({@link PcSession#apply}).
 *
 * @param gradient       {@code [1, numParams]}, a copy owned by the caller
 * @param examples       the batch's examples, at least 1
 * @param lossPerExample the batch's loss at the start of its inference, divided by {@code examples}
 * @param result         the batch's energy trace, or null where the session traces none
 */
public record BatchGradient(INDArray gradient, int examples, double lossPerExample, BatchResult result) {

    /** @throws IllegalArgumentException for a missing gradient, no examples or a non-finite loss */
    public BatchGradient {
        Objects.requireNonNull(gradient, "gradient");
        if (examples < 1) {
            throw new IllegalArgumentException("a batch gradient needs at least one example, got " + examples);
        }
        if (!Double.isFinite(lossPerExample)) {
            throw new IllegalArgumentException("the loss per example must be finite, got " + lossPerExample);
        }
    }
}
