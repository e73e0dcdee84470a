package org.pc4j.app.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.pc4j.trainers.kernel.KernelVec;

/**
 * The matrix products alone of one weight update of a dense MLP: every product pc4j's kernel path makes for the update,
 * each shape timed by itself (OpenBLAS's float32 gemm into buffers allocated once, the kernel's own call and transposes)
 * and summed with the number of times an update makes it. A floor measured on the machine and in the process of the run
 * it is compared with, not computed from a quoted FLOP rate: what the update would cost if everything but the products
 * were free.
 *
 * <p>For widths {@code w_0 .. w_L} and batch {@code B}: the prediction of layer {@code l} is {@code [B, w_l] x [w_{l+1},
 * w_l]^T}, the message to hidden layer {@code l} from layer {@code l+1} {@code [B, w_{l+2}] x [w_{l+2}, w_{l+1}]}, the
 * weight gradient of layer {@code l} {@code [B, w_{l+1}]^T x [B, w_l]}. Per update, PC(T): every prediction once at the
 * forward pass and those of layers 1.. again at each of the T - 1 further steps (layer 0's input and weights do not
 * change), every message at T - 1 steps, every gradient once; iPC(T): per step every prediction, the messages of every
 * step but the last and every gradient, divided by the T updates; backprop: every prediction, gradient and message once.
 */
public final class ProductFloor {

    /** How long each shape is timed for, at least. */
    private static final double MIN_MILLIS = 40;

    private ProductFloor() {
    }

    /**
     * One product: row-major {@code op(A) [m, k] x op(B) [k, n]}.
     *
     * @param ta whether {@code A} is used transposed; {@code tb} likewise
     */
    public record Product(boolean ta, boolean tb, int m, int n, int k) {

        /** @return the product's floating-point operations, {@code 2 m n k} */
        public double flop() {
            return 2.0 * m * n * k;
        }
    }

    /**
     * @param widths  the layer widths {@code w_0 .. w_L} (inputs first, outputs last)
     * @param batch   the batch size
     * @param method  bp, pc or ipc
     * @param steps   T of PC or iPC (ignored for bp)
     * @return each product of one weight update and how many times the update makes it (a fraction for iPC's)
     * @throws IllegalArgumentException for fewer than two widths, a width or batch below 1, steps below 1, or another method
     */
    public static Map<Product, Double> counts(int[] widths, int batch, String method, int steps) {
        if (widths.length < 2 || batch < 1 || steps < 1 || Arrays.stream(widths).anyMatch(w -> w < 1)) {
            throw new IllegalArgumentException("need at least two widths >= 1, a batch >= 1 and steps >= 1");
        }
        if (!method.equals("bp") && !method.equals("pc") && !method.equals("ipc")) {
            throw new IllegalArgumentException("unknown method '" + method + "': bp, pc or ipc");
        }
        int layers = widths.length - 1;
        double messages = switch (method) {
            case "bp" -> 1;
            case "pc" -> steps - 1;
            default -> (steps - 1) / (double) steps;
        };
        Map<Product, Double> counts = new LinkedHashMap<>();
        for (int l = 0; l < layers; l++) {
            // under PC layer 0's prediction is made once (its input and weights are fixed during inference), the others at every step
            counts.merge(new Product(false, true, batch, widths[l + 1], widths[l]), method.equals("pc") && l > 0 ? steps : 1.0, Double::sum);
            counts.merge(new Product(true, false, widths[l + 1], widths[l], batch), 1.0, Double::sum);
            if (l < layers - 1 && messages > 0) {
                counts.merge(new Product(false, false, batch, widths[l + 1], widths[l + 2]), messages, Double::sum);
            }
        }
        return counts;
    }

    /** @return the floating-point operations of {@code counts}' products */
    public static double flop(Map<Product, Double> counts) {
        return counts.entrySet().stream().mapToDouble(e -> e.getKey().flop() * e.getValue()).sum();
    }

    /** @return ms the products of {@code counts} take, each shape timed alone in float32 (at least 40 ms of calls per shape) */
    public static double millis(Map<Product, Double> counts) {
        Map<Product, Double> each = new LinkedHashMap<>();
        double total = 0;
        for (Map.Entry<Product, Double> e : counts.entrySet()) {
            double ms = each.computeIfAbsent(e.getKey(), ProductFloor::time);
            total += ms * e.getValue();
        }
        return total;
    }

    /** @return ms of one call of the product, the mean over calls after two discarded */
    static double time(Product p) {
        int rowsA = p.ta() ? p.k() : p.m();
        int colsA = p.ta() ? p.m() : p.k();
        int rowsB = p.tb() ? p.n() : p.k();
        int colsB = p.tb() ? p.k() : p.n();
        KernelVec a = KernelVec.allocate(DataType.FLOAT, rowsA * colsA);
        KernelVec b = KernelVec.allocate(DataType.FLOAT, rowsB * colsB);
        KernelVec c = KernelVec.allocate(DataType.FLOAT, p.m() * p.n());
        for (int i = 0; i < a.length; i++) {
            a.put(i, ((i * 7919) % 1000) / 1000.0 - 0.5);
        }
        for (int i = 0; i < b.length; i++) {
            b.put(i, ((i * 104729) % 1000) / 1000.0 - 0.5);
        }
        for (int i = 0; i < 2; i++) {
            KernelVec.gemm(p.ta(), p.tb(), p.m(), p.n(), p.k(), a, colsA, b, colsB, c, p.n());
        }
        int calls = 0;
        long start = System.nanoTime();
        double elapsed;
        do {
            KernelVec.gemm(p.ta(), p.tb(), p.m(), p.n(), p.k(), a, colsA, b, colsB, c, p.n());
            calls++;
            elapsed = (System.nanoTime() - start) / 1e6;
        } while (elapsed < MIN_MILLIS || calls < 3);
        return elapsed / calls;
    }
}
