/**
 * Training DL4J networks with predictive coding: {@link org.pc4j.trainers.PcTrainer} (a drop-in for
 * {@code net.fit}), the {@link org.pc4j.trainers.Schedule}s PC, iPC, Z-IL and Fa-Z-IL, value-node initialisation
 * ({@link org.pc4j.trainers.ValueInit}), per-batch results ({@link org.pc4j.trainers.BatchResult}), listeners
 * ({@link org.pc4j.trainers.PcListener}) and the exceptions with which bad networks, bad batches and diverging runs
 * are stopped.
 */
package org.pc4j.trainers;
