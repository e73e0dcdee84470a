package org.pc4j.trainers;

/**
 * How the free value nodes are initialised at the start of every batch.
 *
 * <p>The default, {@link #forwardPass()}, sets every hidden value node to the forward-pass activation, so that
 * every hidden error starts at exactly zero (docs/algorithms.md §3); it is required for Z-IL to equal backprop
 * and lets the engine compute only where the error wavefront has reached. {@link #perturbed(double, long)} adds
 * Gaussian noise to it, the C1 ablation of the Z-IL paper (docs/algorithms.md §3). {@link #zero()} starts every free
 * value node at 0, one fixed state whatever the weights: how a generative network stores and recalls memories
 * (Salvatori's thesis, ch. 4), where the forward pass from a learnt prior would start each pattern at the same
 * prediction and the relaxation would fight it.
 */
public sealed interface ValueInit permits ValueInit.ForwardPass, ValueInit.Perturbed, ValueInit.Zero {

    /** @return forward-pass initialisation: {@code x_l = mu_l} for every hidden node. */
    static ValueInit forwardPass() {
        return new ForwardPass();
    }

    /**
     * @param sigma standard deviation of the noise, finite and {@code >= 0}
     * @param seed  seed of the noise; the batch trained at the network's iteration count {@code i} draws from
     *              {@code seed + i}, so a resumed run or a loop of single-batch calls draws what the uninterrupted run draws
     * @return forward-pass initialisation plus independent {@code N(0, sigma^2)} noise on every hidden value
     */
    static ValueInit perturbed(double sigma, long seed) {
        return new Perturbed(sigma, seed);
    }

    /**
     * @return every free value node (each layer's output except the clamped output layers') at exactly 0 at the start
     *         of every batch; the predictions are those of the forward pass, so every error starts at {@code -mu}.
     *         Only for nodes with a Euclidean energy (a categorical node, whose value lives on the simplex, is refused
     *         when the batch starts, before any change)
     */
    static ValueInit zero() {
        return new Zero();
    }

    /** Forward-pass initialisation. */
    record ForwardPass() implements ValueInit {
    }

    /** Forward-pass initialisation plus Gaussian noise; see {@link ValueInit#perturbed(double, long)}. */
    record Perturbed(double sigma, long seed) implements ValueInit {
        public Perturbed {
            if (!(sigma >= 0) || Double.isInfinite(sigma)) {
                throw new IllegalArgumentException("perturbation sigma must be finite and >= 0, got " + sigma);
            }
        }
    }

    /** Every free value node at 0; see {@link ValueInit#zero()}. */
    record Zero() implements ValueInit {
    }
}
