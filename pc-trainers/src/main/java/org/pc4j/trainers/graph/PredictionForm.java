package org.pc4j.trainers.graph;

/**
 * Where a PC graph's activation sits in its predictions. With {@code x} the neurons' values ({@code [B, n]} row by row),
 * {@code W} the masked weights ({@code W_ij}: the weight of {@code j -> i}) and {@code f} the activation:
 */
public enum PredictionForm {
    /**
     * {@code mu = (W ⊙ M) f(x)}: each neuron predicts its targets through its own activity; the thesis' form (Salvatori,
     * "Learning and Memorization via Predictive Coding", DPhil thesis, Oxford 2022, ch. 5, Eq. 5.1) and the default.
     */
    WEIGHTED_ACTIVITIES,
    /**
     * {@code mu = f((W ⊙ M) x)}: the activation of the weighted sum, the form of a DL4J dense layer without bias; a
     * layered feed-forward graph in this form is pc4j's PC on the {@code MultiLayerNetwork} of those layers.
     */
    ACTIVATED_SUMS
}
