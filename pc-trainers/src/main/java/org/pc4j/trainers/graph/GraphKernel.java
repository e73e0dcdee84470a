package org.pc4j.trainers.graph;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.pc4j.trainers.kernel.KernelVec;
import org.pc4j.trainers.kernel.PointwiseActivation;

/**
 * {@link ValueSteps} on buffers allocated once per batch size, with OpenBLAS's gemm called directly and each step's
 * elementwise work in one Java loop: the kernel path of a {@link PcGraph}. The same arithmetic as {@link GraphEnergy}
 * (its Javadoc states it), computed in double and stored in the graph's type, so the two paths agree to rounding
 * (double precision: 1e-12 relative, {@code GraphKernelTest}). Why: a step of a 2,000-neuron graph on 64 examples is
 * two {@code [64, 2000] x [2000, 2000]} products (about 9 ms each with OpenBLAS on two cores) and a dozen elementwise
 * operations on {@code [64, 2000]}; ND4J spends 0.1-1.5 ms of fixed cost and single-threaded transcendental work on
 * each of those, which made a step 3.4 times its products.
 *
 * <p>With {@code s} what the neurons send ({@code f(x)}, WEIGHTED_ACTIVITIES) or the sums {@code a = x W^T}
 * (ACTIVATED_SUMS), per element of the row-major {@code [B, n]} buffers:
 * <pre>
 *   energy: s = f(x); mu = s W^T          |  a = x W^T; mu = f(a)
 *           e = pi (x - mu); E = 1/(2B) sum (x - mu) e       |  and delta = e f'(a)
 *   step:   back = e W; g = e - f'(x) back |  back = delta W; g = e - back
 *           m = rate free g; x -= m   (m kept, to take back half of it: x += m/2, m /= 2)
 *   dE/dW = -(1/B) e^T f(x)                |  -(1/B) delta^T x
 * </pre>
 *
 * <p>An accelerated query ({@link GraphQuery#accelerated}) replaces the move by {@link NesterovRestart}'s: with
 * {@code p = x - m} the plain point and {@code s} the plain sequence, {@code d = p - s}, per example
 * {@code beta} from {@code sum m d} (restart where it is positive), {@code s <- p}, {@code x <- p + beta d}; the move kept
 * for taking back is {@code x_old - x}, and taking one back restarts every example.
 *
 * <p>Covers the CPU backend, float and double, both prediction forms, the activations of {@link PointwiseActivation},
 * any precisions; not the assemblies' top-k firing ({@link #unsupported}). Per graph; one thread.
 */
final class GraphKernel implements ValueSteps {

    private final int n;
    private final int batch;
    private final DataType type;
    private final PredictionForm form;
    private final PointwiseActivation f;
    /** pi per neuron, or null for 1. */
    private final double[] precision;
    /** f(x) (WEIGHTED_ACTIVITIES) or the sums a (ACTIVATED_SUMS). */
    private final KernelVec inner;
    private final KernelVec mu;
    private final KernelVec e;
    /** e ⊙ f'(a) (ACTIVATED_SUMS only). */
    private final KernelVec delta;
    private final KernelVec back;
    private final KernelVec move;
    private KernelVec x;
    private KernelVec free;
    private KernelVec weights;
    private ValueDescent descent;
    /** Accelerated queries only: the plain sequence x_k and its last difference (allocated on first use). */
    private KernelVec sequence;
    private KernelVec difference;
    private double[] uphill;
    /** The momentum of an accelerated query, or null for plain steps. */
    private NesterovRestart momentum;

    /** Buffers for batches of {@code batch} examples of a graph configured by {@code config}. */
    GraphKernel(GraphConfig config, int batch) {
        this.n = config.neurons();
        this.batch = batch;
        this.type = config.dataType();
        this.form = config.form();
        this.f = PointwiseActivation.of(config.activation().getActivationFunction());
        this.precision = config.precision();
        int size = Math.multiplyExact(batch, n);
        this.inner = KernelVec.allocate(type, size);
        this.mu = KernelVec.allocate(type, size);
        this.e = KernelVec.allocate(type, size);
        this.delta = form == PredictionForm.ACTIVATED_SUMS ? KernelVec.allocate(type, size) : null;
        this.back = KernelVec.allocate(type, size);
        this.move = KernelVec.allocate(type, size);
    }

    /**
     * @return why the kernel path cannot run a graph so configured, or null if it can: the CPU backend, an activation of
     *         {@link PointwiseActivation}, no top-k firing
     */
    static String unsupported(GraphConfig config) {
        if (!Nd4j.getBackend().getClass().getSimpleName().startsWith("Cpu")) {
            return "the ND4J backend is " + Nd4j.getBackend().getClass().getSimpleName() + ", not the CPU backend";
        }
        if (config.topK() != null) {
            return "the graph's neurons fire by a top-k rule (assemblies)";
        }
        if (PointwiseActivation.of(config.activation().getActivationFunction()) == null) {
            return "the activation is " + config.activation() + " (the kernel path computes tanh, sigmoid, relu and identity)";
        }
        return null;
    }

    /** @return the batch size these buffers hold */
    int batch() {
        return batch;
    }

