package org.pc4j.app.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * On a terminal the library redraws the bar in place (carriage returns, the steps and the note); elsewhere only one
 * closing line per run is written, with the steps done, the time and the note, and in a long run one line a minute
 * before it.
 */
class ProgressBarTest {

    @Test
    void onATerminalTheBarIsRedrawnInPlaceWithItsStepsAndNote() throws InterruptedException {
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(text), true);
        bar.start("[pc(20)] epoch 1/2", 10);
        bar.update(4, "loss 0.5");
        Thread.sleep(400); // the library draws every 100 ms on its own thread
        bar.finish("accuracy 0.9");
        String out = text.toString();
        assertThat(out).contains("\r").contains("[pc(20)] epoch 1/2").contains("4/10").contains("loss 0.5");
        assertThat(out).containsPattern("\r\\[pc\\(20\\)\\] epoch 1/2 4/10 [0-9.]+ s  accuracy 0.9\u001B\\[K\n$");
    }

    @Test
    void elsewhereOnlyOneClosingLinePerRunIsWritten() {
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(text), false);
        bar.start("  storing", 1500, "iterations");
        for (int i = 1; i <= 347; i++) {
            bar.update(i, "energy " + i);
        }
        bar.finish("converged");
        assertThat(text.toString()).matches("  storing 347/1500 [0-9.]+ s  converged\n").doesNotContain("\r");
    }

    @Test
    void elsewhereALongRunAlsoWritesALineAMinuteWithTheLatestNote() {
        StringWriter text = new StringWriter();
        long[] now = {0};
        ProgressBar bar = new ProgressBar(new PrintWriter(text), false, () -> now[0]);
        bar.start("  storing", 1000, "epochs");
        long second = 1_000_000_000L;
        for (int i = 1; i <= 200; i++) {
            now[0] = i * second; // one epoch a second: a line at 60, 120 and 180 s
            bar.update(i, "store energy " + i);
        }
        bar.finish("all epochs run");
        assertThat(text.toString()).isEqualTo("  storing 60/1000 60.0 s  store energy 60\n  storing 120/1000 120.0 s  store energy 120\n"
                + "  storing 180/1000 180.0 s  store energy 180\n  storing 200/1000 200.0 s  all epochs run\n");
    }
}
