package org.pc4j.layers.node;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.pc4j.layers.energy.Energy;
import org.nd4j.linalg.factory.Nd4j;
import org.pc4j.layers.energy.ErrorEnergy;

/**
 * The state of one free value node during the inference of one minibatch: its value {@code x}, the prediction
 * {@code mu = f(inputs; theta)} made by the layer that feeds it, and the node's {@link Energy} {@code E(x, mu)}.
 *
 * <p><b>Lazy values.</b> A node initialised by the forward pass holds {@code x = mu} exactly (the prediction error
 * is zero, docs/algorithms.md §3): it shares one array for both, so initialisation copies nothing and
 * {@link #isAtPrediction()} reports the exact-zero error without arithmetic. When such a node first moves by a step
 * {@code d} and its energy depends on the error alone ({@link ErrorEnergy}), the node keeps {@code x = mu - d}
 * unevaluated (with {@code d} itself if it stays valid for the batch, else a copy in the store): its energy and
 * gradients come from {@code d} directly (for Z-IL and Fa-Z-IL, the gradient it hands its layer is then exactly
 * backprop's, not rounded through {@code (mu - d) - mu}), and {@code x} is formed only if someone reads it. When
 * {@code x} is formed, or moves, or the prediction is replaced, {@code x} gets its own buffer from the
 * {@link ArrayStore}.
 *
 * <p>A node is per-batch state: a trainer creates one per value node per minibatch and drops it afterwards.
 * Not thread-safe.
 */
public final class ValueNode {

    private final String name;
    private final Energy energy;
    private final ArrayStore store;
    private INDArray prediction;
    /** x when it is at the prediction (same array) or formed; null while it is pending as {@code mu - drop}. */
    private INDArray value;
    /**
     * The one step taken from the prediction while {@code x = mu - drop} holds by construction (the value may have
     * been formed for readers meanwhile); null once the value moved again or the prediction changed.
     */
    private INDArray drop;
    /** True if {@code prediction} is the store's buffer (it may be overwritten), false if it was adopted. */
    private boolean predictionInStore;
    private long version;

