package org.pc4j.trainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;
import org.pc4j.testkit.NdAssertions;
import org.pc4j.trainers.testing.Batches;
import org.pc4j.trainers.testing.Nets;
import org.pc4j.trainers.testing.Nets.Head;

/**
 * The kernel path ({@link KernelPath}) against the general path, which is the reference: on the same network and
 * batches, every energy of every step and the parameters after every batch agree to double rounding (1e-12 relative),
 * for PC and iPC, every activation the kernel computes, with the inference-rate control halving and without; in float32
 * to float rounding. Where the kernel path does not apply, AUTO runs the general path and KERNEL refuses, with the reason.
 */
class KernelPathTest {

    /** 6 -> 7 -> 6 -> 5 -> 3 with the given hidden activation and a softmax cross-entropy head, double precision. */
    private static MultiLayerNetwork dense(Activation activation, long seed) {
        return Nets.dense(activation, Head.SOFTMAX_XENT, new Adam(1e-2), 6, 3, seed);
    }

    private static List<BatchResult> train(MultiLayerNetwork net, Schedule schedule, double gamma, KernelPath path, List<DataSet> batches) {
        List<BatchResult> results = new ArrayList<>();
        try (PcSession s = PcTrainer.builder().schedule(schedule).inferenceRate(gamma).kernelPath(path).build().open(net, true)) {
            for (DataSet b : batches) {
                results.add(s.fit(b));
            }
        }
        return results;
    }

