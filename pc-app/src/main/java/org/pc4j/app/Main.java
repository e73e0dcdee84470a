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
        if (args.length > 0 && !args[0].startsWith("-") && !TOP_LEVEL.contains(args[0])) {
            err.println("pc4j: unknown command '" + args[0] + "'" + suggestion(args[0]) + "; the commands are compare, "
                    + "equivalence, bench, memory, graph and help (options alone run compare)");
            return 2;
        }
        String[] effective = args.length == 0 || !TOP_LEVEL.contains(args[0]) ? prepend("compare", args) : args;
        CommandLine cli = new CommandLine(new Main()).setOut(out).setErr(err)
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

    /** @return ", did you mean 'X'?" for the command closest to {@code word} (at most 2 edits away), else "" */
    static String suggestion(String word) {
        String best = null;
        int bestDistance = 3;
        for (String c : new String[] {"compare", "equivalence", "bench", "memory", "graph", "help"}) {
            int d = editDistance(word.toLowerCase(java.util.Locale.ROOT), c);
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return best == null ? "" : ", did you mean '" + best + "'?";
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
