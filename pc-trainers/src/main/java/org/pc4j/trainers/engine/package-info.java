/**
 * The inference engine behind {@link org.pc4j.trainers.PcTrainer}: internal, not an API (nothing outside
 * pc-trainers imports it). A {@link org.pc4j.trainers.engine.TrainingSession} is one training call on one network:
 * the network's one view ({@code engine.network}), the {@code Engine} that infers and learns on each batch in named
 * parts ({@code engine.inference}), and the reusable memory they run in ({@code engine.memory}). The design and the
 * path of one batch are in docs/architecture.md.
 */
package org.pc4j.trainers.engine;
