package org.pc4j.spark;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/** Minibatches as the workers take them: a {@link MultiDataSet} (one array per network input and output). */
final class Batches {

    private Batches() {
    }

    /** @return {@code batch} as a MultiDataSet of one features and one labels array, masks kept (no copy) */
    static MultiDataSet toMulti(DataSet batch) {
        return new org.nd4j.linalg.dataset.MultiDataSet(batch.getFeatures(), batch.getLabels(), batch.getFeaturesMaskArray(),
                batch.getLabelsMaskArray());
    }

    /** @return the examples in {@code batch}: the first features array's first dimension */
    static int examples(MultiDataSet batch) {
        return (int) batch.getFeatures(0).size(0);
    }
}
