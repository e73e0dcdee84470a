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
 * written per element type, costs about 1.3-1.6 ns per parameter on one core for a float32 network (vector instructions,
 * see the float pass) and saves the calls; it splits a long block over the cores ({@link Parts}; a float32 block from
 * 32,768 parameters on, {@link Parts#runVectorised}).
 *
 * <p>Per block, with {@code t} the network's iteration count, {@code lr} the config's rate at {@code (t, epoch)} and
 * {@code g} the gradient divided by the minibatch size (libnd4j's {@code adam_updater}, M2.1):
 * {@code m <- beta1 m + (1 - beta1) g}, {@code v <- beta2 v + (1 - beta2) g^2},
 * {@code u = m a / (sqrt(v) + epsilon)} with {@code a = lr sqrt(1 - beta2^(t+1)) / (1 - beta1^(t+1))} ({@code epsilon}
 * where that is NaN, infinite or 0), {@code params -= u}. The moments live where DL4J keeps them (the block's half of the
 * updater's state view: {@code m} first, then {@code v}) and the update is left in the gradient view, as DL4J leaves it,
 * so a later {@code net.fit}, a checkpoint or a listener sees the state DL4J's updater would have left. Arithmetic in
 * the network's type, as libnd4j's op computes it: for a float32 network the op's float operations in the op's order,
 * step multiplier included, so the result is DL4J's bit for bit ({@code FusedAdamTest}); a float64 network agrees with
 * it to double rounding (the gradient multiplied by {@code 1 / miniBatch} rather than divided). A large block
 * is split over the cores ({@link Parts}), as DL4J's op splits it over OpenMP's threads.
 */
final class FusedAdam {

    /** How many elements of each array the float32 pass copies to the heap at a time (16 KiB of scratch). */
    private static final int CHUNK = 1024;

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
            int n = block.getParamOffsetEnd() - block.getParamOffsetStart();
            Block b = new Block(config.getLearningRate(iteration, epoch), iteration, config.getBeta1(), config.getBeta2(), config.getEpsilon(),
                    miniBatch, block.getParamOffsetStart(), block.getUpdaterViewOffsetStart(), block.getUpdaterViewOffsetStart() + n);
            if (params.isSingle()) {
                Parts.runVectorised(n, (from, to) -> pass(b, params, gradients, state, from, to));
            } else {
                Parts.run(n, (from, to) -> pass(b, params, gradients, state, from, to));
            }
        }
    }

    /**
     * One updater block at one update: Adam's constants and where the block's parameters (and gradients) and moments are.
     *
     * @param rate      the learning rate at this update
     * @param iteration DL4J's {@code t}
     * @param params    the block's first parameter in the flat parameter (and gradient) view
     * @param m         its first {@code m} in the updater's state view
     * @param v         its first {@code v}
     */
    private record Block(double rate, int iteration, double beta1, double beta2, double epsilon, int miniBatch, int params, int m, int v) {

        /** @return the step multiplier {@code lr sqrt(1 - beta2^(t+1)) / (1 - beta1^(t+1))} in double, {@code epsilon} where that is not finite or 0 */
        double a() {
            double a = rate * Math.sqrt(1 - Math.pow(beta2, iteration + 1.0)) / (1 - Math.pow(beta1, iteration + 1.0));
            return !Double.isFinite(a) || a == 0 ? epsilon : a;
        }

        /**
         * @return the step multiplier as libnd4j's float32 op computes it: the constants rounded to float, their powers in
         *         float, {@code 1 - beta^(t+1)} in double, rounded to float for the square root, the product with the rate in
         *         float, the quotient in double rounded once
         */
        float singleA() {
            float beta1T = (float) Math.pow((float) beta1, (float) iteration + 1f);
            float beta2T = (float) Math.pow((float) beta2, (float) iteration + 1f);
            float a = (float) ((float) rate * (float) Math.sqrt((float) (1.0 - beta2T)) / (1.0 - beta1T));
            return !Float.isFinite(a) || a == 0 ? (float) epsilon : a;
        }
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

    /**
     * The float32 update in float arithmetic, as libnd4j's {@code adam_updater} computes it for a float32 network, over
     * heap copies of {@value #CHUNK} elements at a time: a loop over heap arrays in float arithmetic is one the JIT turns
     * into vector instructions (square roots and divisions 4-8 at a time), where a loop over direct buffers (or one that
     * converts to double) stays scalar (measured on this project's 2-core machine, copies included: 1.3-1.6 ns per
     * parameter against 16 for the double-arithmetic pass over the buffers).
     */
    private static void pass(Block b, FloatBuffer params, FloatBuffer gradients, FloatBuffer state, int from, int to) {
        float beta1 = (float) b.beta1();
        float beta2 = (float) b.beta2();
        float oneMinusBeta1 = 1 - beta1;
        float oneMinusBeta2 = 1 - beta2;
        float epsilon = (float) b.epsilon();
        float a = b.singleA();
        float miniBatch = b.miniBatch();
        int p0 = b.params();
        int m0 = b.m();
        int v0 = b.v();
        int chunk = Math.min(CHUNK, to - from);
        float[] g = new float[chunk];
        float[] m = new float[chunk];
        float[] v = new float[chunk];
        float[] p = new float[chunk];
        for (int start = from; start < to; start += chunk) {
            int n = Math.min(chunk, to - start);
            gradients.get(p0 + start, g, 0, n);
            state.get(m0 + start, m, 0, n);
            state.get(v0 + start, v, 0, n);
            params.get(p0 + start, p, 0, n);
            for (int i = 0; i < n; i++) {
                float gi = g[i] / miniBatch;
                float mi = beta1 * m[i] + gi * oneMinusBeta1;
                float vi = beta2 * v[i] + gi * gi * oneMinusBeta2;
                float update = mi * a / ((float) Math.sqrt(vi) + epsilon);
                m[i] = mi;
                v[i] = vi;
                g[i] = update;
                p[i] -= update;
            }
            gradients.put(p0 + start, g, 0, n);
            state.put(m0 + start, m, 0, n);
            state.put(v0 + start, v, 0, n);
            params.put(p0 + start, p, 0, n);
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
