package org.pc4j.spark;

import java.io.Serializable;

/**
 * What a worker sends back after its batches of a parameter-averaging round: its parameters and updater state
 * ({@code Nd4j.toByteArray}; the state is null for an updater without state, such as SGD), the examples it trained on
 * and their loss summed over them, and its iteration counter after them (the round's start plus its weight updates:
 * one per batch, T per batch under iPC(T)).
 */
record WorkerParameters(byte[] params, byte[] updaterState, int examples, double lossSum, int iterations) implements Serializable {
}
