package org.pc4j.app.compare;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar on a terminal ({@code [pc(20)] epoch 2/5 [#####.....] 45/90 batches 3.1 s}), redrawn in
 * place at most ten times a second; where the output is not a terminal (a log file, CI), one line per finished
 * epoch instead.
 */
public final class ProgressBar {

    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final boolean interactive;
    private String label = "";
    private int total;
    private long start;
    private long lastDraw;

    public ProgressBar(PrintWriter out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    /** Starts a bar of {@code total} batches. */
    public void start(String label, int total) {
        this.label = label;
        this.total = total;
        this.start = System.nanoTime();
        this.lastDraw = 0;
        if (interactive) {
            draw(0);
        }
    }

    /** Moves the bar to {@code done} batches. */
    public void update(int done) {
        long now = System.nanoTime();
        if (interactive && (now - lastDraw > 100_000_000L || done == total)) {
            lastDraw = now;
            draw(done);
        }
    }

    /** Ends the bar with a closing note. */
    public void finish(String note) {
        double s = (System.nanoTime() - start) / 1e9;
        String line = String.format(Locale.ROOT, "%s %s %.1f s%s", label, bar(total), s, note.isEmpty() ? "" : "  " + note);
        out.print(interactive ? "\r" + line + "\033[K\n" : line + "\n");
        out.flush();
    }

    private void draw(int done) {
        double s = (System.nanoTime() - start) / 1e9;
        out.print(String.format(Locale.ROOT, "\r%s %s %d/%d batches %.1f s\033[K", label, bar(done), done, total, s));
        out.flush();
    }

    private String bar(int done) {
        int filled = total == 0 ? WIDTH : (int) Math.round(WIDTH * (double) Math.min(done, total) / total);
        return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "]";
    }
}
