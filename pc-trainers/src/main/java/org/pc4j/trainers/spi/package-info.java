/**
 * The extension point for layer kinds: a {@link org.pc4j.trainers.spi.LayerAdapter} tells the engine what it needs to
 * know about one kind of DL4J layer (its checks, its forward pass and local backprop, which caches its backprop
 * consumes, the energy of its node, its per-batch state). pc4j's own adapters cover DL4J's supported layers; a user
 * trains a custom DL4J layer by registering an adapter for it as a {@link java.util.ServiceLoader} provider, in
 * {@code META-INF/services/org.pc4j.trainers.spi.LayerAdapter}.
 */
package org.pc4j.trainers.spi;
