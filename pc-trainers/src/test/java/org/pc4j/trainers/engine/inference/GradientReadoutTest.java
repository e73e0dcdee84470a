package org.pc4j.trainers.engine.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pc4j.testkit.NdAssertions.assertBitIdentical;
import static org.pc4j.testkit.NdAssertions.assertNotBitIdentical;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;
import org.pc4j.trainers.PcTrainer;
import org.pc4j.trainers.Schedule;
import org.pc4j.trainers.testing.Batches;
import org.pc4j.trainers.testing.Nets;

/**
 * A layer whose gradient no step of the batch read contributes nothing to the update, whatever its gradient view
 * held before (DL4J's view keeps the last backprop's gradient, here one of {@code net.fit}). Under plain SGD a layer the
 * output error never reaches therefore keeps its parameters exactly; the layers it reaches move.
 */
class GradientReadoutTest {

    @Test
    void aLayerTheErrorNeverReachesKeepsItsParametersDespiteAStaleGradientView() {
        MultiLayerNetwork net = Nets.dense(Activation.TANH, Nets.Head.SOFTMAX_XENT, new Sgd(0.5), 4, 3, 81);
        DataSet batch = Batches.dense(1, 6, 4, 3, true, 82).get(0);
        net.fit(batch); // leaves backprop's gradient in every layer's gradient view
        assertThat(net.getLayer(0).getGradientsViewArray().norm2Number().doubleValue()).isPositive();
        INDArray layer0 = net.getLayer(0).params().dup();
        INDArray layer3 = net.getLayer(3).params().dup();
        // PC(1) on 4 levels: the output error reaches levels 0 and 1 only
        PcTrainer.builder().schedule(Schedule.pc(1)).build().fitBatch(net, batch);
        assertBitIdentical(net.getLayer(0).params(), layer0);
        assertNotBitIdentical(net.getLayer(3).params(), layer3);
    }
}
