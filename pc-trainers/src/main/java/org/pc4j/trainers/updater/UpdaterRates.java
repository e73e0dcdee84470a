package org.pc4j.trainers.updater;

import org.nd4j.linalg.learning.config.AMSGrad;
import org.nd4j.linalg.learning.config.AdaDelta;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.AdaMax;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nadam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;

/**
 * Checks a DL4J optimiser's settings where a pc4j configuration takes one: the learning rate (at iteration 0, epoch 0
 * when it follows a schedule) finite and positive, and the known optimisers' own constants in range (Adam's family:
 * beta1 and beta2 in [0, 1), epsilon finite and positive; RMSProp's decay in [0, 1); Nesterov's momentum finite and
 * non-negative; AdaDelta's rho in [0, 1)). DL4J itself accepts {@code new Adam(Double.NaN)}: the weights then never
 * move while Adam's state and the iteration advance.
 */
public final class UpdaterRates {

    private UpdaterRates() {
    }

    /**
     * @param what the optimiser's place, for the message ("the graph's updater")
     * @return {@code updater}
     * @throws IllegalArgumentException naming the setting that is out of range
     */
    public static IUpdater requireValid(String what, IUpdater updater) {
        if (updater == null) {
            throw new IllegalArgumentException(what + " is required");
        }
        if (updater.hasLearningRate()) {
            double lr = updater.getLearningRate(0, 0);
            if (!(lr > 0) || Double.isInfinite(lr)) {
                throw new IllegalArgumentException(what + ": the learning rate must be finite and > 0, got " + lr + " ("
                        + updater.getClass().getSimpleName() + ")");
            }
        }
        if (updater instanceof Adam a) {
            betas(what, a.getBeta1(), a.getBeta2(), a.getEpsilon());
        } else if (updater instanceof Nadam a) {
            betas(what, a.getBeta1(), a.getBeta2(), a.getEpsilon());
        } else if (updater instanceof AdaMax a) {
            betas(what, a.getBeta1(), a.getBeta2(), a.getEpsilon());
        } else if (updater instanceof AMSGrad a) {
            betas(what, a.getBeta1(), a.getBeta2(), a.getEpsilon());
        } else if (updater instanceof RmsProp r) {
            fraction(what, "RMSProp's decay", r.getRmsDecay());
            positive(what, "RMSProp's epsilon", r.getEpsilon());
        } else if (updater instanceof Nesterovs n) {
            if (!(n.getMomentum() >= 0) || Double.isInfinite(n.getMomentum())) {
                throw new IllegalArgumentException(what + ": Nesterov's momentum must be finite and >= 0, got " + n.getMomentum());
            }
        } else if (updater instanceof AdaDelta d) {
            fraction(what, "AdaDelta's rho", d.getRho());
            positive(what, "AdaDelta's epsilon", d.getEpsilon());
        } else if (updater instanceof AdaGrad g) {
            positive(what, "AdaGrad's epsilon", g.getEpsilon());
        }
        return updater;
    }

    private static void betas(String what, double beta1, double beta2, double epsilon) {
        fraction(what, "beta1", beta1);
        fraction(what, "beta2", beta2);
        positive(what, "epsilon", epsilon);
    }

    private static void fraction(String what, String name, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(what + ": " + name + " must be in [0, 1), got " + value);
        }
    }

    private static void positive(String what, String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(what + ": " + name + " must be finite and > 0, got " + value);
        }
    }
}
