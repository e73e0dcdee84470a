package org.pc4j.spark;

import java.io.Serializable;
import org.pc4j.trainers.PcTrainer;

/**
 * Makes the {@link PcTrainer} each worker trains with: a serialisable recipe, shipped to the executors with the job,
 * since a trainer (its listeners, its energies) is not itself serialisable. Typically a lambda:
 * {@code () -> PcTrainer.builder().schedule(Schedule.zil()).build()}.
 */
@FunctionalInterface
public interface TrainerFactory extends Serializable {

    /** @return a new trainer, the same on every call */
    PcTrainer create();
}
