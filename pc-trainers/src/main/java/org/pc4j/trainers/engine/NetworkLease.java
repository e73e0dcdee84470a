package org.pc4j.trainers.engine;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;

/**
 * One training call at a time per network. Two threads training the same network would interleave their value
 * nodes, gradient views and updater state and silently corrupt the parameters (DL4J's own {@code fit} serialises
 * such calls); pc4j refuses the second call instead, with an exception that says so. The same holds for a
 * listener that calls {@code fit} on the network it is listening to.
 *
 * <p>The set of networks in training is the only state shared between trainers: it holds a network only for the
 * duration of a call.
 */
final class NetworkLease implements AutoCloseable {

    private static final Map<Model, Thread> IN_TRAINING = Collections.synchronizedMap(new IdentityHashMap<>());

    private final Model model;

    private NetworkLease(Model model) {
        this.model = model;
    }

    /**
     * @throws IllegalStateException if the network is being trained by another call (on any thread)
     */
    static NetworkLease acquire(Model model) {
        Thread current = Thread.currentThread();
        Thread holder = IN_TRAINING.putIfAbsent(model, current);
        if (holder != null) {
            throw new IllegalStateException("This " + model.getClass().getSimpleName() + " is already being trained by "
                    + (holder == current ? "an unfinished call on this thread (a listener calling fit?)" : "thread '" + holder.getName() + "'")
                    + ": pc4j trains one call at a time per network, as two calls would corrupt its parameters. Wait for "
                    + "the other call to return, or train a copy (net.clone()).");
        }
        return new NetworkLease(model);
    }

    @Override
    public void close() {
        IN_TRAINING.remove(model);
    }
}
