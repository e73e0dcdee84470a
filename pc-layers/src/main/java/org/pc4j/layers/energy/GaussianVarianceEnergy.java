package org.pc4j.layers.energy;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The F_KL energy of a Gaussian node with input-dependent variance, a VAE bottleneck ([000] Eq.11, docs/algorithms.md §4):
 * the node {@code [mb, 2k]} holds a mean {@code u} and a log-variance {@code s} (the layout
 * {@link org.pc4j.layers.conf.GaussianSampling} reads), its prediction the encoder's {@code (u^, s^)}, and
 *
 * <pre>
 *   E = KL(N(u, e^s) || N(u^, e^s^)) = 1/2 sum [ (e^s + (u - u^)^2) / e^s^ + s^ - s - 1 ]
 *   dE/du  = (u - u^) / e^s^                dE/du^ = -(u - u^) / e^s^
 *   dE/ds  = (e^(s - s^) - 1) / 2           dE/ds^ = (1 - (e^s + (u - u^)^2) / e^s^) / 2
 * </pre>
 *
 * summed over the minibatch. It is 0 with zero gradients at {@code x = mu}. The log-variance parameterisation keeps
 * both variances positive without a constraint (the positivity transform the paper leaves open); the prior
 * {@code KL(N(u, e^s) || N(0, I))} is not part of this energy but of the sampling layer's objective
 * ({@link org.pc4j.layers.conf.GaussianSampling#getKlWeight()}), so that backprop and PC optimise the same thing.
 */
public final class GaussianVarianceEnergy implements Energy {

    /** The one instance; the energy has no parameters. */
    public static final GaussianVarianceEnergy INSTANCE = new GaussianVarianceEnergy();

    private GaussianVarianceEnergy() {
    }

    private static INDArray[] halves(INDArray a) {
        if (a.rank() != 2 || a.size(1) % 2 != 0) {
            throw new IllegalArgumentException("a Gaussian-variance node is [minibatch, 2k] (mean, log-variance), got "
                    + Arrays.toString(a.shape()));
        }
        long k = a.size(1) / 2;
        return new INDArray[] {a.get(NDArrayIndex.all(), NDArrayIndex.interval(0, k)),
                a.get(NDArrayIndex.all(), NDArrayIndex.interval(k, 2 * k))};
    }

    private static INDArray join(INDArray first, INDArray second) {
        INDArray out = org.nd4j.linalg.factory.Nd4j.create(first.dataType(), first.size(0), 2 * first.size(1));
        long k = first.size(1);
        out.get(NDArrayIndex.all(), NDArrayIndex.interval(0, k)).assign(first);
        out.get(NDArrayIndex.all(), NDArrayIndex.interval(k, 2 * k)).assign(second);
        return out;
    }

    @Override
    public double value(INDArray x, INDArray mu) {
        INDArray[] a = halves(x);
        INDArray[] b = halves(mu);
        INDArray d = a[0].sub(b[0]);
        INDArray terms = Transforms.exp(a[1], true).addi(d.muli(d)).muli(Transforms.exp(b[1].neg(), false))
                .addi(b[1]).subi(a[1]).subi(1.0);
        return 0.5 * terms.sumNumber().doubleValue();
    }

    @Override
    public INDArray gradientWrtValue(INDArray x, INDArray mu) {
        INDArray[] a = halves(x);
        INDArray[] b = halves(mu);
        INDArray invVar = Transforms.exp(b[1].neg(), false);
        INDArray du = a[0].sub(b[0]).muli(invVar);
        INDArray ds = Transforms.exp(a[1].sub(b[1]), false).subi(1.0).muli(0.5);
        return join(du, ds);
    }

    @Override
    public INDArray gradientWrtPrediction(INDArray x, INDArray mu) {
        INDArray[] a = halves(x);
        INDArray[] b = halves(mu);
        INDArray invVar = Transforms.exp(b[1].neg(), false);
        INDArray d = a[0].sub(b[0]);
        INDArray du = d.mul(invVar).negi();
        INDArray ds = Transforms.exp(a[1], true).addi(d.muli(d)).muli(invVar).rsubi(1.0).muli(0.5);
        return join(du, ds);
    }

    @Override
    public String toString() {
        return "GaussianVarianceEnergy";
    }
}
