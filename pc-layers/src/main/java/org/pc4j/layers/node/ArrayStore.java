package org.pc4j.layers.node;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where value nodes keep the arrays that must outlive one inference step (the value {@code x} and the prediction
 * {@code mu}). A trainer backs it with detached buffers that are reused from one minibatch to the next, so that a
 * long run does not allocate per step or per batch.
 */
public interface ArrayStore {

    /**
     * @param slot a name unique to the owner of the array (for example {@code "layer 2/x"})
     * @param like the shape, order and data type wanted
     * @return a detached array shaped like {@code like} with undefined contents, belonging to {@code slot}: the next
     *         call for the same slot may return the same array
     */
    INDArray buffer(String slot, INDArray like);

    /**
     * @param slot   a name unique to the owner of the array (for example {@code "layer 2/x"})
     * @param source the contents to copy
     * @return a detached array with the shape, order and data type of {@code source}, holding a copy of it. The array
     *         belongs to {@code slot}: the next call for the same slot may return the same array.
     */
    default INDArray copy(String slot, INDArray source) {
        return buffer(slot, source).assign(source);
    }
}
