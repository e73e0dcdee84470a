package org.pc4j.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pc4j.app.bench.ProductFloor.Product;

/**
 * {@link ProductFloor}'s counts against the kernel path's loop written out by hand (a 4-3-2 network, batch 5), the
 * wide MLP's PC(20) update against the 44 GFLOP worked out in docs/benchmarks.md, and bad input.
 */
class ProductFloorTest {

    private static final Product PREDICT_0 = new Product(false, true, 5, 3, 4);
    private static final Product PREDICT_1 = new Product(false, true, 5, 2, 3);
    private static final Product MESSAGE_0 = new Product(false, false, 5, 3, 2);
    private static final Product GRADIENT_0 = new Product(true, false, 3, 4, 5);
    private static final Product GRADIENT_1 = new Product(true, false, 2, 3, 5);

    @Test
    void pcPredictsTheFirstLayerOnceTheOthersEveryStepSendsMessagesAtAllButTheLastStepAndTakesOneGradient() {
        assertThat(ProductFloor.counts(new int[] {4, 3, 2}, 5, "pc", 3)).isEqualTo(Map.of(
                PREDICT_0, 1.0, PREDICT_1, 3.0, MESSAGE_0, 2.0, GRADIENT_0, 1.0, GRADIENT_1, 1.0));
    }

    @Test
    void ipcMakesEveryPredictionAndGradientOncePerUpdateAndTheMessagesOfAllButOneStepInT() {
        assertThat(ProductFloor.counts(new int[] {4, 3, 2}, 5, "ipc", 4)).isEqualTo(Map.of(
                PREDICT_0, 1.0, PREDICT_1, 1.0, MESSAGE_0, 0.75, GRADIENT_0, 1.0, GRADIENT_1, 1.0));
        assertThat(ProductFloor.counts(new int[] {4, 3, 2}, 5, "pc", 1)).doesNotContainKey(MESSAGE_0);
    }

    @Test
    void backpropMakesEachProductOnce() {
        assertThat(ProductFloor.counts(new int[] {4, 3, 2}, 5, "bp", 20)).isEqualTo(Map.of(
                PREDICT_0, 1.0, PREDICT_1, 1.0, MESSAGE_0, 1.0, GRADIENT_0, 1.0, GRADIENT_1, 1.0));
    }

    @Test
    void theWideMlpsPc20UpdateIs44Gflop() {
        double flop = ProductFloor.flop(ProductFloor.counts(new int[] {784, 1024, 1024, 1024, 10}, 256, "pc", 20));
        // forward 0.411 + 2 x 0.537 + 0.005; 19 further steps of predictions of layers 1-3 and messages to layers 0-2; gradients
        double p0 = 2.0 * 256 * 1024 * 784;
        double square = 2.0 * 256 * 1024 * 1024;
        double out = 2.0 * 256 * 10 * 1024;
        double expected = p0 + 20 * (2 * square + out) + 19 * (2 * square + out) + (p0 + 2 * square + out);
        assertThat(flop).isCloseTo(expected, within(1.0));
        assertThat(flop / 1e9).isCloseTo(43.98, within(0.01));
    }

    @Test
    void theProductsOfATinyNetworkTakeAPositiveTime() {
        double ms = ProductFloor.millis(ProductFloor.counts(new int[] {4, 3, 2}, 5, "pc", 3));
        assertThat(ms).isPositive().isFinite();
    }

    @Test
    void badWidthsStepsOrMethodsAreRefused() {
        assertThatThrownBy(() -> ProductFloor.counts(new int[] {4}, 5, "pc", 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProductFloor.counts(new int[] {4, 0}, 5, "pc", 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProductFloor.counts(new int[] {4, 3}, 5, "pc", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProductFloor.counts(new int[] {4, 3}, 5, "sgd", 3)).hasMessageContaining("bp, pc or ipc");
    }
}
