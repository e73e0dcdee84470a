package org.pc4j.app.cli;

import picocli.CommandLine.Option;

/** {@code --seed} (a picocli mixin shared by every command that draws random numbers). */
public final class SeedOption {

    @Option(names = "--seed", defaultValue = "42",
            description = "the seed of everything random in the run: initial parameters, data order, masks and noise (default: ${DEFAULT-VALUE})")
    long seed;
}
