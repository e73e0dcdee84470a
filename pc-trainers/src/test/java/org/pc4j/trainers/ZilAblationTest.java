package org.pc4j.trainers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.pc4j.trainers.testing.Batches;
import org.pc4j.trainers.testing.Nets;
import org.pc4j.trainers.testing.Oracles;

/**
 * What Z-IL's equality with backprop rests on ([003] §5.1): relaxing any one of its conditions
 * breaks the equality, and relaxing the inference rate alone gives backprop with per-layer learning rates
 * {@code alpha * gamma^level} under SGD.
 */
class ZilAblationTest {

    private static final double ALPHA = 0.1;
    private static final List<DataSet> BATCHES = Batches.dense(3, 8, 4, 3, false, 31);

    private static MultiLayerNetwork tanhNet() {
        return Nets.dense(Activation.TANH, Nets.Head.MSE, new Sgd(ALPHA), 4, 3, 32);
    }

    private static double divergenceFromBackprop(PcTrainer trainer) {
        return Oracles.relativeDivergence(Oracles.trainBoth(tanhNet(), trainer, BATCHES));
    }

    @Test
    void controlRunWithAllThreeConditionsEqualsBackprop() {
        assertThat(divergenceFromBackprop(PcTrainer.builder().schedule(Schedule.zil()).build())).isLessThanOrEqualTo(1e-10);
    }

    @Test
    void inferenceRateOtherThanOneDivergesFromBackprop() {
        for (double gamma : new double[] {0.5, 2.0}) {
            PcTrainer trainer = PcTrainer.builder().schedule(Schedule.zil()).inferenceRate(gamma).build();
            assertThat(divergenceFromBackprop(trainer)).as("gamma = %s", gamma).isGreaterThan(1e-6);
        }
    }

    @Test
    void nonForwardInitialisationDivergesFromBackprop() {
        PcTrainer trainer = PcTrainer.builder().schedule(Schedule.zil()).valueInit(ValueInit.perturbed(0.01, 7)).build();
        assertThat(divergenceFromBackprop(trainer)).isGreaterThan(1e-6);
    }

    @Test
    void updatingEveryLayerAtOneFixedStepDivergesFromBackprop() {
        // IL with the update time fixed at t_c: every layer read at the same step, here the first step at which the
        // error has reached every layer (depth - 1 = 3 value updates) and the next. Inference at gamma = 1 overshoots
        // once the wavefront has passed (the energy grows), so only the NaN/infinity check of the guard stays on.
        for (int t : new int[] {3, 4}) {
            PcTrainer trainer = PcTrainer.builder().schedule(Schedule.pc(t)).inferenceRate(1.0)
                    .divergenceFactor(Double.POSITIVE_INFINITY).build();
            double divergence = divergenceFromBackprop(trainer);
            assertThat(divergence).as("t = %s", t).isGreaterThan(1e-6).isFinite();
        }
    }

    @Test
    void inferenceRateGammaEqualsBackpropWithLayerLearningRatesAlphaTimesGammaToTheLevel() {
        for (double gamma : new double[] {0.5, 1.7}) {
            MultiLayerNetwork pc = tanhNet();
            // the same network trained by backprop, layer k (level 3 - k) with SGD rate alpha * gamma^level
            MultiLayerNetwork bp = Nets.init(new NeuralNetConfiguration.Builder().seed(32)
                    .dataType(org.nd4j.linalg.api.buffer.DataType.DOUBLE).list()
                    .layer(new DenseLayer.Builder().nIn(4).nOut(7).activation(Activation.TANH).updater(new Sgd(ALPHA * Math.pow(gamma, 3))).build())
                    .layer(new DenseLayer.Builder().nIn(7).nOut(6).activation(Activation.TANH).updater(new Sgd(ALPHA * Math.pow(gamma, 2))).build())
                    .layer(new DenseLayer.Builder().nIn(6).nOut(5).activation(Activation.TANH).updater(new Sgd(ALPHA * gamma)).build())
                    .layer(new OutputLayer.Builder(LossFunction.MSE).nIn(5).nOut(3).activation(Activation.IDENTITY).updater(new Sgd(ALPHA)).build())
                    .build());
            bp.setParams(pc.params().dup());
            MultiLayerNetwork initial = pc.clone();
            PcTrainer trainer = PcTrainer.builder().schedule(Schedule.zil()).inferenceRate(gamma).build();
            for (DataSet b : BATCHES) {
                trainer.fitBatch(pc, b);
                bp.fit(b);
            }
            assertThat(Oracles.relativeDivergence(pc, bp, initial)).as("gamma = %s", gamma).isLessThanOrEqualTo(1e-10);
        }
    }
}