    /**
     * Starts a batch or query on these buffers.
     *
     * @param x       the values, {@code [B, n]}, contiguous row-major, updated in place
     * @param free    1 where a neuron moves, 0 where it is fixed, {@code [B, n]}
     * @param weights     {@code [n, n]}, contiguous row-major
     * @param accelerated whether the steps carry Nesterov's momentum with per-example restart ({@link NesterovRestart})
     * @return this, ready for {@link #energy()}
     */
    GraphKernel bind(INDArray x, INDArray free, INDArray weights, double gamma, boolean control, boolean accelerated) {
        this.x = KernelVec.of(requireDense(x, "values"));
        this.free = KernelVec.of(requireDense(free, "free neurons"));
        this.weights = KernelVec.of(requireDense(weights, "weights"));
        this.descent = new ValueDescent(type, gamma, control);
        this.momentum = accelerated ? new NesterovRestart(batch) : null;
        if (accelerated) {
            if (sequence == null) {
                sequence = KernelVec.allocate(type, batch * n);
                difference = KernelVec.allocate(type, batch * n);
                uphill = new double[batch];
            }
            copy(this.x, sequence);
        }
        return this;
    }

    private void copy(KernelVec from, KernelVec to) {
        int size = batch * n;
        for (int i = 0; i < size; i++) {
            to.put(i, from.get(i));
        }
    }

    private INDArray requireDense(INDArray a, String what) {
        if (a.ordering() != 'c' || a.dataType() != type || a.isView() || a.elementWiseStride() != 1) {
            throw new IllegalStateException("the graph kernel needs the " + what + " as a contiguous row-major " + type + " array");
        }
        return a;
    }

    @Override
    public double energy() {
        int size = batch * n;
        double sum = 0;
        if (form == PredictionForm.WEIGHTED_ACTIVITIES) {
            for (int i = 0; i < size; i++) {
                inner.put(i, f.apply(x.get(i)));
            }
            KernelVec.gemm(false, true, batch, n, n, inner, n, weights, n, mu, n);
            for (int i = 0; i < size; i++) {
                double eps = x.get(i) - mu.get(i);
                double weighted = precision == null ? eps : eps * precision[i % n];
                e.put(i, weighted);
                sum += eps * weighted;
            }
        } else {
            KernelVec.gemm(false, true, batch, n, n, x, n, weights, n, inner, n);
            for (int i = 0; i < size; i++) {
                double a = inner.get(i);
                double m = f.apply(a);
                mu.put(i, m);
                double eps = x.get(i) - m;
                double weighted = precision == null ? eps : eps * precision[i % n];
                e.put(i, weighted);
                delta.put(i, weighted * f.derivative(a, m));
                sum += eps * weighted;
            }
        }
        return 0.5 * sum / batch;
    }

    @Override
    public boolean retake(double before, double after) {
        if (!descent.retake(before, after)) {
            return false;
        }
        int size = batch * n;
        for (int i = 0; i < size; i++) {
            double m = move.get(i) * 0.5;
            move.put(i, m);
            x.put(i, x.get(i) + m);
        }
        if (momentum != null) {
            momentum.restartAll(); // the halfway point starts a plain sequence
            copy(x, sequence);
        }
        return true;
    }

    @Override
    public void step() {
        if (momentum != null) {
            acceleratedStep();
            return;
        }
        int size = batch * n;
        double rate = descent.rate();
        if (form == PredictionForm.WEIGHTED_ACTIVITIES) {
            KernelVec.gemm(false, false, batch, n, n, e, n, weights, n, back, n);
            for (int i = 0; i < size; i++) {
                double xi = x.get(i);
                double g = (e.get(i) - f.derivative(xi, inner.get(i)) * back.get(i)) * free.get(i) * rate;
                move.put(i, g);
                x.put(i, xi - move.get(i));
            }
        } else {
            KernelVec.gemm(false, false, batch, n, n, delta, n, weights, n, back, n);
            for (int i = 0; i < size; i++) {
                double g = (e.get(i) - back.get(i)) * free.get(i) * rate;
                move.put(i, g);
                x.put(i, x.get(i) - move.get(i));
            }
        }
    }

    /** One step of {@link NesterovRestart}: the gradient at the values y, the plain point, the restart test, the extrapolation. */
    private void acceleratedStep() {
        double rate = descent.rate();
        boolean weighted = form == PredictionForm.WEIGHTED_ACTIVITIES;
        KernelVec.gemm(false, false, batch, n, n, weighted ? e : delta, n, weights, n, back, n);
        for (int b = 0; b < batch; b++) {
            double up = 0;
            for (int i = b * n, end = i + n; i < end; i++) {
                double yi = x.get(i);
                double grad = weighted ? e.get(i) - f.derivative(yi, inner.get(i)) * back.get(i) : e.get(i) - back.get(i);
                double g = grad * free.get(i) * rate;
                double plain = yi - g;
                double d = plain - sequence.get(i);
                up += g * d;
                difference.put(i, d);
                sequence.put(i, plain);
            }
            uphill[b] = up;
        }
        for (int b = 0; b < batch; b++) {
            double beta = momentum.beta(b, uphill[b]);
            for (int i = b * n, end = i + n; i < end; i++) {
                double next = sequence.get(i) + beta * difference.get(i);
                move.put(i, x.get(i) - next);
                x.put(i, next);
            }
        }
    }

    @Override
    public double rate() {
        return descent.rate();
    }

    @Override
    public void weightGradient(INDArray out) {
        KernelVec g = KernelVec.of(requireDense(out, "weight gradient"));
        KernelVec.gemm(true, false, n, n, batch, -1.0 / batch, form == PredictionForm.WEIGHTED_ACTIVITIES ? e : delta, n,
                form == PredictionForm.WEIGHTED_ACTIVITIES ? inner : x, n, g, n);
    }
}
