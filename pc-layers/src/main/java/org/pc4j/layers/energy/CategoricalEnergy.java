package org.pc4j.layers.energy;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The F_KL energy of a categorical value node ([000] Eq.10, docs/algorithms.md §4): the node holds a probability vector
 * {@code x} along dimension 1 (per example, and per time step for {@code [mb, n, T]} nodes), predicted by a softmax
 * {@code mu = softmax(a)}, and
 *
 * <pre>
 *   E(x, mu) = sum_i x_i ln(x_i / mu_i)        = KL(x || mu), with 0 ln 0 := 0, summed over the minibatch
 *   dE/dmu_i = -x_i / mu_i                     (0 where x_i = 0)
 *   dE/dx_i  =  ln(x_i / mu_i)   (+ 1, a constant that no step on the simplex sees; left out)
 * </pre>
 *
 * Through the softmax's own backprop, {@code dE/dmu} becomes the logit error {@code mu * sum(x) - x}, which is
 * {@code mu - x} on the simplex: a categorical node behaves like a Gaussian node whose error is taken at the logits
 * ([000] App.C, docs/algorithms.md §4).
 *
 * <p><b>Staying a distribution.</b> A value step is an exponentiated-gradient (mirror-descent) step, the gradient
 * step of the KL geometry: {@code x <- x * exp(-gamma * g) / Z}, normalised along dimension 1, with {@code g} the
 * total {@code dE/dx}. It keeps every entry positive and every distribution summing to 1, keeps exact zeros at zero
 * (entries a causal mask forbids stay forbidden), and needs no clipping. At gamma = 1 it gives
 * {@code x ∝ mu * exp(-message)}, the posterior of the categorical node given its consumers' messages.
 */
public final class CategoricalEnergy implements Energy {

    /** The one instance; the energy has no parameters. */
    public static final CategoricalEnergy INSTANCE = new CategoricalEnergy();

    private CategoricalEnergy() {
    }

    private static double tiny(INDArray a) {
        return a.dataType() == DataType.DOUBLE ? Double.MIN_NORMAL : Float.MIN_NORMAL;
    }

    /** @return {@code ln(max(x, tiny) / max(mu, tiny))}, a new array. */
    private static INDArray logRatio(INDArray x, INDArray mu) {
        INDArray lx = Transforms.log(Transforms.max(x, tiny(x), true), false);
        return lx.subi(Transforms.log(Transforms.max(mu, tiny(mu), true), false));
    }

    @Override
    public double value(INDArray x, INDArray mu) {
        return logRatio(x, mu).muli(x).sumNumber().doubleValue();
    }

    @Override
    public INDArray gradientWrtPrediction(INDArray x, INDArray mu) {
        return x.div(Transforms.max(mu, tiny(mu), true)).negi();
    }

    @Override
    public INDArray gradientWrtValue(INDArray x, INDArray mu) {
        return logRatio(x, mu);
    }

    @Override
    public boolean euclidean() {
        return false;
    }

    @Override
    public INDArray step(INDArray x, INDArray gradient, double rate) {
        INDArray exponent = gradient.muli(-rate);
        exponent.subi(exponent.max(true, 1));                 // for exp's range; cancels in the normalisation
        x.muli(Transforms.exp(exponent, false));
        INDArray total = Transforms.max(x.sum(true, 1), tiny(x), false); // an all-zero (fully masked) row stays 0
        return x.divi(total);
    }

    @Override
    public String toString() {
        return "CategoricalEnergy";
    }
}