    private static void assertSameRun(MultiLayerNetwork kernel, List<BatchResult> k, MultiLayerNetwork general, List<BatchResult> g,
                                      double tolerance) {
        // relative to each parameter, and to the parameters' scale (1) where a parameter is near zero
        NdAssertions.assertAllClose("parameters", kernel.params(), general.params(), tolerance, tolerance / 10);
        assertThat(k).hasSameSizeAs(g);
        for (int b = 0; b < k.size(); b++) {
            assertThat(k.get(b).steps()).isEqualTo(g.get(b).steps());
            assertThat(k.get(b).weightUpdates()).isEqualTo(g.get(b).weightUpdates());
            for (int e = 0; e < k.get(b).steps(); e++) {
                for (int l = 0; l < k.get(b).layers().size(); l++) {
                    double expected = g.get(b).energy(e, l);
                    assertThat(k.get(b).energy(e, l)).as("batch %d step %d node %d", b, e, l)
                            .isCloseTo(expected, org.assertj.core.data.Offset.offset(tolerance * Math.max(1e-3, Math.abs(expected))));
                }
            }
        }
        assertThat(kernel.getIterationCount()).isEqualTo(general.getIterationCount());
    }

    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"TANH", "SIGMOID", "RELU", "IDENTITY"})
    void pcAndIpcOnTheKernelPathEqualTheGeneralPathInDoublePrecision(Activation activation) {
        List<DataSet> batches = Batches.dense(4, 9, 6, 3, true, 11);
        for (Schedule schedule : List.of(Schedule.pc(8), Schedule.ipc(4))) {
            MultiLayerNetwork initial = dense(activation, 5);
            MultiLayerNetwork general = initial.clone();
            MultiLayerNetwork kernel = initial.clone();
            List<BatchResult> g = train(general, schedule, 0.1, KernelPath.GENERAL, batches);
            List<BatchResult> k = train(kernel, schedule, 0.1, KernelPath.KERNEL, batches);
            assertSameRun(kernel, k, general, g, 1e-12);
            assertThat(kernel.params().sub(initial.params()).amaxNumber().doubleValue()).as("%s learned", schedule).isGreaterThan(1e-4);
        }
    }

    /** Above the stable rate the control halves gamma on both paths at the same steps, so the runs stay equal. */
    @Test
    void theInferenceRateControlHalvesAtTheSameStepsOnBothPaths() {
        List<DataSet> batches = Batches.dense(3, 9, 6, 3, true, 12);
        MultiLayerNetwork initial = dense(Activation.TANH, 6);
        MultiLayerNetwork general = initial.clone();
        MultiLayerNetwork kernel = initial.clone();
        List<BatchResult> g = train(general, Schedule.pc(10), 2.5, KernelPath.GENERAL, batches);
        List<BatchResult> k = train(kernel, Schedule.pc(10), 2.5, KernelPath.KERNEL, batches);
        boolean rose = false;
        for (BatchResult r : g) {
            for (int e = 1; e < r.steps(); e++) {
                rose |= r.totalEnergy(e) > r.totalEnergy(e - 1);
            }
        }
        assertThat(rose).as("gamma 2.5 is above the stable rate: some step raised the energy and was halved").isTrue();
        assertSameRun(kernel, k, general, g, 1e-12);
    }

    @Test
    void inFloat32TheTwoPathsAgreeToFloatRounding() {
        List<DataSet> batches = new ArrayList<>();
        for (DataSet d : Batches.dense(3, 16, 6, 3, true, 13)) {
            batches.add(new DataSet(d.getFeatures().castTo(DataType.FLOAT), d.getLabels().castTo(DataType.FLOAT)));
        }
        MultiLayerNetwork initial = dense(Activation.TANH, 7).convertDataType(DataType.FLOAT);
        MultiLayerNetwork general = initial.clone();
        MultiLayerNetwork kernel = initial.clone();
        train(general, Schedule.pc(8), 0.1, KernelPath.GENERAL, batches);
        train(kernel, Schedule.pc(8), 0.1, KernelPath.KERNEL, batches);
        assertThat(kernel.params().dataType()).isEqualTo(DataType.FLOAT);
        NdAssertions.assertAllClose("float32 parameters", kernel.params(), general.params(), 1e-4, 1e-6);
    }

    /** One PC(T) update equals the finite-difference gradient of the energy at the relaxed state (SGD, lr 1). */
    @Test
    void aPcUpdateOnTheKernelPathIsTheEnergyGradientAtTheRelaxedState() {
        // the general path is the reference above; here the kernel's update is checked against the energy itself
        DataSet batch = Batches.dense(1, 5, 6, 3, true, 14).get(0);
        MultiLayerNetwork net = Nets.dense(Activation.TANH, Head.SOFTMAX_XENT, new Sgd(1.0), 6, 3, 8);
        MultiLayerNetwork reference = net.clone();
        INDArray before = net.params().dup();
        PcTrainer trainer = PcTrainer.builder().schedule(Schedule.pc(6)).inferenceRate(0.1).kernelPath(KernelPath.KERNEL).build();
        try (PcSession s = trainer.open(net, false)) {
            s.fit(batch);
        }
        Inference relaxed;
        try (PcSession s = PcTrainer.builder().schedule(Schedule.pc(6)).inferenceRate(0.1).kernelPath(KernelPath.GENERAL).build()
                .open(reference, false)) {
            relaxed = s.infer(batch, 7, 0);
        }
        // E(theta) at the relaxed values, the energy's gradient by central differences, over the batch mean (DL4J divides by B)
        INDArray params = reference.params().dup();
        INDArray step = before.sub(net.params());
        double h = 1e-6;
        for (int i = 0; i < params.length(); i += 7) {
            double v = params.getDouble(i);
            reference.params().putScalar(i, v + h);
            double up = org.pc4j.trainers.testing.EnergyOracle.energy(reference, batch.getFeatures(), batch.getLabels(), relaxed.values());
            reference.params().putScalar(i, v - h);
            double down = org.pc4j.trainers.testing.EnergyOracle.energy(reference, batch.getFeatures(), batch.getLabels(), relaxed.values());
            reference.params().putScalar(i, v);
            double fd = (up - down) / (2 * h) / batch.numExamples();
            assertThat(step.getDouble(i)).as("parameter %d", i).isCloseTo(fd, org.assertj.core.data.Offset.offset(1e-7 + 1e-6 * Math.abs(fd)));
        }
    }

    @Test
    void autoRunsTheGeneralPathWhereTheKernelDoesNotApplyAndKernelRefusesWithTheReason() {
        MultiLayerNetwork cnn = Nets.cnn(Head.SOFTMAX_XENT, new Adam(1e-2), 3, 1);
        PcTrainer forced = PcTrainer.builder().schedule(Schedule.pc(5)).kernelPath(KernelPath.KERNEL).build();
        assertThatThrownBy(() -> forced.open(cnn, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kernelPath(KERNEL)").hasMessageContaining("input preprocessors");
        MultiLayerNetwork mse = Nets.dense(Activation.TANH, Head.MSE, new Adam(1e-2), 6, 3, 1);
        assertThatThrownBy(() -> forced.open(mse, false)).hasMessageContaining("softmax with unweighted MCXENT");
        MultiLayerNetwork net = dense(Activation.TANH, 2);
        PcTrainer zil = PcTrainer.builder().schedule(Schedule.zil()).kernelPath(KernelPath.KERNEL).build();
        assertThatThrownBy(() -> zil.open(net, false)).hasMessageContaining("the schedule is zil");
        PcTrainer listened = PcTrainer.builder().schedule(Schedule.pc(5)).kernelPath(KernelPath.KERNEL).listeners(new PcListener() {
        }).build();
        assertThatThrownBy(() -> listened.open(net, false)).hasMessageContaining("PcListeners");
        MultiLayerNetwork elu = Nets.dense(Activation.ELU, Head.SOFTMAX_XENT, new Adam(1e-2), 6, 3, 1);
        assertThatThrownBy(() -> forced.open(elu, false)).hasMessageContaining("activation");
        // AUTO: the same networks train on the general path
        DataSet batch = Batches.dense(1, 4, 6, 3, true, 3).get(0);
        try (PcSession s = PcTrainer.builder().schedule(Schedule.pc(5)).build().open(elu, false)) {
            s.fit(batch);
        }
        // a masked batch on a forced kernel path is refused before any change
        INDArray before = net.params().dup();
        DataSet masked = new DataSet(batch.getFeatures(), batch.getLabels(), null, org.nd4j.linalg.factory.Nd4j.ones(DataType.DOUBLE, 4, 1));
        try (PcSession s = forced.open(net, false)) {
            assertThatThrownBy(() -> s.fit(masked)).hasMessageContaining("does not take this batch").hasMessageContaining("masks");
        }
        NdAssertions.assertBitIdentical(net.params(), before);
    }

    /**
     * The kernel path applies Adam in its own pass ({@code FusedAdam}); the general path through DL4J's updater is the
     * reference: after every batch the parameters, Adam's moments (the updater's state view) and the update left in the
     * gradient view agree to double rounding, with a learning-rate schedule too; and a later {@code net.fit} continues
     * from that state as from DL4J's own (the same parameters after it).
     */
    @Test
    void theKernelPathsAdamLeavesDl4jsUpdaterStateSoNetFitContinuesFromIt() {
        List<DataSet> batches = Batches.dense(4, 9, 6, 3, true, 21);
        Adam scheduled = new Adam(new org.nd4j.linalg.schedule.ExponentialSchedule(org.nd4j.linalg.schedule.ScheduleType.ITERATION, 2e-2, 0.7));
        for (Adam adam : List.of(new Adam(1e-2), scheduled)) {
            for (Schedule schedule : List.of(Schedule.pc(6), Schedule.ipc(3))) {
                MultiLayerNetwork initial = Nets.dense(Activation.TANH, Head.SOFTMAX_XENT, adam, 6, 3, 4);
                MultiLayerNetwork general = initial.clone();
                MultiLayerNetwork kernel = initial.clone();
                try (PcSession g = PcTrainer.builder().schedule(schedule).inferenceRate(0.1).kernelPath(KernelPath.GENERAL).build().open(general, false);
                     PcSession k = PcTrainer.builder().schedule(schedule).inferenceRate(0.1).kernelPath(KernelPath.KERNEL).build().open(kernel, false)) {
                    for (DataSet b : batches) {
                        g.fit(b);
                        k.fit(b);
                        String what = adam.getLearningRateSchedule() == null ? schedule + ", fixed rate" : schedule + ", scheduled rate";
                        assertSameToDoubleRounding(what + ": parameters", kernel.params(), general.params());
                        assertSameToDoubleRounding(what + ": Adam's moments", kernel.getUpdater().getStateViewArray(),
                                general.getUpdater().getStateViewArray());
                        assertSameToDoubleRounding(what + ": the update in the gradient view", kernel.getFlattenedGradients(),
                                general.getFlattenedGradients());
                    }
                }
                assertThat(kernel.getUpdater().getStateViewArray().amaxNumber().doubleValue()).as("the moments moved").isGreaterThan(1e-6);
                DataSet next = Batches.dense(1, 9, 6, 3, true, 22).get(0);
                general.fit(next);
                kernel.fit(next);
                assertSameToDoubleRounding(schedule + ": after net.fit", kernel.params(), general.params());
            }
        }
    }

    /**
     * An Adam block of 136,000 parameters is long enough for the fused Adam to split it over the cores ({@code Parts});
     * the runs still equal the general path's to double rounding (and a [128, 1030] layer's long loops do too).
     */
    @Test
    void anAdamBlockSplitOverTheCoresGivesTheGeneralPathsRun() {
        MultiLayerNetwork initial = new MultiLayerNetwork(Nets.base(new Adam(1e-3), 6).list()
                .layer(new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nIn(128).nOut(1030).activation(Activation.TANH).build())
                .layer(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder(org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MCXENT)
                        .nIn(1030).nOut(3).activation(Activation.SOFTMAX).build())
                .build());
        initial.init();
        assertThat(org.pc4j.trainers.kernel.Parts.of(initial.numParams())).as("the Adam block is split").isGreaterThan(1);
        List<DataSet> batches = Batches.dense(2, 128, 128, 3, true, 31);
        for (Schedule schedule : List.of(Schedule.pc(4), Schedule.ipc(2))) {
            MultiLayerNetwork general = initial.clone();
            MultiLayerNetwork kernel = initial.clone();
            List<BatchResult> g = train(general, schedule, 0.1, KernelPath.GENERAL, batches);
            List<BatchResult> k = train(kernel, schedule, 0.1, KernelPath.KERNEL, batches);
            assertSameToDoubleRounding(schedule + ": parameters", kernel.params(), general.params());
            assertSameToDoubleRounding(schedule + ": Adam's moments", kernel.getUpdater().getStateViewArray(), general.getUpdater().getStateViewArray());
            for (int b = 0; b < k.size(); b++) {
                for (int e = 0; e < k.get(b).steps(); e++) {
                    assertThat(k.get(b).energy(e, 0)).as("batch %d step %d", b, e)
                            .isCloseTo(g.get(b).energy(e, 0), org.assertj.core.data.Offset.offset(1e-12 * Math.max(1, g.get(b).energy(e, 0))));
                }
            }
            assertThat(kernel.params().sub(initial.params()).amaxNumber().doubleValue()).as("%s learned", schedule).isGreaterThan(1e-5);
        }
    }

    /** Updaters other than Adam, and Adam with regularisation, go through DL4J's updater on the kernel path: the same runs. */
    @Test
    void otherUpdatersAndRegularisedAdamRunDl4jsUpdaterOnTheKernelPath() {
        List<DataSet> batches = Batches.dense(3, 9, 6, 3, true, 23);
        List<MultiLayerNetwork> nets = List.of(
                Nets.dense(Activation.TANH, Head.SOFTMAX_XENT, new org.nd4j.linalg.learning.config.Nesterovs(1e-2, 0.9), 6, 3, 4),
                Nets.dense(Activation.TANH, Head.SOFTMAX_XENT, new org.nd4j.linalg.learning.config.AdaMax(1e-2), 6, 3, 4),
                init(Nets.base(new Adam(1e-2), 4).l2(1e-2)),
                init(Nets.base(new Adam(1e-2), 4).weightDecay(1e-2)),
                init(Nets.base(new Adam(1e-2), 4).gradientNormalization(org.deeplearning4j.nn.conf.GradientNormalization.ClipL2PerLayer)
                        .gradientNormalizationThreshold(1e-3)));
        for (MultiLayerNetwork initial : nets) {
            MultiLayerNetwork general = initial.clone();
            MultiLayerNetwork kernel = initial.clone();
            train(general, Schedule.ipc(3), 0.1, KernelPath.GENERAL, batches);
            train(kernel, Schedule.ipc(3), 0.1, KernelPath.KERNEL, batches);
            String what = initial.getLayerWiseConfigurations().getConf(0).getLayer().toString();
            assertSameToDoubleRounding(what + ": parameters", kernel.params(), general.params());
            assertSameToDoubleRounding(what + ": updater state", kernel.getUpdater().getStateViewArray(), general.getUpdater().getStateViewArray());
            assertThat(kernel.params().sub(initial.params()).amaxNumber().doubleValue()).as("%s learned", what).isGreaterThan(1e-4);
        }
    }

    /**
     * Every element within 1e-12 of itself or of the array's largest (Adam and AdaMax divide each gradient by its own
     * running size, so a gradient near zero carries the paths' rounding, ~1e-12 of the largest gradient, into its update).
     */
    private static void assertSameToDoubleRounding(String what, INDArray actual, INDArray expected) {
        NdAssertions.assertAllClose(what, actual, expected, 1e-12, 1e-12 * expected.amaxNumber().doubleValue());
    }

    /** 6 -> 7 -> 6 -> 5 -> 3, tanh, softmax cross-entropy, on {@code base}'s updater and regularisation. */
    private static MultiLayerNetwork init(org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder base) {
        MultiLayerNetwork net = new MultiLayerNetwork(base.list()
                .layer(new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nIn(6).nOut(7).activation(Activation.TANH).build())
                .layer(new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nIn(7).nOut(6).activation(Activation.TANH).build())
                .layer(new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nIn(6).nOut(5).activation(Activation.TANH).build())
                .layer(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder(org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MCXENT)
                        .nIn(5).nOut(3).activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        return net;
    }

    @Test
    void theKernelPathIsPartOfTheConfigurationsJson() {
        PcConfig config = PcTrainer.builder().schedule(Schedule.pc(5)).kernelPath(KernelPath.GENERAL).build().config();
        assertThat(config.kernelPath()).isEqualTo(KernelPath.GENERAL);
        assertThat(PcConfig.fromJson(config.toJson())).isEqualTo(config);
        String old = config.toJson().replace(",\n  \"kernelPath\" : \"GENERAL\"", "");
        assertThat(old).doesNotContain("kernelPath");
        assertThat(PcConfig.fromJson(old).kernelPath()).as("written before the field existed").isEqualTo(KernelPath.AUTO);
        assertThatThrownBy(() -> PcConfig.fromJson(config.toJson().replace("\"GENERAL\"", "\"FAST\""))).hasMessageContaining("kernelPath");
    }
}
