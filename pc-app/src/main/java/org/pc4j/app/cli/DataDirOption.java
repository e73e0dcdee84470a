package org.pc4j.app.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --data-dir} (a picocli mixin shared by every command that reads a data set). */
public final class DataDirOption {

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "where fetched data lives (default: search as scripts/fetch-data.sh installs it)")
    Path dataDir;
}
