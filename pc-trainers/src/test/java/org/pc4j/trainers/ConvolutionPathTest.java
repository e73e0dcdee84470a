package org.pc4j.trainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.layers.convolution.PcConvolutionOps;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.pc4j.testkit.NdAssertions;
import org.pc4j.trainers.testing.Batches;
import org.pc4j.trainers.testing.Graphs;
import org.pc4j.trainers.testing.Nets;

/**
 * PC and iPC with DL4J's 2-D convolutions on libnd4j's {@code conv2d} / {@code conv2d_bp} ({@link ConvolutionPath#OPERATIONS})
 * against DL4J's im2col computation ({@link ConvolutionPath#IM2COL}), the reference: on the same network and batches, in
 * double precision, every energy of every step and the parameters after every batch agree to 1e-10 relative (the
 * operations sum in another order; the weight update itself is checked against finite differences of the energy in
 * {@code RelaxedGradientOracleTest}). Z-IL and Fa-Z-IL never take the operations.
 */
class ConvolutionPathTest {

    /**
     * [2,9,8] -> conv 3x3 same stride 2 (4, ReLU) -> conv 2x2 truncate padding 1 stride 2 (3, tanh, no bias) ->
     * max pool 2x2 -> conv 3x3 same dilation 1 (3, sigmoid) -> dense 5 tanh -> softmax + MCXENT, Adam.
     */
    private static MultiLayerNetwork convolutional(long seed) {
        return Nets.init(Nets.base(new Adam(1e-2), seed).list()
                .layer(new ConvolutionLayer.Builder(3, 3).stride(2, 2).nOut(4).activation(Activation.RELU)
                        .convolutionMode(ConvolutionMode.Same).build())
                .layer(new ConvolutionLayer.Builder(2, 2).stride(2, 2).padding(1, 1).nOut(3).hasBias(false).activation(Activation.TANH)
                        .convolutionMode(ConvolutionMode.Truncate).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(1, 1)
                        .convolutionMode(ConvolutionMode.Truncate).build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(3).activation(Activation.SIGMOID).convolutionMode(ConvolutionMode.Same).build())
                .layer(new DenseLayer.Builder().nOut(5).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(9, 8, 2)).build());
    }

    private record Run(List<BatchResult> results, boolean operations) {
    }

    private static Run train(MultiLayerNetwork net, Schedule schedule, ConvolutionPath path, List<DataSet> batches) {
        return train(net, schedule, path, WorkspaceMode.ENABLED, batches);
    }

    private static Run train(MultiLayerNetwork net, Schedule schedule, ConvolutionPath path, WorkspaceMode workspaces, List<DataSet> batches) {
        List<BatchResult> results = new ArrayList<>();
        try (PcSession s = PcTrainer.builder().schedule(schedule).inferenceRate(0.1).convolutionPath(path).workspaceMode(workspaces)
                .build().open(net, true)) {
            for (DataSet b : batches) {
                results.add(s.fit(b));
            }
            return new Run(results, s.usesConvolutionOperations());
        }
    }

    /** Two runs from the same network, each on a clone: the clones after training and their runs. */
    private record Pair(MultiLayerNetwork first, Run firstRun, MultiLayerNetwork second, Run secondRun) {
        static Pair of(MultiLayerNetwork initial, java.util.function.BiFunction<MultiLayerNetwork, Boolean, Run> run) {
            MultiLayerNetwork a = initial.clone();
            MultiLayerNetwork b = initial.clone();
            return new Pair(a, run.apply(a, true), b, run.apply(b, false));
        }
    }

