package org.pc4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.pc4j.trainers.BatchResult;
import org.pc4j.trainers.DetectionStats;
import org.pc4j.trainers.PcTrainer;
import org.pc4j.trainers.Schedule;
import org.pc4j.trainers.testing.Oracles;
import org.pc4j.zoo.data.Digits;

/**
 * The Fa-Z-IL detector on real data ([003] Table 3): a 64-32-32-10 sigmoid MLP (the paper's setup,
 * scaled to 8x8 digits) trained for 20 batches of 20 with SGD(0.001), inference running a full depth past the
 * network's depth, for detector windows tD in {1..8, 16}. The detector finds every neuron's Z-IL moment for
 * tD >= 4, so Fa-Z-IL then equals Z-IL and backprop. The measured rates for every tD are printed.
 */
class FaZilDetectionTest {

    private static final int[] WINDOWS = {1, 2, 3, 4, 5, 6, 7, 8, 16};

    private static MultiLayerNetwork mlp() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1482555873L)
                .dataType(DataType.DOUBLE).updater(new Sgd(0.001)).weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(Digits.PIXELS).nOut(32).activation(Activation.SIGMOID).build())
                .layer(new DenseLayer.Builder().nIn(32).nOut(32).activation(Activation.SIGMOID).build())
                .layer(new OutputLayer.Builder(LossFunction.MSE).nIn(32).nOut(Digits.CLASSES).activation(Activation.IDENTITY).build())
                .build());
        net.init();
        return net;
    }

    @Test
    void detectorFindsEveryZilMomentFromWindowFourAndFaZilThenEqualsBackprop() {
        List<DataSet> batches = Digits.load().split(0.5, 7, DataType.DOUBLE).train().batchBy(20).subList(0, 20);
        Map<Integer, Double> rates = new LinkedHashMap<>();
        for (int window : WINDOWS) {
            MultiLayerNetwork net = mlp();
            MultiLayerNetwork bp = net.clone();
            MultiLayerNetwork initial = net.clone();
            PcTrainer faZil = PcTrainer.builder().schedule(Schedule.faZil(window, net.getnLayers()))
                    .divergenceFactor(Double.POSITIVE_INFINITY).build();
            DetectionStats total = new DetectionStats(0, 0, 0);
            for (DataSet b : batches) {
                BatchResult r = faZil.fitBatch(net, b);
                total = total.plus(r.detection().orElseThrow());
                bp.fit(b);
            }
            rates.put(window, total.successRate());
            if (window >= 4) {
                assertThat(total.successRate()).as("tD = %s", window).isEqualTo(1.0);
                assertThat(Oracles.relativeDivergence(net, bp, initial)).as("tD = %s", window).isLessThanOrEqualTo(1e-10);
            }
            assertThat(total.neurons()).isEqualTo(20L * 20 * (32 + 32 + 10));
        }
        StringBuilder table = new StringBuilder("Fa-Z-IL detection success (paper [003] Table 3: 93.4, 92.4, 99.6, 100 x6):\n");
        rates.forEach((w, r) -> table.append(String.format(Locale.ROOT, "  tD = %2d: %6.2f%%%n", w, 100 * r)));
        System.out.print(table);
    }
}
