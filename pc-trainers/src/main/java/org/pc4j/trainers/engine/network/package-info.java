/**
 * The network as the engine sees it: one {@link org.pc4j.trainers.engine.network.NetworkView} of predictors over value
 * nodes in topological order for a {@code MultiLayerNetwork} and a {@code ComputationGraph} alike, built and validated
 * once at the entry; the layer adapters (pc4j's built-ins and the {@link org.pc4j.trainers.spi.LayerAdapter} providers
 * on the class path) that run and check each layer; the rules every layer and vertex follows; batch validation; and
 * {@link org.pc4j.trainers.engine.network.TrainedNetwork}, the only place the two kinds of network are told apart.
 */
package org.pc4j.trainers.engine.network;