    /**
     * @param name   the node's name, used for buffer slots and messages
     * @param energy the energy of this node
     * @param store  where {@code x} and {@code mu} live between inference steps
     */
    public ValueNode(String name, Energy energy, ArrayStore store) {
        this.name = Objects.requireNonNull(name, "name");
        this.energy = Objects.requireNonNull(energy, "energy");
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Sets the prediction {@code mu}. On the first call the value is initialised to it ({@code x = mu}); later calls
     * keep {@code x} and replace {@code mu}.
     *
     * @param mu     the new prediction, shaped like the node
     * @param stable true if {@code mu} stays valid until the batch ends (it is then used without a copy, and never
     *               written to); false if it lives in memory that the next inference step reuses (it is then copied
     *               into the store)
     */
    public void predict(INDArray mu, boolean stable) {
        formValue();
        drop = null;
        if (prediction != null && value == prediction) {
            value = store.copy(name + "/x", prediction);
        }
        boolean initialising = prediction == null;
        if (stable) {
            prediction = mu;
            predictionInStore = false;
        } else if (predictionInStore) {
            prediction.assign(mu);
        } else {
            prediction = store.copy(name + "/mu", mu);
            predictionInStore = true;
        }
        if (initialising) {
            value = prediction;
        }
        version++;
    }

    /**
     * Moves the value down a gradient: {@code x <- x - rate * gradient}, in place once {@code x} has its own buffer
     * (or the energy's own {@link Energy#step} where the node is constrained).
     *
     * @param gradient {@code dE/dx} of the total energy, shaped like the node; used as scratch space (overwritten
     *                 when {@code rate != 1}) and, if {@code stable}, possibly kept as the node's pending step
     * @param rate     the inference rate gamma
     * @param stable   true if {@code gradient} stays valid and unmodified until the batch ends
     */
    public void descend(INDArray gradient, double rate, boolean stable) {
        requirePrediction();
        if (!energy.euclidean()) {
            formValue();
            if (value == prediction) {
                value = store.copy(name + "/x", prediction);
            }
            energy.step(value, gradient, rate);
            version++;
            return;
        }
        INDArray step = rate == 1.0 ? gradient : gradient.muli(rate);
        if (isAtPrediction() && energy instanceof ErrorEnergy) {
            // the first step from the prediction stays exact: the error is -step itself, not (mu - step) - mu rounded
            drop = stable ? step : store.copy(name + "/drop", step);
            value = null;
        } else {
            formValue();
            drop = null;
            if (value == prediction) {
                value = prediction.sub(step, store.buffer(name + "/x", prediction));
            } else {
                value.subi(step);
            }
        }
        version++;
    }

    /**
     * Adds {@code delta} to the value (used to perturb the initial state in ablation studies).
     *
     * @param delta shaped like the node; not modified
     */
    public void shift(INDArray delta) {
        requirePrediction();
        formValue();
        drop = null;
        if (value == prediction) {
            value = store.copy(name + "/x", prediction);
        }
        value.addi(delta);
        version++;
    }

    /**
     * Sets every value to {@code c}: a fixed starting state, whatever the prediction.
     *
     * @throws IllegalStateException if the node's energy is not Euclidean (its values are constrained, e.g. to the
     *                               simplex, and {@code c} everywhere need not be a valid state)
     */
    public void fill(double c) {
        requirePrediction();
        if (!energy.euclidean()) {
            throw new IllegalStateException(name + " has a constrained energy (" + energy + "): its value cannot start at a constant");
        }
        ownValue().assign(c);
        version++;
    }

    /**
     * Sets the value to {@code x}: a given starting state (e.g. one an earlier inference reached), whatever the
     * prediction.
     *
     * @param x shaped like the node; copied, not kept
     * @throws IllegalArgumentException if {@code x} is not shaped like the node
     */
    public void assign(INDArray x) {
        requirePrediction();
        if (!java.util.Arrays.equals(x.shape(), prediction.shape())) {
            throw new IllegalArgumentException(name + " is " + java.util.Arrays.toString(prediction.shape()) + ", the value to start from is "
                    + java.util.Arrays.toString(x.shape()));
        }
        ownValue().assign(x);
        version++;
    }

    /** @return true while {@code x} is exactly the prediction, so that the node's error and energy are exactly zero. */
    public boolean isAtPrediction() {
        return value == prediction && drop == null;
    }

    /** @return the value {@code x} (formed now if it was pending); callers must not modify it. */
    public INDArray value() {
        requirePrediction();
        formValue();
        return value;
    }

    /** @return the prediction {@code mu}; callers must not modify it. */
    public INDArray prediction() {
        requirePrediction();
        return prediction;
    }

    /** @return the node's energy {@code E(x, mu)}, summed over the minibatch; exactly 0 at the prediction. */
    public double energy() {
        requirePrediction();
        if (isAtPrediction()) {
            return 0.0;
        }
        return drop != null ? ((ErrorEnergy) energy).valueOfDrop(drop) : energy.value(value, prediction);
    }

    /** @return {@code dE/dmu} of this node's energy, a new array. */
    public INDArray predictionGradient() {
        requirePrediction();
        return drop != null ? ((ErrorEnergy) energy).predictionGradientOfDrop(drop)
                : energy.gradientWrtPrediction(value, prediction);
    }

    /** @return {@code dE/dx} of this node's energy (the node's own error term), a new array. */
    public INDArray valueGradient() {
        requirePrediction();
        if (drop != null) {
            return ((ErrorEnergy) energy).addValueGradientOfDrop(drop, Nd4j.zerosLike(drop));
        }
        formValue();
        return energy.gradientWrtValue(value, prediction);
    }

    /**
     * Adds this node's own term of {@code dE/dx} to {@code accumulator} in place; nothing is added while the node is
     * at its prediction, where the term is exactly zero.
     *
     * @return {@code accumulator}
     */
    public INDArray addValueGradient(INDArray accumulator) {
        requirePrediction();
        if (isAtPrediction()) {
            return accumulator;
        }
        return drop != null ? ((ErrorEnergy) energy).addValueGradientOfDrop(drop, accumulator)
                : energy.addGradientWrtValue(value, prediction, accumulator);
    }

    /** @return a counter that changes whenever {@code x} or {@code mu} changes (to cache derived quantities). */
    public long version() {
        return version;
    }

    /** @return the node's energy function. */
    public Energy energyFunction() {
        return energy;
    }

    /** @return the node's name. */
    public String name() {
        return name;
    }

    /** Forms {@code x = mu - drop} for readers of the value; the drop stays the exact account of the error. */
    private void formValue() {
        if (value == null && drop != null) {
            value = prediction.sub(drop, store.buffer(name + "/x", prediction));
        }
    }

    /** @return the value's own buffer (allocated where the value is still the prediction), about to be overwritten whole */
    private INDArray ownValue() {
        drop = null;
        if (value == null || value == prediction) {
            value = store.buffer(name + "/x", prediction);
        }
        return value;
    }

    private void requirePrediction() {
        if (prediction == null) {
            throw new IllegalStateException("Value node " + name + " has no prediction yet: call predict(...) first");
        }
    }

    @Override
    public String toString() {
        return "ValueNode[" + name + ", " + energy + (prediction == null ? ", empty]" : ", " + (isAtPrediction() ? "at prediction]" : "moved]"));
    }
}
