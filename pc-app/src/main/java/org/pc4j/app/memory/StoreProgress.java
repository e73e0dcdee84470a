package org.pc4j.app.memory;

import java.io.PrintWriter;
import java.util.Locale;
import org.deeplearning4j.nn.api.Model;
import org.pc4j.app.compare.ProgressBar;
import org.pc4j.trainers.BatchResult;
import org.pc4j.trainers.PcListener;
import org.pc4j.trainers.generative.StoreResult;

/**
 * Storing's progress: a bar over the storing epochs with each epoch's store energy (the relaxed energy) on a terminal,
 * and one closing line that says how storing ended ({@link ProgressBar}):
 * {@code "  storing 400/1000 173.2 s  no new low for 100 epochs; kept epoch 299, store energy 65.46"}. The PC network
 * reports through the engine's listener ({@link #onBatchEnd}), a graph memory through {@link #epoch} and {@link #finish(String)}.
 */
public final class StoreProgress implements PcListener {

    private final ProgressBar bar;
    private int total;
    private int epochs;

    /** @param interactive whether to redraw a bar (a terminal) rather than print the closing line alone */
    public StoreProgress(PrintWriter out, boolean interactive) {
        this.bar = new ProgressBar(out, interactive);
    }

    /** Starts the bar for a store of at most {@code epochs} epochs. */
    void start(int epochs) {
        this.total = epochs;
        this.epochs = 0;
        bar.start("  storing", epochs, "epochs");
    }

    @Override
    public void onBatchEnd(Model network, BatchResult result) {
        epoch(result.totalEnergy(result.steps() - 1));
    }

    /** Moves the bar one epoch on, showing that epoch's store energy. */
    void epoch(double energy) {
        epochs++;
        bar.update(Math.min(epochs, total), String.format(Locale.ROOT, "store energy %.4g", energy));
    }

    /** Closes the bar with {@code summary}, how storing ended. */
    void finish(String summary) {
        bar.finish(summary);
    }

    /** Closes the bar with how storing ended. */
    void finish(StoreResult result, int patience) {
        String why = switch (result.stop()) {
            case PATIENCE -> "no new low for " + patience + " epochs";
            case BUDGET -> "all epochs run";
            case DIVERGED -> "stopped: a weight step diverged (lower --lr or --store-rate)";
        };
        bar.finish(String.format(Locale.ROOT, "%s; kept epoch %d, store energy %.4g", why, result.bestEpoch(), result.bestEnergy()));
    }
}
