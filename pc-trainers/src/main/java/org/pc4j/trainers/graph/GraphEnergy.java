package org.pc4j.trainers.graph;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The energy of a PC graph and its gradients, for a batch of states {@code x} ({@code [B, n]}), weights {@code W}
 * ({@code [n, n]}, zero wherever the mask is), per-neuron precisions {@code pi} ({@code [1, n]}) and activation {@code f}:
 *
 * <pre>
 *   WEIGHTED_ACTIVITIES:  mu = f(x) W^T                    ACTIVATED_SUMS:  a = x W^T,  mu = f(a)
 *   eps = x - mu,   e = pi ⊙ eps,   E_b = 1/2 sum_i pi_i eps_bi^2,   E = (1/B) sum_b E_b   (the batch mean)
 *   dE_b/dx_b = e - f'(x) ⊙ (e W)                                           dE_b/dx_b = e - (e ⊙ f'(a)) W
 *   dE/dW = -(1/B) (e^T f(x)) ⊙ M                                           dE/dW = -(1/B) ((e ⊙ f'(a))^T x) ⊙ M
 * </pre>
 *
 * Each example's values follow its own energy {@code E_b} (so a value step does not depend on the batch size) and the
 * weights follow the batch mean, as DL4J's losses (and pc4j's PC on DL4J networks) average over the minibatch.
 *
 * With a {@link TopKActivity} rule {@code K} (assemblies of neurons), a neuron sends its signal only when it fires:
 * {@code f(x)} becomes {@code f(x) ⊙ K} (WEIGHTED_ACTIVITIES) and {@code x} in the sums becomes {@code x ⊙ K}
 * (ACTIVATED_SUMS), where {@code K} is chosen from that signal; the gradients hold {@code K} fixed, so every
 * {@code f'(x)} above is multiplied by {@code K} in the first form, {@code e W} or {@code (e ⊙ f'(a)) W} by {@code K}
 * in the second, and the weight gradients use the fired signal.
 *
 * Row {@code b} of {@code e W} is {@code W^T e_b}: the errors of the neurons {@code x_b} predicts, sent back along the
 * edges (thesis Eq. 5.3, 5.4 with the index order made consistent). Every method is one or two matrix products
 * (BLAS gemm, which ND4J's {@code mmul} is not always: measured 2x slower on {@code [64, 2000] x [2000, 2000]^T}); none
 * loops over neurons. These are the general path's operations; {@link GraphKernel} computes the same on the CPU.
 */
final class GraphEnergy {

    private final PredictionForm form;
    private final IActivation activation;
    private final INDArray precision;
    private final TopKActivity topK;

    /**
     * @param precision {@code [1, n]}, or null for 1 everywhere
     * @param topK      the firing rule, or null: every neuron fires
     */
    GraphEnergy(PredictionForm form, IActivation activation, INDArray precision, TopKActivity topK) {
        this.form = form;
        this.activation = activation;
        this.precision = precision;
        this.topK = topK;
    }

    /** The quantities of one state, computed once and shared by the energy and both gradients. */
    final class State {
        final INDArray x;
        /** The firing rule K at this state, or null (all fire). */
        final INDArray firing;
        /** What the neurons send: f(x) ⊙ K (WEIGHTED_ACTIVITIES) or x ⊙ K (ACTIVATED_SUMS). */
        final INDArray sent;
        /** f(x) ⊙ K (WEIGHTED_ACTIVITIES) or the sums a = (x ⊙ K) W^T (ACTIVATED_SUMS). */
        final INDArray inner;
        final INDArray mu;
        final INDArray eps;
        /** pi ⊙ eps. */
        final INDArray weighted;

        State(INDArray x, INDArray weights) {
            this.x = x;
            INDArray signal = form == PredictionForm.WEIGHTED_ACTIVITIES ? activation.getActivation(x.dup(), false) : x;
            firing = topK == null ? null : topK.mask(signal);
            sent = firing == null ? signal : signal.mul(firing);
            if (form == PredictionForm.WEIGHTED_ACTIVITIES) {
                inner = sent;
                mu = Nd4j.gemm(inner, weights, false, true);
            } else {
                inner = Nd4j.gemm(sent, weights, false, true);
                mu = activation.getActivation(inner.dup(), false);
            }
            eps = x.sub(mu);
            weighted = precision == null ? eps : eps.mulRowVector(precision);
        }

        /** @return E, the batch mean of E_b */
        double energy() {
            return 0.5 * eps.mul(weighted).sumNumber().doubleValue() / x.size(0);
        }

        /** @return row b: dE_b/dx_b, {@code [B, n]} (for every neuron; the caller keeps the free ones) */
        INDArray valueGradient(INDArray weights) {
            if (form == PredictionForm.WEIGHTED_ACTIVITIES) {
                INDArray back = Nd4j.gemm(weighted, weights, false, false);
                INDArray fPrimeBack = activation.backprop(x.dup(), back).getFirst();
                return weighted.sub(firing == null ? fPrimeBack : fPrimeBack.muli(firing));
            }
            INDArray delta = activation.backprop(inner.dup(), weighted.dup()).getFirst();
            INDArray back = Nd4j.gemm(delta, weights, false, false);
            return weighted.sub(firing == null ? back : back.muli(firing));
        }

        /** @return dE/dW, {@code [n, n]}, masked */
        INDArray weightGradient(INDArray mask) {
            INDArray g = Nd4j.create(x.dataType(), x.size(1), x.size(1));
            weightGradientInto(g);
            return g.muli(mask);
        }

        /** Writes dE/dW, {@code [n, n]}, not masked, into {@code out} (one product into it, no temporary of its size). */
        void weightGradientInto(INDArray out) {
            double scale = -1.0 / x.size(0);
            if (form == PredictionForm.WEIGHTED_ACTIVITIES) {
                Nd4j.gemm(weighted, inner, out, true, false, scale, 0.0);
            } else {
                INDArray delta = activation.backprop(inner.dup(), weighted.dup()).getFirst();
                Nd4j.gemm(delta, sent, out, true, false, scale, 0.0);
            }
        }
    }

    State at(INDArray x, INDArray weights) {
        return new State(x, weights);
    }
}
