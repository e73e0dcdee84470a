package org.pc4j.app;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * One run of pc4j's command line in the test's process, with what it printed.
 *
 * @param status the exit status
 * @param out    standard output
 * @param err    standard error
 */
public record CommandLineRun(int status, String out, String err) {

    /** @return the run of {@code pc4j args...} */
    public static CommandLineRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CommandLineRun(status, out.toString(), err.toString());
    }
}
