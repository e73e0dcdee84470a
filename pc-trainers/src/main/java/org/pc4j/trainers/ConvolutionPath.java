package org.pc4j.trainers;

/**
 * How PC and iPC compute DL4J's 2-D convolutions ({@code ConvolutionLayer}, NCHW, without weight noise): DL4J's own
 * computation (im2col and one matrix product, which pc4j reproduces bit for bit) or libnd4j's {@code conv2d} and
 * {@code conv2d_bp} operations, which compute the same functions with the sums in another order (equal to rounding) and
 * which an ND4J build with oneDNN ({@code nd4j-native} classifier {@code linux-x86_64-onednn-avx2} or
 * {@code -onednn}) runs several times faster. Z-IL and Fa-Z-IL always use DL4J's computation: their equality with
 * {@code net.fit} is bit for bit. Convolutions the operations do not serve (NHWC, 1-D and 3-D, depthwise, separable,
 * transposed, with weight noise or a cache mode) keep DL4J's own computation on every path;
 * {@code PcSession.usesConvolutionOperations()} says whether any convolution took the operations.
 */
public enum ConvolutionPath {
    /**
     * libnd4j's operations for PC and iPC on a float32 network where the ND4J build has oneDNN (and ND4J's helpers are
     * allowed), DL4J's computation elsewhere (oneDNN computes float32; libnd4j's own operations are slower than im2col).
     * The default.
     */
    AUTO,
    /** DL4J's computation (im2col), for every schedule and build. */
    IM2COL,
    /**
     * libnd4j's operations for PC and iPC on any build (on the default build they are slower than im2col; for tests
     * and for builds where they are faster). Refused with Z-IL and Fa-Z-IL.
     */
    OPERATIONS
}
