package org.pc4j.zoo.models;

import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The options every zoo model has: the seed of its initial parameters, the weight optimiser it is configured with,
 * and the data type of its parameters.
 *
 * @param <B> the concrete builder
 */
public abstract class ModelBuilder<B extends ModelBuilder<B>> {

    long seed = 42;
    IUpdater updater;
    DataType dataType = DataType.FLOAT;

    ModelBuilder(IUpdater defaultUpdater) {
        this.updater = defaultUpdater;
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** The seed of the initial parameters (default 42). */
    public B seed(long seed) {
        this.seed = seed;
        return self();
    }

    /** The weight optimiser the network is configured with (use a model's {@code recommended(...)} recipe's). */
    public B updater(IUpdater updater) {
        this.updater = org.pc4j.trainers.updater.UpdaterRates.requireValid("the model's updater", Objects.requireNonNull(updater, "updater"));
        return self();
    }

    /** The parameters' data type (default float; double for exactness tests). */
    public B dataType(DataType dataType) {
        this.dataType = Objects.requireNonNull(dataType, "dataType");
        return self();
    }

    /** @return {@code value}, if it is at least {@code min} */
    static int atLeast(String what, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(what + " must be >= " + min + ", got " + value);
        }
        return value;
    }
}
