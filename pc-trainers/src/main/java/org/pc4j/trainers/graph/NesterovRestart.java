package org.pc4j.trainers.graph;

import java.util.Arrays;

/**
 * The momentum of an accelerated query ({@link GraphQuery#accelerated}): Nesterov's accelerated gradient with a
 * per-example gradient restart (B. O'Donoghue and E. Candès, "Adaptive restart for accelerated gradient schemes",
 * Foundations of Computational Mathematics 15, 2015; arXiv:1204.3982). For each example {@code b}, with {@code y} the
 * values where the energy and its gradient {@code g = dE_b/dy} are taken (the query's values) and {@code x} the plain
 * sequence:
 *
 * <pre>
 *   x_{k+1} = y_k - gamma free ⊙ g(y_k)
 *   restart if  g(y_k) . (x_{k+1} - x_k) > 0   (the momentum points up the energy): t_k = 1
 *   t_{k+1} = (1 + sqrt(1 + 4 t_k^2)) / 2,   beta_k = (t_k - 1) / t_{k+1}   (0 on the first step and after a restart)
 *   y_{k+1} = x_{k+1} + beta_k (x_{k+1} - x_k)
 * </pre>
 *
 * On an energy whose curvature in the values spans a ratio {@code kappa} (a graph memory's weights make it stiff: a
 * 3,500-neuron graph's largest curvature at the zero start is about 4,000 times its smallest), plain steps need on the
 * order of {@code kappa} steps and these on the order of {@code sqrt(kappa)}; the restart keeps the energy from
 * oscillating where the momentum overshoots. Per query; one row per example.
 */
final class NesterovRestart {

    private final double[] t;

    /** Momentum for {@code rows} examples, each starting with a plain step. */
    NesterovRestart(int rows) {
        t = new double[rows];
        restartAll();
    }

    /** Every example's next step is plain (after a step taken back by the value-step control). */
    void restartAll() {
        Arrays.fill(t, 1.0);
    }

    /**
     * @param row       the example
     * @param uphill    {@code g(y_k) . (x_{k+1} - x_k)} for this example
     * @return beta_k for this example's extrapolation; 0 (and a restart) where {@code uphill > 0}
     */
    double beta(int row, double uphill) {
        if (uphill > 0) {
            t[row] = 1.0;
            return 0.0;
        }
        double next = (1 + Math.sqrt(1 + 4 * t[row] * t[row])) / 2;
        double beta = (t[row] - 1) / next;
        t[row] = next;
        return beta;
    }
}
