package org.pc4j.trainers.engine.inference;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.pc4j.layers.energy.Energy;
import org.pc4j.layers.energy.GaussianEnergy;
import org.pc4j.trainers.BatchResult;
import org.pc4j.trainers.PcConfig;
import org.pc4j.trainers.PcListener;
import org.pc4j.trainers.Schedule;
import org.pc4j.trainers.ValueInit;
import org.pc4j.trainers.ValueOptimizer;
import org.pc4j.trainers.engine.memory.StepMemory;
import org.pc4j.trainers.engine.network.BatchValidation;
import org.pc4j.trainers.engine.network.NetworkView;
import org.pc4j.trainers.kernel.KernelVec;
import org.pc4j.trainers.kernel.PointwiseActivation;

/**
 * The kernel path: PC(T) and iPC(T) on a chain of dense layers with a softmax cross-entropy output, computed on
 * buffers allocated once per batch size, with OpenBLAS called directly for the products and each layer's elementwise
 * work (prediction, error, energy, the activation's derivative, the value move) in three Java passes ({@link DenseLoops},
 * written per element type): about five
 * native calls per layer and step where the general path makes dozens of ND4J calls, whose fixed cost dominates on
 * small layers. Everything else is the general path's: the energies, the inference-rate control
 * ({@link InferenceRateControl}), the divergence guard, and the weight update through the network's own DL4J updater
 * ({@link WeightUpdate}), so the two paths agree to rounding (double precision: 1e-12 relative; the agreement tests).
 *
 * <p>For layer {@code l} ({@code 0 .. L-1}) with input {@code h_{l-1}} ({@code h_{-1}} the clamped features,
 * {@code h_l = x_l} the value node of a hidden layer) and row-major {@code [B, n]} arrays: {@code z_l = h_{l-1} W_l + b_l},
 * {@code mu_l = f_l(z_l)}, {@code e_l = x_l - mu_l}, {@code delta_l = -e_l * f'_l(z_l)} for a hidden layer and
 * {@code delta_{L-1} = softmax(z_{L-1}) - y} for the output; the energy is {@code sum_l 1/2 ||e_l||^2} plus DL4J's
 * summed MCXENT loss; a value step is {@code x_l -= rate (e_l + delta_{l+1} W_{l+1}^T)}, all layers from one
 * snapshot; a layer's weight gradient is {@code h_{l-1}^T delta_l} and its bias gradient {@code sum_b delta_l}, summed
 * over the batch as DL4J's backprop leaves them (the updater divides by B). DL4J stores {@code W_l} {@code [nIn, nOut]}
 * in column order, which is {@code W_l^T} in row order: the products take it transposed where the formulas do not.
 *
 * <p>Its loops run on the calling thread: splitting them over the cores (as the fused Adam's pass is) gained nothing
 * measurable on a {@code [256, 1024]} layer and cost PC graphs' steps a few percent, the second core's time going to
 * OpenBLAS's threads between products. It runs where {@link #unsupported} finds nothing against it; the rest of pc4j runs on the general path
 * ({@link BatchInference}). Per training session; one thread.
 */
final class DenseKernel {

    private final NetworkView view;
    private final PcConfig config;
    private final WeightUpdate update;
    private final DivergenceGuard guard;
    private final InferenceRateControl rateControl;
    private final StepMemory memory;
    private final boolean traces;
    private final int layers;
    private final int[] width;
    private final PointwiseActivation[] activation;
    private final double clip;
    private final DataType type;
    /** The float32 loops' heap arrays, reused by every pass. */
    private final DenseLoops.Scratch scratch = new DenseLoops.Scratch();
    /** One output row's {@code exp(z - max)}, computed once and read twice by {@link #softmaxCrossEntropy}. */
    private double[] softmaxRow = new double[0];
    /** Per batch size: z, mu, x, e, delta and the messages of every layer (the output's mu, x and e unused). */
    private int batchSize = -1;
    private KernelVec[] z;
    private KernelVec[] mu;
    private KernelVec[] x;
    private KernelVec[] e;
    private KernelVec[] delta;
    private KernelVec[] message;

