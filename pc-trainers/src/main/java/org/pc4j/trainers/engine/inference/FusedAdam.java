package org.pc4j.trainers.engine.inference;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.List;
import org.deeplearning4j.nn.api.Trainable;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.pc4j.trainers.kernel.KernelVec;
import org.pc4j.trainers.kernel.Parts;

/**
 * DL4J's Adam update of a {@code MultiLayerNetwork} in one Java pass over each updater block, for the kernel path: what
 * {@code net.getUpdater().update(...)} followed by {@code params -= update} computes when every block's updater is
 * {@link Adam} and nothing else acts on the gradient (no regularisation, no gradient normalisation, every gradient divided
 * by the minibatch size). DL4J's own Adam op costs 0.64-0.9 ms on the small MLP's 55,050
 * parameters here (12-16 ns per parameter) plus a dozen ND4J calls (division, subtraction, bookkeeping); this pass,
 * written per element type over typed buffers, costs about 4.8 ns per parameter on one core (a scalar square root and
 * division each) and saves the calls; it splits a long block over the cores ({@link Parts}).
 *
 * <p>Per block, with {@code t} the network's iteration count, {@code lr} the config's rate at {@code (t, epoch)} and
 * {@code g} the gradient divided by the minibatch size (libnd4j's {@code adam_updater}, M2.1):
 * {@code m <- beta1 m + (1 - beta1) g}, {@code v <- beta2 v + (1 - beta2) g^2},
 * {@code u = m a / (sqrt(v) + epsilon)} with {@code a = lr sqrt(1 - beta2^(t+1)) / (1 - beta1^(t+1))} ({@code epsilon}
 * where that is NaN, infinite or 0), {@code params -= u}. The moments live where DL4J keeps them (the block's half of the
 * updater's state view: {@code m} first, then {@code v}) and the update is left in the gradient view, as DL4J leaves it,
 * so a later {@code net.fit}, a checkpoint or a listener sees the state DL4J's updater would have left. Arithmetic in
 * double, stored in the network's type: float32 networks agree with DL4J's float arithmetic to float rounding. A large block
 * is split over the cores ({@link Parts}), as DL4J's op splits it over OpenMP's threads.
 */
final class FusedAdam {

    private FusedAdam() {
    }

    /**
     * @return why the fused update does not apply to {@code net} (its updater is not Adam everywhere, or something else
     *         acts on the gradient), or null if it applies
     */
    static String unsupported(MultiLayerNetwork net) {
        if (!(net.getUpdater() instanceof BaseMultiLayerUpdater<?> updater)) {
            return "the network's updater is " + net.getUpdater();
        }
        if (!net.conf().isMiniBatch()) {
            return "the network does not divide its gradients by the minibatch size";
        }
        if (!contiguous(net.params()) || !contiguous(net.getFlattenedGradients()) || !contiguous(updater.getStateViewArray())) {
            return "its parameters, gradients or updater state are not contiguous";
        }
        for (UpdaterBlock block : updater.getUpdaterBlocks()) {
            GradientUpdater<?> u = block.getGradientUpdater();
            if (!(u instanceof AdamUpdater adam) || adam.getConfig().getClass() != Adam.class) {
                return "an updater block's updater is " + u.getConfig();
            }
            if (block.getUpdaterViewOffsetEnd() - block.getUpdaterViewOffsetStart() != 2L * (block.getParamOffsetEnd() - block.getParamOffsetStart())) {
                return "an Adam block's state is not two moments per parameter";
            }
            for (UpdaterBlock.ParamState p : block.getLayersAndVariablesInBlock()) {
                Trainable layer = p.getLayer();
                String name = p.getParamName();
                List<Regularization> regularization = layer.getConfig().getRegularizationByParam(name);
                GradientNormalization normalization = layer.getConfig().getGradientNormalization();
                if (regularization != null && !regularization.isEmpty()) {
                    return "parameter " + name + " of " + layer.getConfig().getLayerName() + " is regularised (" + regularization + ")";
                }
                if (normalization != null && normalization != GradientNormalization.None) {
                    return layer.getConfig().getLayerName() + " normalises its gradient (" + normalization + ")";
                }
                if (!layer.updaterDivideByMinibatch(name) || layer.getConfig().isPretrainParam(name)) {
                    return "parameter " + name + " of " + layer.getConfig().getLayerName() + " is not a plain gradient";
                }
            }
        }
        return null;
    }

    private static boolean contiguous(INDArray a) {
        return a != null && a.elementWiseStride() == 1 && (a.rank() <= 1 || a.rows() == 1 || a.columns() == 1);
    }

