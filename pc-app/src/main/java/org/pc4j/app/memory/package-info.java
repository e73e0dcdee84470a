/**
 * {@code pc4j memory}: associative memories side by side. A generative PC network
 * ({@link org.pc4j.trainers.generative.AssociativeMemory}) and its baselines, a modern Hopfield network, a classic
 * binary Hopfield network and an autoencoder trained by backprop, store the same images and recall them from the same
 * keys; the report shows the recalled images and the counts at the thesis' criteria.
 */
package org.pc4j.app.memory;
