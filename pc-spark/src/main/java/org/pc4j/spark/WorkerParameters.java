package org.pc4j.spark;

import java.io.Serializable;

/**
 * What a worker sends back after its batches of a parameter-averaging round: its parameters and updater state
 * ({@code Nd4j.toByteArray}; the state is null for an updater without state, such as SGD), the examples it trained on
 * and their loss summed over them.
 */
record WorkerParameters(byte[] params, byte[] updaterState, int examples, double lossSum) implements Serializable {
}
