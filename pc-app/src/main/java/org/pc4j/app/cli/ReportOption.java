package org.pc4j.app.cli;

import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * Where a command writes its report (a picocli mixin shared by {@code compare}, {@code memory} and {@code graph}):
 * {@code --report DIR} or {@code --no-report}, an exclusive group (picocli refuses both), else the command's own
 * folder under {@code pc4j-report}.
 */
public final class ReportOption {

    @ArgGroup(exclusive = true, multiplicity = "0..1", heading = "Report (at most one):%n")
    Choice choice;

    /** The two exclusive options. */
    static final class Choice {
        @Option(names = "--report", paramLabel = "DIR",
                description = "the report folder (default: a folder under pc4j-report named after the run)")
        Path report;

        @Option(names = "--no-report", description = "print the results only; write no report")
        boolean noReport;
    }

    /**
     * @param defaultFolder the command's folder where {@code --report} is not given
     * @return the report folder, checked to be creatable and writable before any work; null under {@code --no-report}
     * @throws IllegalArgumentException naming {@code --report} if the folder cannot be written
     */
    Path folder(Path defaultFolder) {
        if (choice != null && choice.noReport) {
            return null;
        }
        return OutputPaths.folder("--report", choice != null && choice.report != null ? choice.report : defaultFolder);
    }
}