    /**
     * @param traces true to return every node's energy at every step
     * @throws IllegalArgumentException if {@link #unsupported} finds a reason
     */
    DenseKernel(NetworkView view, PcConfig config, Energy[] energies, List<PcListener> listeners, WeightUpdate update,
                DivergenceGuard guard, InferenceRateControl rateControl, StepMemory memory, boolean traces) {
        String reason = unsupported(view, config, energies, listeners);
        if (reason != null) {
            throw new IllegalArgumentException("the kernel path does not run this network: " + reason);
        }
        this.view = view;
        this.config = config;
        this.update = update;
        this.guard = guard;
        this.rateControl = rateControl;
        this.memory = memory;
        this.traces = traces;
        MultiLayerNetwork net = (MultiLayerNetwork) view.network().model();
        this.layers = net.getnLayers();
        this.width = new int[layers + 1];
        this.activation = new PointwiseActivation[layers];
        for (int l = 0; l < layers; l++) {
            org.deeplearning4j.nn.conf.layers.FeedForwardLayer conf = (org.deeplearning4j.nn.conf.layers.FeedForwardLayer) net.getLayer(l).conf().getLayer();
            width[l] = (int) conf.getNIn();
            width[l + 1] = (int) conf.getNOut();
            activation[l] = l < layers - 1 ? PointwiseActivation.of(conf.getActivationFn()) : null;
        }
        this.clip = ((LossMCXENT) ((OutputLayer) net.getLayer(layers - 1).conf().getLayer()).getLossFn()).getSoftmaxClipEps();
        this.type = net.params().dataType();
    }

