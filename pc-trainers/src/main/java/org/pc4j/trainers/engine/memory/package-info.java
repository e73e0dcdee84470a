/**
 * The memory inference runs in: per-step and per-batch ND4J workspaces
 * ({@link org.pc4j.trainers.engine.memory.StepMemory}), detached buffers reused from batch to batch
 * ({@link org.pc4j.trainers.engine.memory.BufferPool}), and dropout masks held fixed for a batch.
 */
package org.pc4j.trainers.engine.memory;
