package org.pc4j.layers.runtime;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Broadcasting helpers for arrays whose dimension 1 holds features: {@code [mb, n]} or {@code [mb, n, T]}. */
final class Features {

    private Features() {
    }

    /** @return a {@code [1, n]} parameter shaped to broadcast over {@code like} ({@code [1, n, 1]} for rank 3). */
    static INDArray alongFeatures(INDArray param, INDArray like) {
        return like.rank() == 3 ? param.reshape(1, param.length(), 1) : param.reshape(1, param.length());
    }

    /** @return the dimensions other than the features, over which a per-feature parameter's gradient is summed. */
    static int[] otherDims(INDArray like) {
        return like.rank() == 3 ? new int[] {0, 2} : new int[] {0};
    }

    /** @return a {@code [mb, T]} time-step mask shaped to broadcast over {@code [mb, n, T]}. */
    static INDArray timeMask(INDArray mask, INDArray like) {
        return mask.reshape(mask.size(0), 1, mask.size(1)).castTo(like.dataType());
    }
}
