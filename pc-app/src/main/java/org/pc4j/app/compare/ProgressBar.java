package org.pc4j.app.compare;

import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar for a run of known length (an epoch's batches, a memory's storing iterations), drawn by the
 * {@code me.tongfei:progressbar} library on a terminal ({@code [pc(20)] epoch 2/5 45% [=====>    ] 45/90 batches
 * (0:00:03 / 0:00:04) energy 1.2}), redrawn in place ten times a second; where the output is not a terminal (a log
 * file, CI) no bar is drawn, and {@link #finish} writes one line per run instead, preceded, in a run long enough, by
 * one line a minute with the steps done and the latest note (a 50-minute store leaves a trace in its log). Everything goes to the command's
 * writer, so tests and callers choose where it appears.
 */
public final class ProgressBar {

    private final PrintWriter out;
    private final boolean interactive;
    private me.tongfei.progressbar.ProgressBar bar;
    private String label = "";
    private int total;
    private int done;
    private long start;
    private long lastLine;
    private final java.util.function.LongSupplier clock;

    /** Nanoseconds between two lines of a run that is not on a terminal. */
    static final long LINE_EVERY_NANOS = 60_000_000_000L;

    /**
     * @param out         where the bar and the closing lines go
     * @param interactive true on a terminal (the bar is redrawn in place); false for a closing line per run (and one a
     *                    minute before it)
     */
    public ProgressBar(PrintWriter out, boolean interactive) {
        this(out, interactive, System::nanoTime);
    }

    /** As the public constructor, the time read from {@code clock} (nanoseconds): the tests' way to make a minute pass. */
    ProgressBar(PrintWriter out, boolean interactive, java.util.function.LongSupplier clock) {
        this.out = out;
        this.interactive = interactive;
        this.clock = clock;
    }

    /** Starts a bar of {@code total} steps named {@code label}, counted in {@code unit} (e.g. "batches"). */
    public void start(String label, int total, String unit) {
        close();
        this.label = label;
        this.total = total;
        this.done = 0;
        this.start = clock.getAsLong();
        this.lastLine = start;
        if (interactive) {
            bar = new ProgressBarBuilder().setTaskName(label).setInitialMax(total).setUnit(" " + unit, 1)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(100).showSpeed()
                    .setConsumer(new DelegatingProgressBarConsumer(line -> {
                        out.print("\r" + line + "\033[K");
                        out.flush();
                    }, 110)).build();
        }
    }

    /** Starts a bar of {@code total} batches. */
    public void start(String label, int total) {
        start(label, total, "batches");
    }

    /** Moves the bar to {@code done} steps. */
    public void update(int done) {
        this.done = done;
        if (bar != null) {
            bar.stepTo(done);
        }
    }

    /**
     * Moves the bar to {@code done} steps and shows {@code note} beside it (a current energy, a loss); off a terminal,
     * writes a line with them where a minute has passed since the run's start or its last line.
     */
    public void update(int done, String note) {
        this.done = done;
        if (bar != null) {
            bar.stepTo(done);
            bar.setExtraMessage(note);
        } else if (!interactive) {
            long now = clock.getAsLong();
            if (now - lastLine >= LINE_EVERY_NANOS) {
                lastLine = now;
                out.print(line(now, note) + "\n");
                out.flush();
            }
        }
    }

    private String line(long now, String note) {
        return String.format(Locale.ROOT, "%s %d/%d %.1f s%s", label, done, total, (now - start) / 1e9, note.isEmpty() ? "" : "  " + note);
    }

    /** Ends the bar with a closing line: the label, the steps done of the total, the time taken and a note. */
    public void finish(String note) {
        close();
        String line = line(clock.getAsLong(), note);
        out.print(interactive ? "\r" + line + "\033[K\n" : line + "\n");
        out.flush();
    }

    private void close() {
        if (bar != null) {
            bar.close(); // stops the library's drawing thread
            bar = null;
        }
    }
}
