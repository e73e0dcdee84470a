package org.pc4j.zoo.models;

import java.util.Objects;
import org.nd4j.linalg.learning.config.IUpdater;
import org.pc4j.trainers.PcTrainer;
import org.pc4j.trainers.Schedule;

/**
 * A recommended way to train a zoo model with one schedule: the schedule, the value-node rate gamma, the weight
 * optimiser and the batch size, with where they come from (a paper's reported setting, or pc4j's own choice where
 * the papers leave a gap, said as such).
 *
 * @param schedule      the PC schedule
 * @param inferenceRate gamma
 * @param updater       the weight optimiser the network should be configured with
 * @param batchSize     examples per batch
 * @param source        where the numbers come from
 */
public record PcRecipe(Schedule schedule, double inferenceRate, IUpdater updater, int batchSize, String source) {

    public PcRecipe {
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(updater, "updater");
        Objects.requireNonNull(source, "source");
        if (!(inferenceRate > 0) || batchSize < 1) {
            throw new IllegalArgumentException("a recipe needs gamma > 0 and batchSize >= 1");
        }
    }

    /** @return a trainer with this recipe's schedule and rate */
    public PcTrainer trainer() {
        return PcTrainer.builder().schedule(schedule).inferenceRate(inferenceRate).build();
    }
}
