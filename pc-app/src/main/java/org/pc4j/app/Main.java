package org.pc4j.app;

import java.io.PrintWriter;
import java.util.Set;
import org.pc4j.trainers.PcException;
import org.pc4j.app.cli.BenchCommand;
import org.pc4j.app.cli.CompareCommand;
import org.pc4j.app.cli.EquivalenceCommand;
import org.pc4j.app.cli.GraphCommand;
import org.pc4j.app.cli.MemoryCommand;
import org.pc4j.zoo.data.DataFileException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * pc4j's command line ({@code ./pc4j} at the repository root):
 * <pre>
 *   pc4j [compare] [--model mlp|alexnet|resnet|vae|bert-mlm|bert-clm] [--data NAME|PATH] [--methods bp,pc,ipc,zil] [--epochs N] ...
 *   pc4j equivalence --model X
 *   pc4j bench [--depths 2,4,8,16,32] [--widths 64,256,1024]
 * </pre>
 * With no arguments (or only options) it runs {@code compare}: an MLP on the embedded digits data with backprop, PC,
 * iPC and Z-IL. Exit status: 0 done, 1 equivalence over its tolerance or an unexpected failure, 2 a bad argument,
 * 3 data not found or unreadable, 4 a method stopped early (diverged), 5 the results could not be written.
 */
@Command(name = "pc4j", mixinStandardHelpOptions = true, version = "pc4j 0.1.0-SNAPSHOT",
        description = "Predictive coding for Deeplearning4j: compare backprop and PC side by side; store and recall images in generative PC networks.",
        subcommands = {CompareCommand.class, EquivalenceCommand.class, BenchCommand.class, MemoryCommand.class, GraphCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    private static final Set<String> TOP_LEVEL = Set.of("-h", "--help", "-V", "--version", "compare", "equivalence", "bench", "memory", "graph", "help");

    @Override
    public void run() {
        // unreachable: execute() turns a call without a subcommand into compare
    }

    public static void main(String[] args) {
        // the terminal's encoding, as System.out itself uses
        java.nio.charset.Charset console = java.nio.charset.Charset.defaultCharset();
        System.exit(execute(args, new PrintWriter(new java.io.OutputStreamWriter(System.out, console), true),
                new PrintWriter(new java.io.OutputStreamWriter(System.err, console), true)));
    }

    /** Runs the command line with these streams; returns the exit status. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        // options alone run compare; a first word that is no command reaches picocli as it is, which refuses it
        boolean optionsAlone = args.length == 0 || args[0].startsWith("-") && !TOP_LEVEL.contains(args[0]);
        String[] effective = optionsAlone ? prepend("compare", args) : args;
        CommandLine cli = new CommandLine(new Main()).setOut(out).setErr(err)
                .setParameterExceptionHandler(Main::badArgument)
                .setExecutionExceptionHandler((ex, line, parseResult) -> {
                    if (ex instanceof IllegalArgumentException) {
                        line.getErr().println("pc4j: " + ex.getMessage());
                        line.getErr().println("try: pc4j " + line.getCommandName() + " --help");
                        return 2;
                    }
                    if (ex instanceof DataFileException) {
                        line.getErr().println("pc4j: " + ex.getMessage());
                        return 3;
                    }
                    if (ex instanceof PcException) {
                        line.getErr().println("pc4j: " + ex.getMessage());
                        return 4;
                    }
                    if (ex instanceof java.io.UncheckedIOException || ex instanceof java.io.IOException) {
                        line.getErr().println("pc4j: " + ex.getMessage());
                        return 5;
                    }
                    throw ex;
                });
        return cli.execute(effective);
    }

    /**
     * What picocli refuses while parsing (an unknown command or option, a bad value, --report with --no-report): one
     * line naming it, picocli's own suggestions for a mistyped name, and where to find help; exit status 2.
     */
    private static int badArgument(CommandLine.ParameterException ex, String[] args) {
        CommandLine line = ex.getCommandLine();
        PrintWriter err = line.getErr();
        boolean topLevel = line.getParent() == null;
        if (topLevel && ex instanceof CommandLine.UnmatchedArgumentException && args.length > 0) {
            err.println("pc4j: unknown command '" + args[0] + "'; the commands are compare, equivalence, bench, memory, graph and help "
                    + "(options alone run compare)");
        } else {
            err.println("pc4j: " + ex.getMessage().replaceFirst("^Error: ", ""));
        }
        if (ex instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            err.println("did you mean: " + String.join(", ", unmatched.getSuggestions()) + "?");
        }
        err.println("try: pc4j " + (topLevel ? "" : line.getCommandName() + " ") + "--help");
        return 2;
    }

    private static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
