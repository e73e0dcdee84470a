package org.pc4j.trainers;

/**
 * How a free value node turns its energy gradient {@code g = dE/dx} into a step. Each batch starts from fresh
 * optimiser state; the weights keep their own updater, untouched by this choice.
 *
 * <ul>
 * <li>{@link #gradientDescent()} (the default, and the papers' rule): {@code x <- x - gamma g}.</li>
 * <li>{@link #momentum(double)}: the heavy ball, {@code v <- beta v + g; x <- x - gamma v} ({@code v} starts at 0),
 * with adaptive restart (O'Donoghue and Candès, "Adaptive restart for accelerated gradient schemes", Found. Comput.
 * Math. 2015): after a step that raised the total energy, {@code v} is reset to 0. On an energy of curvature between
 * {@code m} and {@code L} it needs about {@code sqrt(L/m)} steps where descent needs {@code L/m}.</li>
 * <li>{@link #nesterov()}: Nesterov's accelerated gradient with FISTA's momentum sequence and a per-example
 * gradient restart (O'Donoghue and Candès, as above). With {@code y} the values (where the energy's gradient
 * {@code g} is taken), {@code x} the plain sequence and {@code v_k = x_{k+1} - x_k}:
 * <pre>
 *   v_k     = beta_{k-1} v_{k-1} - gamma g(y_k)            (v_{-1} = 0, beta_{-1} = 0)
 *   restart example b if  sum over its free values of g(y_k) . v_k > 0   (the momentum points up its energy): t = 1
 *   t_{k+1} = (1 + sqrt(1 + 4 t_k^2)) / 2,  beta_k = (t_k - 1) / t_{k+1}  (0 on the first step and after a restart)
 *   y_{k+1} = y_k - gamma g(y_k) + beta_k v_k
 * </pre>
 * Where heavy-ball momentum with a fixed {@code beta} overshoots from a cold start (its first steps already carry
 * {@code beta = 0.9}), these begin as plain steps and build up; the inference-rate control's halving restarts every
 * example. Made for stiff recalls (a deep memory's value nodes, {@code AssociativeMemory}).</li>
 * <li>{@link #adam()}: Adam (Kingma and Ba, ICLR 2015, arXiv:1412.6980) per value,
 * {@code m <- b1 m + (1-b1) g; s <- b2 s + (1-b2) g^2; x <- x - gamma (m / (1-b1^t)) / (sqrt(s / (1-b2^t)) + eps)},
 * {@code t} the batch's value-step count. Gamma is then a step length in the values' own units, whatever the
 * curvature.</li>
 * </ul>
 *
 * <p>Z-IL and Fa-Z-IL take plain gradient steps (their equality with backprop is a statement about them), so they
 * accept only {@link #gradientDescent()}.
 */
public sealed interface ValueOptimizer permits ValueOptimizer.GradientDescent, ValueOptimizer.Momentum, ValueOptimizer.Nesterov,
        ValueOptimizer.Adam {

    /** @return plain gradient steps, {@code x <- x - gamma dE/dx} */
    static ValueOptimizer gradientDescent() {
        return new GradientDescent();
    }

    /**
     * @param beta the momentum coefficient, in {@code [0, 1)}; 0 is gradient descent
     * @return heavy-ball momentum with restart on a rise of the energy
     */
    static ValueOptimizer momentum(double beta) {
        return new Momentum(beta);
    }

    /** @return Nesterov's accelerated gradient with a per-example gradient restart */
    static ValueOptimizer nesterov() {
        return new Nesterov();
    }

    /** @return Adam with {@code b1 = 0.9, b2 = 0.999, eps = 1e-8} */
    static ValueOptimizer adam() {
        return new Adam(0.9, 0.999, 1e-8);
    }

    /** Plain gradient steps. */
    record GradientDescent() implements ValueOptimizer {
        @Override
        public String toString() {
            return "gd";
        }
    }

    /** Heavy-ball momentum with restart; see {@link ValueOptimizer#momentum(double)}. */
    record Momentum(double beta) implements ValueOptimizer {
        public Momentum {
            if (!(beta >= 0 && beta < 1)) {
                throw new IllegalArgumentException("momentum beta must be in [0, 1), got " + beta);
            }
        }

        @Override
        public String toString() {
            return "momentum:" + beta;
        }
    }

    /** Nesterov's accelerated gradient with restart; see {@link ValueOptimizer#nesterov()}. */
    record Nesterov() implements ValueOptimizer {
        @Override
        public String toString() {
            return "nesterov";
        }
    }

    /** Adam on the values; see {@link ValueOptimizer#adam()}. */
    record Adam(double beta1, double beta2, double epsilon) implements ValueOptimizer {
        public Adam {
            if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException("Adam's beta1 and beta2 must be in [0, 1), got " + beta1 + ", " + beta2);
            }
            if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
                throw new IllegalArgumentException("Adam's epsilon must be finite and > 0, got " + epsilon);
            }
        }

        @Override
        public String toString() {
            return "adam";
        }
    }
}
