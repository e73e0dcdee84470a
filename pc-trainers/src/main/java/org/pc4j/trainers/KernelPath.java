package org.pc4j.trainers;

/**
 * Which implementation of inference a {@link PcTrainer} runs. Both compute the same algorithm: the kernel path's
 * values, energies and weight updates equal the general path's to rounding (docs/algorithms.md, "The kernel path").
 */
public enum KernelPath {
    /**
     * The kernel path wherever it covers the network, the configuration and the batch (a chain of dense layers with a
     * softmax cross-entropy output under PC(T) or iPC(T) on the CPU backend; see docs/algorithms.md), the general path
     * elsewhere. The default.
     */
    AUTO,
    /** Always the general path (every layer pc4j accepts, every schedule, listeners on every step). */
    GENERAL,
    /**
     * Always the kernel path: a network, configuration or batch it does not cover is refused with the reason, before
     * any work.
     */
    KERNEL
}
