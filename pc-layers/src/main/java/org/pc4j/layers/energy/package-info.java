/**
 * Energies of predictive-coding value nodes: {@link org.pc4j.layers.energy.Energy} {@code E(x, mu)} of a node's value
 * {@code x} against its prediction {@code mu}, with its gradients; {@link org.pc4j.layers.energy.ErrorEnergy} for
 * energies of the error {@code x - mu} alone; {@link org.pc4j.layers.energy.GaussianEnergy}, the energy of classic PC.
 */
package org.pc4j.layers.energy;
