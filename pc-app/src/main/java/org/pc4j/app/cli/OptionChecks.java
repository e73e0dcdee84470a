package org.pc4j.app.cli;

/** The range checks the commands share; each message names the option (exit status 2). */
final class OptionChecks {

    private OptionChecks() {
    }

    /** @throws IllegalArgumentException if {@code value < 1} */
    static void atLeastOne(String option, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(option + " must be >= 1, got " + value);
        }
    }

    /** @throws IllegalArgumentException if {@code value} is not a finite number above 0 (NaN included) */
    static void positiveFinite(String option, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(option + " must be finite and > 0, got " + value);
        }
    }
}
