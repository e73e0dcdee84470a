package org.pc4j.trainers.engine.memory;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A layer's dropout held fixed for one batch: the first forward pass of the batch draws the mask with the layer's
 * own {@link IDropout} (so it consumes the random stream exactly as {@code net.fit} would), and every later forward
 * and backward pass of the batch reuses it. Without this, every inference step would draw a new mask and the
 * energy being minimised would change from step to step.
 *
 * <p>Works for dropout types whose effect is multiplicative, {@code out = in * m} ({@code Dropout},
 * {@code GaussianDropout}, {@code SpatialDropout}): the mask is obtained by applying the layer's dropout to ones.
 * It never writes into its input (DL4J allows layers to drop out in place; value nodes must not change).
 * Installed on a layer's configuration for one batch only.
 */
public final class FrozenMaskDropout implements IDropout {
    private static final long serialVersionUID = 1L;

    private final IDropout delegate;
    private final transient BufferPool pool;
    private final String slot;
    private transient INDArray mask;

    FrozenMaskDropout(IDropout delegate, BufferPool pool, String slot) {
        this.delegate = delegate;
        this.pool = pool;
        this.slot = slot;
    }

    IDropout delegate() {
        return delegate;
    }

    /** @return the batch's mask (null before the batch's first forward pass). */
    public INDArray mask() {
        return mask;
    }

    @Override
    public INDArray applyDropout(INDArray input, INDArray result, int iteration, int epoch, LayerWorkspaceMgr mgr) {
        if (mask == null || !Arrays.equals(mask.shape(), input.shape())) {
            INDArray ones = pool.buffer(slot, input.dataType(), input.shape(), input.ordering()).assign(1.0);
            INDArray drawn = delegate.applyDropout(ones, ones, iteration, epoch, mgr);
            if (drawn != ones) {
                ones.assign(drawn);
            }
            mask = ones;
        }
        INDArray out = mgr.createUninitialized(ArrayType.INPUT, input.dataType(), input.shape(), input.ordering());
        Nd4j.getExecutioner().exec(new MulOp(input, mask, out));
        return out;
    }

    @Override
    public INDArray backprop(INDArray gradAtOutput, INDArray gradAtInput, int iteration, int epoch) {
        Nd4j.getExecutioner().exec(new MulOp(gradAtOutput, mask, gradAtInput));
        return gradAtInput;
    }

    @Override
    public void clear() {
        // the mask lives for the whole batch
    }

    @Override
    public IDropout clone() {
        return new FrozenMaskDropout(delegate.clone(), pool, slot);
    }
}
