/**
 * One minibatch's predictive-coding inference in named parts that share one per-batch state: value initialisation,
 * the wavefront (which layers have work), the forward passes, the energies, the backward sweep (messages and
 * gradients at one snapshot, Fa-Z-IL's gate), message delays, the value move with the inference-rate control, and the
 * weight step through the network's own updater; the {@code Plan} a schedule resolves to; the divergence guard and its
 * advice; the checks made before the first batch ({@link org.pc4j.trainers.engine.inference.Preflight}).
 */
package org.pc4j.trainers.engine.inference;
