package org.pc4j.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The two implementations {@code bench --conv-ops} times compute the same convolutions: on AlexNet-4's five Same-mode
 * convolutions (5 x 5 and 3 x 3 kernels, one to 24 channels, 28 x 28 down to 7 x 7), libnd4j's {@code conv2d} and
 * {@code conv2d_bp} with the bench's arguments give pc4j's general-path pre-activation, message and weight gradient, and
 * {@code deconv2d_tf} (pc4j's {@code PcConvolutionOps.message}) its message alone,
 * (bit-identical to DL4J's backprop) to double rounding, so the bench's times compare like with like.
 */
class ConvOpBenchTest {

    @Test
    void libnd4jsConvolutionOperationsGiveThePc4jGeneralPathsResultsInDouble() {
        double[] worst = ConvOpBench.agreement(4, 3, DataType.DOUBLE, 5);
        assertThat(worst[0]).as("pre-activation").isLessThan(1e-12);
        assertThat(worst[1]).as("message (input gradient)").isLessThan(1e-12);
        assertThat(worst[2]).as("weight gradient").isLessThan(1e-12);
        assertThat(worst[3]).as("message alone (deconv2d_tf)").isLessThan(1e-12);
    }

    @Test
    void aRunReportsEveryConvolutionWithItsProducts() {
        List<ConvOpBench.Row> rows = ConvOpBench.run(4, 2, 1, 5);
        assertThat(rows).hasSize(5);
        // 5x5, 1 -> 4 channels on 28 x 28, batch 2: 2 * 2 * 28 * 28 * 4 * 1 * 25 flops
        assertThat(rows.get(0).shape()).isEqualTo("5x5 1->4 on 28x28");
        assertThat(rows.get(0).gflop()).isEqualTo(2.0 * 2 * 28 * 28 * 4 * 25 / 1e9);
        assertThat(rows).allSatisfy(r -> assertThat(java.util.stream.DoubleStream.of(r.pc4jForward(), r.opForward(), r.pc4jMessage(), r.opMessage(),
                r.pc4jBackward(), r.opBackward())
                .allMatch(t -> t > 0)).as("%s: every time positive", r.shape()).isTrue());
        assertThat(ConvOpBench.oneDnn()).as("the default nd4j-native build (linux-x86_64) has no oneDNN").isFalse();
        assertThatThrownBy(() -> ConvOpBench.run(4, 0, 1, 5)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batch");
    }
}