    /**
     * Applies the update to a network {@link #unsupported} accepts: moments, parameters and the gradient view as DL4J's
     * updater and {@code params -= update} leave them.
     *
     * @param miniBatch the batch size the gradients are divided by
     * @param iteration the network's iteration count (DL4J's {@code t})
     * @param epoch     the network's epoch count
     */
    static void apply(MultiLayerNetwork net, int miniBatch, int iteration, int epoch) {
        BaseMultiLayerUpdater<?> updater = (BaseMultiLayerUpdater<?>) net.getUpdater();
        KernelVec params = KernelVec.of(net.params());
        KernelVec gradients = KernelVec.of(net.getFlattenedGradients());
        KernelVec state = KernelVec.of(updater.getStateViewArray());
        for (UpdaterBlock block : updater.getUpdaterBlocks()) {
            Adam config = ((AdamUpdater) block.getGradientUpdater()).getConfig();
            double rate = config.getLearningRate(iteration, epoch);
            double a = rate * Math.sqrt(1 - Math.pow(config.getBeta2(), iteration + 1.0)) / (1 - Math.pow(config.getBeta1(), iteration + 1.0));
            int n = block.getParamOffsetEnd() - block.getParamOffsetStart();
            Block b = new Block(config.getBeta1(), config.getBeta2(), config.getEpsilon(), !Double.isFinite(a) || a == 0 ? config.getEpsilon() : a,
                    miniBatch, block.getParamOffsetStart(), block.getUpdaterViewOffsetStart(), block.getUpdaterViewOffsetStart() + n);
            Parts.run(n, (from, to) -> pass(b, params, gradients, state, from, to));
        }
    }

    /**
     * One updater block at one update: Adam's constants and where the block's parameters (and gradients) and moments are.
     *
     * @param a      the step multiplier {@code lr sqrt(1 - beta2^(t+1)) / (1 - beta1^(t+1))}
     * @param params the block's first parameter in the flat parameter (and gradient) view
     * @param m      its first {@code m} in the updater's state view
     * @param v      its first {@code v}
     */
    private record Block(double beta1, double beta2, double epsilon, double a, int miniBatch, int params, int m, int v) {
    }

    /**
     * The update of the block's elements {@code from} (inclusive) to {@code to}, in double, each stored in the network's
     * type; written once per type (see {@link DenseLoops}: over typed buffers the JIT needs no type test or indexer per
     * element).
     */
    private static void pass(Block b, KernelVec params, KernelVec gradients, KernelVec state, int from, int to) {
        if (params.isSingle()) {
            pass(b, params.floatBuffer(), gradients.floatBuffer(), state.floatBuffer(), from, to);
        } else {
            pass(b, params.doubleBuffer(), gradients.doubleBuffer(), state.doubleBuffer(), from, to);
        }
    }

    private static void pass(Block b, FloatBuffer params, FloatBuffer gradients, FloatBuffer state, int from, int to) {
        double beta1 = b.beta1();
        double beta2 = b.beta2();
        double epsilon = b.epsilon();
        double a = b.a();
        double perExample = 1.0 / b.miniBatch(); // a product, not DL4J's division: within a rounding of it, and a division less
        int p0 = b.params();
        int m0 = b.m();
        int v0 = b.v();
        for (int i = from; i < to; i++) {
            double g = gradients.get(p0 + i) * perExample;
            double m = beta1 * state.get(m0 + i) + g * (1 - beta1);
            double v = beta2 * state.get(v0 + i) + g * g * (1 - beta2);
            state.put(m0 + i, (float) m);
            state.put(v0 + i, (float) v);
            double update = m * a / (Math.sqrt(v) + epsilon);
            gradients.put(p0 + i, (float) update);
            params.put(p0 + i, (float) (params.get(p0 + i) - update));
        }
    }

    private static void pass(Block b, DoubleBuffer params, DoubleBuffer gradients, DoubleBuffer state, int from, int to) {
        double beta1 = b.beta1();
        double beta2 = b.beta2();
        double epsilon = b.epsilon();
        double a = b.a();
        double perExample = 1.0 / b.miniBatch();
        int p0 = b.params();
        int m0 = b.m();
        int v0 = b.v();
        for (int i = from; i < to; i++) {
            double g = gradients.get(p0 + i) * perExample;
            double m = beta1 * state.get(m0 + i) + g * (1 - beta1);
            double v = beta2 * state.get(v0 + i) + g * g * (1 - beta2);
            state.put(m0 + i, m);
            state.put(v0 + i, v);
            double update = m * a / (Math.sqrt(v) + epsilon);
            gradients.put(p0 + i, update);
            params.put(p0 + i, params.get(p0 + i) - update);
        }
    }
}
