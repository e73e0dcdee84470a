package org.pc4j.trainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pc4j.testkit.NdAssertions.assertBitIdentical;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.pc4j.trainers.testing.Batches;
import org.pc4j.trainers.testing.Nets;

/**
 * Two training calls on one network would interleave their value nodes and gradient views and corrupt the
 * parameters silently; the second call is refused with an exception that says why, and the first finishes as if
 * alone. A listener calling {@code fit} on the network it listens to is refused the same way.
 */
class ConcurrentFitTest {

    private static final List<DataSet> BATCHES = Batches.dense(3, 8, 4, 3, false, 31);

    @Test
    void aSecondCallOnANetworkInTrainingIsRefusedAndTheFirstIsUnaffected() throws Exception {
        MultiLayerNetwork net = Nets.dense(Activation.TANH, Nets.Head.MSE, new Adam(0.01), 4, 3, 32);
        MultiLayerNetwork alone = net.clone();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch tried = new CountDownLatch(1);
        PcListener pause = new PcListener() {
            @Override
            public void onInferenceStep(Model network, InferenceStep step) {
                if (inside.getCount() > 0) {
                    inside.countDown();
                    try {
                        tried.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        PcTrainer first = PcTrainer.builder().schedule(Schedule.ipc(3)).listeners(pause).build();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                first.fit(net, BATCHES.get(0));
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "first-trainer");
        t.start();
        inside.await();
        PcTrainer second = PcTrainer.builder().schedule(Schedule.pc(4)).build();
        assertThatThrownBy(() -> second.fit(net, BATCHES.get(1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContainingAll("already being trained", "first-trainer", "one call at a time");
        tried.countDown();
        t.join();
        assertThat(failure.get()).isNull();
        PcTrainer.builder().schedule(Schedule.ipc(3)).build().fit(alone, BATCHES.get(0));
        assertBitIdentical(net.params(), alone.params());
        second.fit(net, BATCHES.get(1)); // free again once the first call returned
    }

    @Test
    void aListenerCallingFitOnItsOwnNetworkIsRefused() {
        MultiLayerNetwork net = Nets.dense(Activation.TANH, Nets.Head.MSE, new Adam(0.01), 4, 3, 33);
        AtomicReference<Throwable> inner = new AtomicReference<>();
        PcTrainer[] trainer = new PcTrainer[1];
        PcListener reentrant = new PcListener() {
            @Override
            public void onBatchEnd(Model network, BatchResult result) {
                try {
                    trainer[0].fit((MultiLayerNetwork) network, BATCHES.get(2));
                } catch (Throwable e) {
                    inner.set(e);
                }
            }
        };
        trainer[0] = PcTrainer.builder().schedule(Schedule.ipc(2)).listeners(reentrant).build();
        trainer[0].fit(net, BATCHES.get(0));
        assertThat(inner.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("on this thread");
        assertThat(net.getIterationCount()).isEqualTo(2);
    }
}
