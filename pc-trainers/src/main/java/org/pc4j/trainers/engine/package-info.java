/**
 * The inference engine behind {@link org.pc4j.trainers.PcTrainer}; public for tests and benchmarks, not a stable
 * API. A {@link org.pc4j.trainers.engine.TrainingSession} holds what a training call needs across batches (the
 * network as a {@link org.pc4j.trainers.engine.PredictorGraph} of {@link org.pc4j.trainers.engine.Predictor}s,
 * reusable buffers and scratch memory, the bridge to the network's updater); a {@code BatchInference} runs one
 * batch for any schedule, computing only the layers whose error can be non-zero.
 */
package org.pc4j.trainers.engine;