    /**
     * @return why the kernel path cannot run this network and configuration, or null if it can: a
     *         {@code MultiLayerNetwork} of {@code DenseLayer}s (tanh, sigmoid, ReLU or identity; with bias; no dropout,
     *         weight noise or layer normalisation) ending in an {@code OutputLayer} of softmax and unweighted MCXENT, no
     *         input preprocessor, float32 or float64 on ND4J's CPU backend; PC(T) or iPC(T) without an early stop,
     *         forward-pass initialisation, plain gradient steps on the values, Gaussian energies, no {@link PcListener}
     */
    static String unsupported(NetworkView view, PcConfig config, Energy[] energies, List<PcListener> listeners) {
        if (!Nd4j.getBackend().getClass().getSimpleName().startsWith("Cpu")) {
            return "the ND4J backend is " + Nd4j.getBackend().getClass().getSimpleName() + ", not the CPU backend";
        }
        if (!(view.network().model() instanceof MultiLayerNetwork net)) {
            return "it is not a MultiLayerNetwork";
        }
        Schedule s = config.schedule();
        if (!(s.kind() == Schedule.Kind.PC || s.kind() == Schedule.Kind.IPC) || s.convergenceTolerance() != 0) {
            return "the schedule is " + s + " (the kernel path runs pc(T) and ipc(T) without an early stop)";
        }
        if (!(config.valueInit() instanceof ValueInit.ForwardPass)) {
            return "the value initialisation is " + config.valueInit() + ", not the forward pass";
        }
        if (!(config.valueOptimizer() instanceof ValueOptimizer.GradientDescent)) {
            return "the value optimiser is " + config.valueOptimizer() + ", not plain gradient steps";
        }
        if (!listeners.isEmpty()) {
            return "PcListeners see every inference step's value nodes as ND4J arrays";
        }
        if (!net.getLayerWiseConfigurations().getInputPreProcessors().isEmpty()) {
            return "it has input preprocessors";
        }
        DataType type = net.params().dataType();
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            return "its parameters are " + type + " (the kernel path computes in FLOAT or DOUBLE)";
        }
        int n = net.getnLayers();
        for (int l = 0; l < n; l++) {
            Layer layer = net.getLayer(l);
            org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
            String where = "layer " + l + " (" + conf.getClass().getSimpleName() + ")";
            boolean last = l == n - 1;
            if (last ? conf.getClass() != OutputLayer.class : conf.getClass() != DenseLayer.class) {
                return where + " is not " + (last ? "an OutputLayer" : "a DenseLayer");
            }
            org.deeplearning4j.nn.conf.layers.BaseLayer base = (org.deeplearning4j.nn.conf.layers.BaseLayer) conf;
            if (base.getIDropout() != null || base.getWeightNoise() != null) {
                return where + " has dropout or weight noise";
            }
            if (last) {
                OutputLayer o = (OutputLayer) conf;
                if (!(o.getActivationFn() instanceof ActivationSoftmax) || !(o.getLossFn() instanceof LossMCXENT loss)
                        || loss.getWeights() != null || !o.hasBias()) {
                    return where + " is not softmax with unweighted MCXENT and a bias";
                }
            } else {
                DenseLayer d = (DenseLayer) conf;
                if (!d.hasBias() || d.hasLayerNorm() || PointwiseActivation.of(d.getActivationFn()) == null) {
                    return where + " has no bias, layer normalisation, or the activation " + d.getActivationFn()
                            + " (the kernel path computes tanh, sigmoid, relu and identity)";
                }
                if (energies[l] != GaussianEnergy.INSTANCE) {
                    return "the energy of " + where + " is " + energies[l] + ", not the Gaussian";
                }
            }
            INDArray w = layer.getParam("W");
            if (w.ordering() != 'f' || w.elementWiseStride() != 1 || layer.getGradientsViewArray() == null) {
                return where + " does not hold its weights as DL4J's dense layers do";
            }
        }
        return null;
    }

    /** @return why the kernel path cannot take this batch (masks, more than one input), or null if it can */
    static String unsupported(MultiDataSet batch) {
        if (batch.getFeatures().length != 1 || batch.getLabels() == null || batch.getLabels().length != 1) {
            return "the batch has " + batch.getFeatures().length + " feature and " + (batch.getLabels() == null ? 0 : batch.getLabels().length)
                    + " label arrays";
        }
        if (batch.getFeaturesMaskArrays() != null && Arrays.stream(batch.getFeaturesMaskArrays()).anyMatch(m -> m != null)
                || batch.getLabelsMaskArrays() != null && Arrays.stream(batch.getLabelsMaskArrays()).anyMatch(m -> m != null)) {
            return "the batch has masks";
        }
        if (batch.getFeatures(0).rank() != 2 || batch.getLabels(0).rank() != 2) {
            return "the batch's features or labels are not [batch, n]";
        }
        return null;
    }

    /**
     * Infers and learns on one validated batch, as the general path would.
     *
     * @return the batch's energies, or null if this kernel does not trace them
     * @throws org.pc4j.trainers.DivergenceException if the run diverges; the update of the diverging step is not applied
     */
    BatchResult run(MultiDataSet batch) {
        MultiLayerNetwork net = (MultiLayerNetwork) view.network().model();
        INDArray features = contiguous(batch.getFeatures(0));
        INDArray labels = contiguous(batch.getLabels(0));
        int b = (int) features.size(0);
        allocate(b);
        KernelVec in = KernelVec.of(features);
        KernelVec y = KernelVec.of(labels);
        KernelVec[] w = new KernelVec[layers];
        KernelVec[] bias = new KernelVec[layers];
        for (int l = 0; l < layers; l++) {
            w[l] = KernelVec.of(net.getLayer(l).getParam("W"));
            bias[l] = KernelVec.of(net.getLayer(l).getParam("b"));
        }
        Schedule schedule = config.schedule();
        boolean incremental = schedule.kind() == Schedule.Kind.IPC;
        int steps = StepRules.steps(schedule, view.depth());
        double gamma = config.inferenceRate();
        double rate = gamma;
        boolean control = config.inferenceRateControl();
        double[][] trace = new double[steps][];
        double[] totals = new double[steps];
        double initialLoss = 0;
        int updates = 0;
        for (int l = 0; l < layers; l++) {
            predict(l, l == 0 ? in : x[l - 1], w[l], bias[l], b);
            if (l < layers - 1) {
                DenseLoops.copy(mu[l], x[l], b * width[l + 1]);
            }
        }
        for (int s = 0; s < steps; s++) {
            if (s > 0) {
                // under PC the first layer's input (the clamped features) and weights are fixed; under iPC its weights moved
                for (int l = incremental ? 0 : 1; l < layers; l++) {
                    predict(l, l == 0 ? in : x[l - 1], w[l], bias[l], b);
                }
            }
            double[] energies = errors(y, b);
            double total = Arrays.stream(energies).sum();
            totals[s] = total;
            if (s == 0) {
                initialLoss = energies[layers - 1];
            }
            if (traces) {
                trace[s] = energies;
            }
            if (!Double.isFinite(total)) {
                BatchValidation.requireFiniteData(batch);
            }
            if (s > 0 && total > totals[s - 1] * (1 + InferenceRateControl.TOLERANCE) && control && rate > gamma * InferenceRateControl.FLOOR) {
                rateControl.halved(schedule, gamma, rate, rate / 2, s, totals[s - 1], total, view.network().iteration());
                rate /= 2;
            }
            guard.check(s, energies, totals[0], batch, view, schedule, gamma);
            boolean learns = incremental || s == steps - 1;
            if (learns) {
                gradients(net, in, b);
            }
            if (s < steps - 1) {
                move(w, rate, b);
            }
            if (learns) {
                if (!update.gradientIsFinite()) {
                    BatchValidation.requireFiniteData(batch);
                    throw update.divergence(s, schedule, gamma, batch);
                }
                update.apply(b, initialLoss / b, memory.updaterMgr(), true);
                updates++;
            }
        }
        return traces ? new BatchResult(schedule, view.descriptions(), trace, updates, Optional.empty()) : null;
    }

    private INDArray contiguous(INDArray a) {
        INDArray typed = a.dataType() == type ? a : a.castTo(type);
        return typed.ordering() == 'c' && typed.elementWiseStride() == 1 && !typed.isView() ? typed : typed.dup('c');
    }

    private void allocate(int b) {
        if (b == batchSize) {
            return;
        }
        z = new KernelVec[layers];
        mu = new KernelVec[layers];
        x = new KernelVec[layers];
        e = new KernelVec[layers];
        delta = new KernelVec[layers];
        message = new KernelVec[layers];
        for (int l = 0; l < layers; l++) {
            int n = b * width[l + 1];
            z[l] = KernelVec.allocate(type, n);
            delta[l] = KernelVec.allocate(type, n);
            if (l < layers - 1) {
                mu[l] = KernelVec.allocate(type, n);
                x[l] = KernelVec.allocate(type, n);
                e[l] = KernelVec.allocate(type, n);
                message[l] = KernelVec.allocate(type, n);
            }
        }
        batchSize = b;
    }

    /** {@code z_l = h W_l + b_l} and, for a hidden layer, {@code mu_l = f(z_l)}: one product and one pass. */
    private void predict(int l, KernelVec h, KernelVec w, KernelVec bias, int b) {
        int nIn = width[l];
        int nOut = width[l + 1];
        KernelVec.gemm(false, true, b, nOut, nIn, h, nIn, w, nIn, z[l], nOut);
        DenseLoops.addBiasAndActivate(z[l], bias, mu[l], activation[l], b, nOut, scratch);
    }

    /**
     * The errors, deltas and energies at the current snapshot: one pass per layer.
     *
     * @return every node's energy in network order, the output's last (DL4J's summed loss)
     */
    private double[] errors(KernelVec y, int b) {
        double[] energies = new double[layers];
        for (int l = 0; l < layers - 1; l++) {
            energies[l] = DenseLoops.errors(x[l], mu[l], z[l], e[l], delta[l], activation[l], b * width[l + 1], scratch);
        }
        energies[layers - 1] = softmaxCrossEntropy(y, b);
        return energies;
    }

    /** {@code delta = softmax(z) - y} of the output layer; @return DL4J's summed MCXENT, its output clipped to [eps, 1 - eps] */
    private double softmaxCrossEntropy(KernelVec y, int b) {
        int out = layers - 1;
        int n = width[layers];
        KernelVec zl = z[out];
        KernelVec d = delta[out];
        if (softmaxRow.length != n) {
            softmaxRow = new double[n];
        }
        double[] ex = softmaxRow;
        double loss = 0;
        for (int i = 0; i < b; i++) {
            int row = i * n;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                max = Math.max(max, zl.get(row + j));
            }
            double sum = 0;
            for (int j = 0; j < n; j++) {
                ex[j] = Math.exp(zl.get(row + j) - max);
                sum += ex[j];
            }
            for (int j = 0; j < n; j++) {
                double p = ex[j] / sum;
                double label = y.get(row + j);
                d.put(row + j, p - label);
                if (label != 0) {
                    loss -= label * Math.log(clip > 0 ? Math.min(Math.max(p, clip), 1 - clip) : p);
                }
            }
        }
        return loss;
    }

    /** Every layer's weight and bias gradient at this snapshot, into DL4J's gradient view ({@code W} then {@code b}). */
    private void gradients(MultiLayerNetwork net, KernelVec in, int b) {
        for (int l = 0; l < layers; l++) {
            int nIn = width[l];
            int nOut = width[l + 1];
            INDArray view = net.getLayer(l).getGradientsViewArray();
            KernelVec g = KernelVec.of(view);
            // column-order [nIn, nOut] = row-order [nOut, nIn] = delta^T h
            KernelVec.gemm(true, false, nOut, nIn, b, delta[l], nOut, l == 0 ? in : x[l - 1], nIn, g, nIn);
            DenseLoops.columnSums(delta[l], g, nIn * nOut, b, nOut, scratch);
        }
    }

    /** {@code x_l -= rate (e_l + delta_{l+1} W_{l+1}^T)} for every hidden layer, every message from the same snapshot. */
    private void move(KernelVec[] w, double rate, int b) {
        for (int l = 0; l < layers - 1; l++) {
            KernelVec.gemm(false, false, b, width[l + 1], width[l + 2], delta[l + 1], width[l + 2], w[l + 1], width[l + 1], message[l], width[l + 1]);
        }
        for (int l = 0; l < layers - 1; l++) {
            DenseLoops.move(x[l], e[l], message[l], rate, b * width[l + 1], scratch);
        }
    }
}
