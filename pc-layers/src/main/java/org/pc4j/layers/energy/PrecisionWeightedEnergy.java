package org.pc4j.layers.energy;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Gaussian energy with a diagonal covariance ([000] Eq.5, docs/algorithms.md §4): with variances {@code s} per feature
 * (dimension 1 of the node: units, channels, or the features of a sequence) and {@code eps = x - mu},
 *
 * <pre>
 *   E = 1/2 * sum eps^2 / s  ( + 1/2 * sum ln s, a constant for the values and weights, left out of value() )
 *   dE/dx = eps / s,   dE/dmu = -eps / s
 * </pre>
 *
 * A <b>fixed</b> precision {@code 1/s} weights how strongly a node's error pulls; with precision 1 this is the
 * {@link GaussianEnergy}. A <b>learnable</b> variance is a parameter of the generative model: after each weight
 * update the trainer calls {@link #learn(INDArray)} with the node's error, which moves {@code s} one step down the
 * free energy's gradient {@code dF/ds = 1/2 * mean_batch(1/s - eps^2/s^2)} preconditioned by {@code 2 s^2} (plain
 * gradient steps on a variance are unstable where {@code s} is small):
 * {@code s <- s - rate * 2 s^2 dF/ds = (1 - rate) s + rate * mean_batch(eps^2)}, a moving average towards the fixed
 * point {@code s = E[eps^2]} (floored at {@link #MIN_VARIANCE}). The variances are state of this object, not of the network: use one learnable
 * energy per node and per trained network, and read them with {@link #variances()}.
 */
public final class PrecisionWeightedEnergy implements ErrorEnergy {

    /** The smallest variance a learnable energy reaches. */
    public static final double MIN_VARIANCE = 1e-4;

    private final double[] variances;
    private final double learningRate;
    private INDArray cached;

    private PrecisionWeightedEnergy(double[] variances, double learningRate) {
        for (double s : variances) {
            if (!(s > 0) || Double.isInfinite(s)) {
                throw new IllegalArgumentException("variances must be finite and > 0, got " + Arrays.toString(variances));
            }
        }
        if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("the variance learning rate must be finite and >= 0, got " + learningRate);
        }
        this.variances = variances.clone();
        this.learningRate = learningRate;
    }

    /** @return a fixed precision {@code 1/s} for every feature; > 0 */
    public static PrecisionWeightedEnergy fixedPrecision(double precision) {
        return new PrecisionWeightedEnergy(new double[] {1.0 / precision}, 0);
    }

    /** @return fixed variances, one per feature (dimension 1 of the node) */
    public static PrecisionWeightedEnergy fixedVariances(double... perFeature) {
        return new PrecisionWeightedEnergy(perFeature, 0);
    }

    /**
     * @param features     the node's size along dimension 1
     * @param learningRate the step size of the variances' preconditioned gradient descent, in (0, 1]
     * @return learnable variances, starting at 1
     */
    public static PrecisionWeightedEnergy learnable(int features, double learningRate) {
        if (features < 1 || !(learningRate > 0) || learningRate > 1) {
            throw new IllegalArgumentException("a learnable variance needs features >= 1 and a learning rate in (0, 1], got "
                    + features + ", " + learningRate);
        }
        double[] ones = new double[features];
        Arrays.fill(ones, 1.0);
        return new PrecisionWeightedEnergy(ones, learningRate);
    }

    /**
     * @param variances    the variances, one per feature along dimension 1 (or one shared); each finite and > 0
     * @param learningRate 0 for fixed variances, else the step size of their preconditioned gradient descent, in (0, 1]
     * @return the energy with these variances: what {@link #variances()} and {@link #learningRate()} of another give,
     *         so that a configuration can be written and read back (as JSON)
     */
    public static PrecisionWeightedEnergy of(double[] variances, double learningRate) {
        if (variances.length == 0 || learningRate > 1) {
            throw new IllegalArgumentException("a precision-weighted energy needs at least one variance and a learning rate in "
                    + "[0, 1], got " + variances.length + " variances and " + learningRate);
        }
        return new PrecisionWeightedEnergy(variances, learningRate);
    }

    /** @return the variances' learning rate; 0 where they are fixed */
    public double learningRate() {
        return learningRate;
    }

    /** @return true if {@link #learn} moves the variances. */
    public boolean isLearnable() {
        return learningRate > 0;
    }

    /** @return a copy of the current variances (one entry for a single shared variance). */
    public double[] variances() {
        return variances.clone();
    }

    /** @return the precisions {@code 1/s} shaped to broadcast over {@code like} along dimension 1 */
    private INDArray precision(INDArray like) {
        INDArray p = cached;
        if (p == null || p.dataType() != like.dataType()) {
            double[] inv = new double[variances.length];
            for (int i = 0; i < inv.length; i++) {
                inv[i] = 1.0 / variances[i];
            }
            // kept across calls, so never in the caller's (scoped) workspace
            try (org.nd4j.linalg.api.memory.MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                p = Nd4j.createFromArray(inv).castTo(like.dataType());
            }
            cached = p;
        }
        if (p.length() == 1) {
            return p.reshape(ones(like.rank()));
        }
        if (like.size(1) != p.length()) {
            throw new IllegalArgumentException("this energy has " + p.length() + " variances, but the node has " + like.size(1)
                    + " features along dimension 1 (shape " + Arrays.toString(like.shape()) + ")");
        }
        long[] shape = ones(like.rank());
        shape[1] = p.length();
        return p.reshape(shape);
    }

    private static long[] ones(int rank) {
        long[] s = new long[rank];
        Arrays.fill(s, 1);
        return s;
    }

    @Override
    public double valueOfError(INDArray error) {
        return 0.5 * error.mul(error).muli(precision(error)).sumNumber().doubleValue();
    }

    @Override
    public INDArray gradientOfError(INDArray error) {
        return error.mul(precision(error));
    }

    /**
     * One gradient step of the variances on a node's error {@code eps = x - mu} (does nothing for fixed ones).
     *
     * @param error shaped like the node
     */
    public void learn(INDArray error) {
        if (!isLearnable()) {
            return;
        }
        int[] others = new int[error.rank() - 1];
        others[0] = 0;
        for (int d = 2; d < error.rank(); d++) {
            others[d - 1] = d;
        }
        double count = error.length() / (double) error.size(1);
        double[] meanSquare = variances.length == 1
                ? new double[] {error.mul(error).meanNumber().doubleValue()}
                : error.mul(error).sum(others).divi(count).toDoubleVector();
        for (int i = 0; i < variances.length; i++) {
            variances[i] = Math.max(MIN_VARIANCE, (1 - learningRate) * variances[i] + learningRate * meanSquare[i]);
        }
        cached = null;
    }

    @Override
    public String toString() {
        return "PrecisionWeightedEnergy" + (isLearnable() ? "(learnable, " : "(") + "variances " + Arrays.toString(variances) + ")";
    }
}
