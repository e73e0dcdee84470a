/**
 * Generative predictive coding and associative memory (Salvatori, "Learning and Memorization via Predictive
 * Coding", DPhil thesis, Oxford 2022, ch. 4, Alg. 6-7; Salvatori et al., "Associative Memories via Predictive Coding",
 * NeurIPS 2021, arXiv:2109.08063): an ordinary DL4J network read top-down, whose output layer is the sensory layer
 * that holds the data and whose first layer is a {@link org.pc4j.trainers.generative.GenerativeNetworks#memoryLayer
 * memory layer} of free latent value nodes under a learnt prior. {@link org.pc4j.trainers.generative.AssociativeMemory}
 * stores patterns in it with iPC and recalls them from partial or corrupted keys by inference alone.
 */
package org.pc4j.trainers.generative;