    @Test
    void pcAndIpcOnLibnd4jsConvolutionOperationsEqualDl4jsIm2colToDoubleRounding() {
        List<DataSet> batches = Batches.images(3, 6, 2, 9, 8, 3, true, 41);
        for (Schedule schedule : List.of(Schedule.pc(6), Schedule.ipc(4))) {
            MultiLayerNetwork initial = convolutional(40);
            Pair p = Pair.of(initial, (net, ops) -> train(net, schedule, ops ? ConvolutionPath.OPERATIONS : ConvolutionPath.IM2COL, batches));
            MultiLayerNetwork ops = p.first();
            MultiLayerNetwork im2col = p.second();
            Run o = p.firstRun();
            Run r = p.secondRun();
            assertThat(o.operations()).as("%s on OPERATIONS takes the operations", schedule).isTrue();
            assertThat(r.operations()).as("%s on IM2COL does not", schedule).isFalse();
            assertThat(ops.params().equalsWithEps(initial.params(), 1e-6)).as("%s learns", schedule).isFalse();
            NdAssertions.assertAllClose(schedule + " parameters", ops.params(), im2col.params(), 1e-10, 1e-11);
            for (int b = 0; b < batches.size(); b++) {
                BatchResult x = o.results().get(b);
                BatchResult y = r.results().get(b);
                assertThat(x.steps()).isEqualTo(y.steps());
                for (int e = 0; e < x.steps(); e++) {
                    for (int l = 0; l < x.layers().size(); l++) {
                        double expected = y.energy(e, l);
                        assertThat(x.energy(e, l)).as("%s batch %d step %d node %d", schedule, b, e, l)
                                .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-10 * Math.max(1e-3, Math.abs(expected))));
                    }
                }
            }
        }
    }

    /**
     * A residual graph (ResNet basic blocks: 3x3 and strided 1x1 convolutions, batch norm, additions) the same way,
     * under SGD: a convolution's bias before batch norm has a true gradient of zero, and Adam would scale the two
     * computations' different rounding noise in it (1e-17) up to steps of its learning rate (seen: 1e-10 apart after two
     * batches), which says nothing about the convolutions.
     */
    @Test
    void aResidualConvolutionalGraphOnTheOperationsEqualsIm2colToDoubleRounding() {
        List<DataSet> batches = Batches.images(2, 5, 2, 6, 6, 3, true, 47);
        for (Schedule schedule : List.of(Schedule.pc(8), Schedule.ipc(6))) {
            ComputationGraph initial = Graphs.resNet(Nets.Head.SOFTMAX_XENT, new Sgd(0.1), 3, 48);
            ComputationGraph ops = initial.clone();
            ComputationGraph im2col = initial.clone();
            boolean[] used = new boolean[2];
            for (int k = 0; k < 2; k++) {
                ComputationGraph net = k == 0 ? ops : im2col;
                try (PcSession s = PcTrainer.builder().schedule(schedule).inferenceRate(0.1)
                        .convolutionPath(k == 0 ? ConvolutionPath.OPERATIONS : ConvolutionPath.IM2COL).build().open(net, false)) {
                    used[k] = s.usesConvolutionOperations();
                    for (DataSet b : batches) {
                        s.fit(b);
                    }
                }
            }
            assertThat(used).containsExactly(true, false);
            assertThat(ops.params().equalsWithEps(initial.params(), 1e-6)).as("%s learns", schedule).isFalse();
            NdAssertions.assertAllClose(schedule + " parameters", ops.params(), im2col.params(), 1e-10, 1e-11);
        }
    }

    /** The kept pre-activations live in the step's workspace: with workspaces off the same run, bit for bit. */
    @Test
    void theOperationsGiveTheSameRunWithWorkspacesOnAndOff() {
        List<DataSet> batches = Batches.images(2, 5, 2, 9, 8, 3, true, 45);
        for (Schedule schedule : List.of(Schedule.pc(5), Schedule.ipc(3))) {
            MultiLayerNetwork initial = convolutional(46);
            Pair p = Pair.of(initial, (net, enabled) -> train(net, schedule, ConvolutionPath.OPERATIONS,
                    enabled ? WorkspaceMode.ENABLED : WorkspaceMode.NONE, batches));
            assertThat(p.firstRun().operations() && p.secondRun().operations()).isTrue();
            MultiLayerNetwork on = p.first();
            MultiLayerNetwork off = p.second();
            assertThat(on.params().equalsWithEps(initial.params(), 1e-6)).as("%s learns", schedule).isFalse();
            assertThat(on.params().sub(off.params()).amaxNumber().doubleValue()).as("%s", schedule).isEqualTo(0.0);
        }
    }

    @Test
    void autoTakesTheOperationsExactlyForFloat32WhereTheNd4jBuildHasOneDnnAndNeverForZilOrFaZil() {
        List<DataSet> batches = Batches.images(1, 4, 2, 9, 8, 3, true, 43);
        MultiLayerNetwork float32 = convolutional(44).convertDataType(DataType.FLOAT);
        List<DataSet> floatBatches = List.of(new DataSet(batches.get(0).getFeatures().castTo(DataType.FLOAT),
                batches.get(0).getLabels().castTo(DataType.FLOAT)));
        assertThat(train(float32, Schedule.pc(4), ConvolutionPath.AUTO, floatBatches).operations()).isEqualTo(PcConvolutionOps.faster());
        assertThat(train(float32, Schedule.ipc(2), ConvolutionPath.AUTO, floatBatches).operations()).isEqualTo(PcConvolutionOps.faster());
        assertThat(train(float32, Schedule.pc(4), ConvolutionPath.OPERATIONS, floatBatches).operations()).isTrue();
        assertThat(train(convolutional(44), Schedule.pc(4), ConvolutionPath.AUTO, batches).operations()).as("float64").isFalse();
        assertThat(train(convolutional(44), Schedule.zil(), ConvolutionPath.AUTO, batches).operations()).isFalse();
        assertThat(train(convolutional(44), Schedule.faZil(4), ConvolutionPath.AUTO, batches).operations()).isFalse();
        assertThat(train(convolutional(44), Schedule.zil(), ConvolutionPath.IM2COL, batches).operations()).isFalse();
    }

    @Test
    void zilAndFaZilRefuseTheOperationsBeforeAnyWork() {
        for (Schedule schedule : List.of(Schedule.zil(), Schedule.faZil(3))) {
            assertThatThrownBy(() -> PcTrainer.builder().schedule(schedule).convolutionPath(ConvolutionPath.OPERATIONS).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bit for bit")
                    .hasMessageContaining("ConvolutionPath.OPERATIONS is for PC and iPC");
        }
    }

    @Test
    void theConvolutionPathSurvivesJsonAndAnOlderConfigurationReadsAsAuto() {
        PcConfig config = PcTrainer.builder().schedule(Schedule.pc(5)).convolutionPath(ConvolutionPath.OPERATIONS).build().config();
        assertThat(PcConfig.fromJson(config.toJson())).isEqualTo(config);
        String older = config.toJson().replaceAll(",\\s*\"convolutionPath\"\\s*:\\s*\"OPERATIONS\"", "");
        assertThat(older).doesNotContain("convolutionPath");
        assertThat(PcConfig.fromJson(older).convolutionPath()).isEqualTo(ConvolutionPath.AUTO);
        assertThatThrownBy(() -> PcConfig.fromJson(config.toJson().replace("\"OPERATIONS\"", "\"CUDNN\"")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("convolutionPath is 'CUDNN'")
                .hasMessageContaining("AUTO, IM2COL or OPERATIONS");
    }
}
