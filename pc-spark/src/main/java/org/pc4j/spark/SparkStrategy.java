package org.pc4j.spark;

import java.util.Objects;
import org.pc4j.trainers.PcConfig;
import org.pc4j.trainers.Schedule;

/**
 * How {@link SparkPcTrainer} spreads training over the workers: one of three strategies, each a value. The PC
 * strategies carry the trainer's recipe, a {@link PcConfig}, which travels to the executors as its JSON
 * ({@link PcConfig#toJson()}): no serialised lambda or class of the user's is shipped.
 */
public sealed interface SparkStrategy permits SparkStrategy.GradientAveraging, SparkStrategy.ParameterAveraging, SparkStrategy.Backprop {

    /**
     * Synchronous <b>gradient averaging</b>: in each round every worker reads its batch's PC / Z-IL / Fa-Z-IL weight
     * gradient at the driver's parameters; the driver sums them and applies one step of the network's own updater on
     * the round's union batch (under Z-IL, exactly backprop on the union batch).
     *
     * @param config the workers' (and the driver's) recipe; iPC is refused: it updates the weights at every inference
     *               step, so a batch has no one gradient to average
     */
    record GradientAveraging(PcConfig config) implements SparkStrategy {
        public GradientAveraging {
            Objects.requireNonNull(config, "config");
            if (config.schedule().kind() == Schedule.Kind.IPC) {
                throw new IllegalArgumentException(config.schedule() + " updates the weights at every inference step, so a batch has no "
                        + "one gradient to average: use PC, Z-IL or Fa-Z-IL with gradient averaging, or parameter averaging");
            }
            config.toJson(); // refuses a recipe that cannot travel (an energy of the user's own class) here, not on a worker
        }
    }

    /**
     * <b>Parameter averaging</b>, as DL4J's {@code ParameterAveragingTrainingMaster}: every worker trains on its next
     * {@code every} batches from the driver's parameters, updater state and iteration counter (any schedule: iPC's
     * per-step updates stay local), and the driver takes the mean of their parameters and updater states.
     *
     * @param config the workers' recipe
     * @param every  batches each worker trains on between averagings, at least 1
     */
    record ParameterAveraging(PcConfig config, int every) implements SparkStrategy {
        public ParameterAveraging {
            Objects.requireNonNull(config, "config");
            if (every < 1) {
                throw new IllegalArgumentException("parameter averaging needs at least 1 batch per worker between averagings, got " + every);
            }
            config.toJson();
        }
    }

    /**
     * The <b>backprop baseline</b>: gradient averaging of DL4J's own backprop gradient ({@code computeGradientAndScore}
     * on each worker's batch), applied on the driver as one step on the round's union batch; what gradient averaging
     * with Z-IL computes (and equals), by DL4J's code path.
     */
    record Backprop() implements SparkStrategy {
    }

    /** @return {@link GradientAveraging} with this recipe */
    static SparkStrategy gradientAveraging(PcConfig config) {
        return new GradientAveraging(config);
    }

    /** @return {@link ParameterAveraging} with this recipe, averaging after every {@code every} batches */
    static SparkStrategy parameterAveraging(PcConfig config, int every) {
        return new ParameterAveraging(config, every);
    }

    /** @return the {@link Backprop} baseline */
    static SparkStrategy backprop() {
        return new Backprop();
    }
}
