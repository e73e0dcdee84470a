package org.pc4j.trainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.GravesLSTM;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.pc4j.trainers.testing.Nets;

/**
 * Truncated BPTT ({@code BackpropType.TruncatedBPTT}): each batch of sequences cut into segments of the forward length,
 * one batch of the schedule per segment, the recurrent state carried from one segment to the next, each recurrent
 * layer's backprop running through the forward pass from that state and reaching back the backward length.
 * <ul>
 * <li>Where DL4J M2.1's own truncated BPTT is right (the first segment of each batch, whose state is zero), Z-IL and
 *     Fa-Z-IL train exactly as {@code net.fit} (parameters, Adam state, iteration count; float and double; chain and
 *     graph; masks).</li>
 * <li>From the second segment on, Z-IL's update is the central finite difference of the segment's loss from the
 *     carried state; DL4J's {@code net.fit} is not: its recurrent layers' backprop recomputes the forward pass from a zero
 *     state (and it ignores the backward length), which the last test documents.</li>
 * <li>PC and iPC train each segment from the carried state and learn a memory task.</li>
 * </ul>
 */
class TruncatedBpttTest {

    private static final int STEPS = 10;

    /** [3, T] -> LSTM 5 -> Graves LSTM 4 -> softmax over 3 per step; TBPTT forward 4, backward {@code back}. */
    private static MultiLayerNetwork chain(int back, Object updater) {
        return Nets.init(Nets.base((org.nd4j.linalg.learning.config.IUpdater) updater, 71).list()
                .layer(new LSTM.Builder().nOut(5).activation(Activation.TANH).build())
                .layer(new GravesLSTM.Builder().nOut(4).activation(Activation.TANH).build())
                .layer(new RnnOutputLayer.Builder(LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.recurrent(3, STEPS))
                .backpropType(BackpropType.TruncatedBPTT).tBPTTForwardLength(4).tBPTTBackwardLength(back)
                .build());
    }

    private static ComputationGraph graph() {
        ComputationGraph g = new ComputationGraph(Nets.base(new Adam(0.02), 72).graphBuilder().addInputs("in")
                .setInputTypes(InputType.recurrent(3, STEPS))
                .addLayer("lstm", new LSTM.Builder().nOut(5).activation(Activation.TANH).build(), "in")
                .addLayer("rnn", new GravesLSTM.Builder().nOut(4).activation(Activation.TANH).build(), "lstm")
                .addLayer("out", new RnnOutputLayer.Builder(LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build(), "rnn")
                .setOutputs("out").backpropType(BackpropType.TruncatedBPTT).tBPTTForwardLength(4).tBPTTBackwardLength(4).build());
        g.init();
        return g;
    }

    /** Sequences of {@code STEPS} steps whose class at step t is the argmax of the input at step t - 1 (a memory task). */
    private static List<DataSet> batches(int count, boolean masks, long seed) {
        Random r = new Random(seed);
        List<DataSet> out = new java.util.ArrayList<>();
        for (int b = 0; b < count; b++) {
            INDArray x = Nd4j.zeros(DataType.DOUBLE, 4, 3, STEPS);
            INDArray y = Nd4j.zeros(DataType.DOUBLE, 4, 3, STEPS);
            for (int i = 0; i < 4; i++) {
                int previous = 0;
                for (int t = 0; t < STEPS; t++) {
                    int c = r.nextInt(3);
                    x.putScalar(new int[] {i, c, t}, 1.0);
                    x.putScalar(new int[] {i, (c + 1) % 3, t}, 0.25 * r.nextDouble());
                    y.putScalar(new int[] {i, previous, t}, 1.0);
                    previous = c;
                }
            }
            INDArray mask = null;
            if (masks) {
                mask = Nd4j.ones(DataType.DOUBLE, 4, STEPS);
                mask.get(NDArrayIndex.point(1), NDArrayIndex.interval(7, STEPS)).assign(0);
                mask.get(NDArrayIndex.point(3), NDArrayIndex.interval(9, STEPS)).assign(0);
            }
            out.add(new DataSet(x, y, mask, mask));
        }
        return out;
    }

    private static void fitBoth(NeuralNetwork pc, NeuralNetwork bp, PcTrainer trainer, List<DataSet> batches, DataType type) {
        for (DataSet d : batches) {
            DataSet b = new DataSet(d.getFeatures().castTo(type), d.getLabels().castTo(type),
                    d.getFeaturesMaskArray() == null ? null : d.getFeaturesMaskArray().castTo(type),
                    d.getLabelsMaskArray() == null ? null : d.getLabelsMaskArray().castTo(type));
            Nd4j.getRandom().setSeed(3);
            trainer.fit(pc, b);
            Nd4j.getRandom().setSeed(3);
            if (bp instanceof MultiLayerNetwork m) {
                m.fit(b);
            } else {
                ((ComputationGraph) bp).fit(b);
            }
        }
    }

    private static void assertExactlyEqual(NeuralNetwork pc, NeuralNetwork bp, String what) {
        assertThat(pc.params().equalsWithEps(bp.params(), 0)).as("%s: parameters exactly net.fit's (distance %s)", what,
                pc.params().distance2(bp.params())).isTrue();
        INDArray a = pc instanceof MultiLayerNetwork m ? m.getUpdater().getStateViewArray() : ((ComputationGraph) pc).getUpdater().getStateViewArray();
        INDArray b = bp instanceof MultiLayerNetwork m ? m.getUpdater().getStateViewArray() : ((ComputationGraph) bp).getUpdater().getStateViewArray();
        assertThat(a.equalsWithEps(b, 0)).as("%s: updater state", what).isTrue();
    }

    /** @return the batch cut to its first {@code steps} steps */
    private static DataSet first(DataSet d, int steps) {
        return new DataSet(d.getFeatures().get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, steps)).dup(),
                d.getLabels().get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, steps)).dup(),
                d.getFeaturesMaskArray() == null ? null : d.getFeaturesMaskArray().get(NDArrayIndex.all(), NDArrayIndex.interval(0, steps)).dup(),
                d.getLabelsMaskArray() == null ? null : d.getLabelsMaskArray().get(NDArrayIndex.all(), NDArrayIndex.interval(0, steps)).dup());
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT"})
    void onOneSegmentPerBatchZilAndFaZilTrainExactlyAsNetFit(DataType type) {
        for (Schedule schedule : List.of(Schedule.zil(), Schedule.faZil(4))) {
            MultiLayerNetwork pc = chain(4, new Adam(0.02)).convertDataType(type);
            MultiLayerNetwork bp = chain(4, new Adam(0.02)).convertDataType(type);
            List<DataSet> batches = batches(3, true, 5).stream().map(d -> first(d, 4)).toList();
            fitBoth(pc, bp, PcTrainer.builder().schedule(schedule).build(), batches, type);
            assertExactlyEqual(pc, bp, schedule + ", " + type);
            assertThat(pc.getIterationCount()).isEqualTo(3).isEqualTo(bp.getIterationCount());
        }
    }

    /** Records, at the start of each segment, the parameters and every recurrent layer's carried state. */
    private static final class SegmentRecorder implements PcListener {
        final List<INDArray> params = new java.util.ArrayList<>();
        final List<List<java.util.Map<String, INDArray>>> states = new java.util.ArrayList<>();

        @Override
        public void onInferenceStep(org.deeplearning4j.nn.api.Model network, InferenceStep step) {
            if (step.step() != 0) {
                return;
            }
            params.add(network.params().dup());
            List<java.util.Map<String, INDArray>> s = new java.util.ArrayList<>();
            for (org.deeplearning4j.nn.api.Layer l : ((MultiLayerNetwork) network).getLayers()) {
                java.util.Map<String, INDArray> copy = new java.util.HashMap<>();
                if (l instanceof org.deeplearning4j.nn.api.layers.RecurrentLayer r) {
                    r.rnnGetPreviousState().forEach((k, v) -> copy.put(k, v.dup()));
                }
                s.add(copy);
            }
            states.add(s);
        }
    }

    /** @return the summed MCXENT loss of {@code segment} under parameters {@code theta}, the recurrent layers starting from {@code state} */
    private static double segmentLoss(INDArray theta, List<java.util.Map<String, INDArray>> state, DataSet segment) {
        MultiLayerNetwork net = chain(4, new Sgd(0.1));
        net.setParams(theta);
        org.deeplearning4j.nn.api.Layer[] layers = net.getLayers();
        for (int k = 0; k < layers.length; k++) {
            if (layers[k] instanceof org.deeplearning4j.nn.api.layers.RecurrentLayer r) {
                r.rnnSetPreviousState(state.get(k));
                r.rnnSetTBPTTState(state.get(k)); // DL4J's stored-state forward pass reads this one
            }
        }
        List<INDArray> activations = net.rnnActivateUsingStoredState(segment.getFeatures(), true, false);
        INDArray p = activations.get(activations.size() - 1);
        return -segment.getLabels().mul(org.nd4j.linalg.ops.transforms.Transforms.log(p, true)).sumNumber().doubleValue();
    }

    @Test
    void everySegmentsZilUpdateIsTheGradientOfTheSegmentsLossFromTheCarriedState() {
        DataSet whole = batches(1, false, 11).get(0);
        MultiLayerNetwork net = chain(4, new Sgd(0.1));
        SegmentRecorder rec = new SegmentRecorder();
        PcTrainer.builder().schedule(Schedule.zil()).listeners(rec).build().fit(net, whole);
        assertThat(rec.params).hasSize(3);
        int mb = 4;
        Random r = new Random(12);
        for (int s = 0; s < 3; s++) {
            int start = 4 * s;
            int end = Math.min(start + 4, STEPS);
            DataSet segment = new DataSet(whole.getFeatures().get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(start, end)).dup(),
                    whole.getLabels().get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(start, end)).dup());
            INDArray before = rec.params.get(s);
            INDArray after = s < 2 ? rec.params.get(s + 1) : net.params();
            INDArray gradient = before.sub(after).muli(mb / 0.1);
            if (s > 0) {
                assertThat(rec.states.get(s).get(0)).as("segment %s starts from a carried state", s).isNotEmpty();
            }
            for (int probe = 0; probe < 8; probe++) {
                int i = r.nextInt((int) before.length());
                double h = 1e-6;
                INDArray plus = before.dup();
                plus.putScalar(i, before.getDouble(i) + h);
                INDArray minus = before.dup();
                minus.putScalar(i, before.getDouble(i) - h);
                double fd = (segmentLoss(plus, rec.states.get(s), segment) - segmentLoss(minus, rec.states.get(s), segment)) / (2 * h);
                assertThat(gradient.getDouble(i)).as("segment %s, parameter %s", s, i)
                        .isCloseTo(fd, org.assertj.core.api.Assertions.within(1e-6 * (1 + Math.abs(fd))));
            }
        }
    }

    @Test
    void dl4jsOwnTruncatedBpttGradientIsNotTheSegmentsLossGradientFromTheSecondSegmentOn() {
        DataSet whole = batches(1, false, 11).get(0);
        MultiLayerNetwork net = chain(4, new Sgd(0.1));
        SegmentRecorder rec = new SegmentRecorder();
        PcTrainer.builder().schedule(Schedule.zil()).listeners(rec).build().fit(net, whole);
        // DL4J's gradient of segment 2 at the same parameters and carried state
        MultiLayerNetwork dl4j = chain(4, new Sgd(0.1));
        dl4j.setParams(rec.params.get(1));
        for (int k = 0; k < dl4j.getLayers().length; k++) {
            if (dl4j.getLayer(k) instanceof org.deeplearning4j.nn.api.layers.RecurrentLayer r) {
                r.rnnSetPreviousState(rec.states.get(1).get(k));
                r.rnnSetTBPTTState(rec.states.get(1).get(k));
            }
        }
        DataSet segment = new DataSet(whole.getFeatures().get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(4, 8)).dup(),
                whole.getLabels().get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(4, 8)).dup());
        dl4j.setInput(segment.getFeatures());
        dl4j.setLabels(segment.getLabels());
        dl4j.computeGradientAndScore();
        INDArray theirs = dl4j.getFlattenedGradients().dup();
        INDArray ours = rec.params.get(1).sub(rec.params.get(2)).muli(4 / 0.1);
        int w = 0; // the first LSTM's first input weight
        double h = 1e-6;
        INDArray plus = rec.params.get(1).dup();
        plus.putScalar(w, plus.getDouble(w) + h);
        INDArray minus = rec.params.get(1).dup();
        minus.putScalar(w, minus.getDouble(w) - h);
        double fd = (segmentLoss(plus, rec.states.get(1), segment) - segmentLoss(minus, rec.states.get(1), segment)) / (2 * h);
        assertThat(ours.getDouble(w)).isCloseTo(fd, org.assertj.core.api.Assertions.within(1e-6 * (1 + Math.abs(fd))));
        assertThat(Math.abs(theirs.getDouble(w) - fd)).as("DL4J's gradient (%s) against the loss's (%s)", theirs.getDouble(w), fd)
                .isGreaterThan(1e-4 * (1 + Math.abs(fd)));
    }

    @Test
    void zilOnAGraphTrainsAsItsNetFit() {
        ComputationGraph pc = graph();
        ComputationGraph bp = graph();
        fitBoth(pc, bp, PcTrainer.builder().schedule(Schedule.zil()).build(),
                batches(3, false, 6).stream().map(d -> first(d, 4)).toList(), DataType.DOUBLE);
        assertExactlyEqual(pc, bp, "graph");
        assertThat(pc.getIterationCount()).isEqualTo(3);
    }

    /** A learning run of half a minute on two cores: slow profile. */
    @org.junit.jupiter.api.Tag("slow")
    @Test
    void pcAndIpcLearnASequenceTaskUnderTruncatedBptt() {
        List<DataSet> train = batches(6, false, 8);
        DataSet test = batches(1, false, 9).get(0);
        for (Schedule schedule : List.of(Schedule.pc(6), Schedule.ipc(4))) {
            MultiLayerNetwork net = chain(4, new Adam(0.02));
            double before = net.score(test);
            PcTrainer trainer = PcTrainer.builder().schedule(schedule).inferenceRate(0.1).build();
            for (int epoch = 0; epoch < 4; epoch++) {
                for (DataSet b : train) {
                    trainer.fit(net, b);
                }
            }
            double after = net.score(test);
            assertThat(after).as("%s: held-out loss", schedule).isLessThan(0.7 * before); // measured: PC 0.51x, iPC 0.29x
        }
    }

    @Test
    void layersThatCannotCarryTheirStateAreRefused() {
        for (org.deeplearning4j.nn.conf.layers.Layer layer : List.of(
                new SimpleRnn.Builder().nOut(4).activation(Activation.TANH).build(),
                new org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional(new LSTM.Builder().nOut(4).build()),
                new org.deeplearning4j.nn.conf.layers.util.MaskZeroLayer(new LSTM.Builder().nOut(4).build(), 0.0))) {
            var list = Nets.base(new Adam(0.02), 73).list().layer(layer)
                    .layer(new RnnOutputLayer.Builder(LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build());
            MultiLayerNetwork net = Nets.init(list.setInputType(InputType.recurrent(3, STEPS))
                    .backpropType(BackpropType.TruncatedBPTT).tBPTTForwardLength(4).tBPTTBackwardLength(4).build());
            assertThatThrownBy(() -> PcTrainer.builder().schedule(Schedule.zil()).build().check(net))
                    .isInstanceOf(UnsupportedNetworkException.class).hasMessageContaining("truncated");
        }
    }

    @Test
    void aBatchTruncatedBpttCannotCutIsRefusedAndChangesNothing() {
        MultiLayerNetwork net = chain(4, new Adam(0.02));
        INDArray before = net.params().dup();
        PcTrainer zil = PcTrainer.builder().schedule(Schedule.zil()).build();
        DataSet d = batches(1, false, 10).get(0);
        DataSet shorterLabels = new DataSet(d.getFeatures(), d.getLabels().get(NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.interval(0, 8)));
        assertThatThrownBy(() -> zil.fit(net, shorterLabels)).isInstanceOf(InvalidBatchException.class);
        assertThatThrownBy(() -> zil.fit(net, new DataSet(d.getFeatures().get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(0)),
                d.getLabels().get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(0))))).isInstanceOf(InvalidBatchException.class);
        assertThatThrownBy(() -> zil.open(net, false).gradient(d)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("truncated BPTT");
        assertThat(net.params().equalsWithEps(before, 0)).isTrue();
        assertThat(net.getIterationCount()).isZero();
    }
}
