package org.pc4j.trainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.pc4j.trainers.testing.Custom;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Sgd;
import org.pc4j.trainers.testing.Graphs;
import org.pc4j.trainers.testing.Nets;

/**
 * What {@link PcNetworks} says about a network, derived by hand from the wiring: levels are longest paths to the
 * output, distances shortest paths, depth the largest level plus one; PC needs T = the farthest distance of a layer
 * with parameters, iPC one more.
 */
class PcNetworksTest {

    @Test
    void aChainOfFourLayersHasLevelsThreeToZeroAndNeedsThreePcStepsAndFourIpcSteps() {
        MultiLayerNetwork net = Nets.dense(Activation.TANH, Nets.Head.SOFTMAX_XENT, new Sgd(0.1), 4, 3, 1);
        List<PcNetworks.Vertex> v = PcNetworks.vertices(net);
        assertThat(v).extracting(PcNetworks.Vertex::level).containsExactly(3, 2, 1, 0);
        assertThat(v).extracting(PcNetworks.Vertex::shortestDistance).containsExactly(3, 2, 1, 0);
        assertThat(v).allMatch(PcNetworks.Vertex::hasParameters);
        assertThat(v.get(0).description()).isEqualTo("layer 0 'layer0' (DenseLayer)");
        assertThat(PcNetworks.depth(net)).isEqualTo(4);
        assertThat(PcNetworks.minimumSteps(Schedule.Kind.PC, net)).isEqualTo(3);
        assertThat(PcNetworks.minimumSteps(Schedule.Kind.IPC, net)).isEqualTo(4);
        assertThat(PcNetworks.minimumSteps(Schedule.Kind.ZIL, net)).isZero();
        assertThat(PcNetworks.stepsPerBatch(Schedule.pc(20), net)).isEqualTo(21);
        assertThat(PcNetworks.stepsPerBatch(Schedule.ipc(5), net)).isEqualTo(5);
        assertThat(PcNetworks.stepsPerBatch(Schedule.zil(), net)).isEqualTo(4);
        assertThat(PcNetworks.stepsPerBatch(Schedule.faZil(4, 2), net)).isEqualTo(6);
        assertThat(PcNetworks.whyUnsupported(net)).isEmpty();
    }

    /** d1 - d2 - d3 - add(d1, d3) - d4 - add2(d4, d2) - out: the skip edges make levels and distances differ. */
    @Test
    void aResidualGraphsLevelsAreLongestPathsAndItsStepsFollowTheShortestOnes() {
        ComputationGraph g = Graphs.denseResidual(Nets.Head.SOFTMAX_XENT, new Sgd(0.1), 3, 2);
        List<PcNetworks.Vertex> v = PcNetworks.vertices(g);
        assertThat(v).extracting(PcNetworks.Vertex::name).containsExactly("d1", "d2", "d3", "add", "d4", "add2", "out");
        assertThat(v).extracting(PcNetworks.Vertex::level).containsExactly(6, 5, 4, 3, 2, 1, 0);
        assertThat(v).extracting(PcNetworks.Vertex::shortestDistance).containsExactly(3, 2, 4, 3, 2, 1, 0);
        assertThat(v).extracting(PcNetworks.Vertex::hasParameters).containsExactly(true, true, true, false, true, false, true);
        assertThat(PcNetworks.depth(g)).isEqualTo(7);
        assertThat(PcNetworks.minimumSteps(Schedule.Kind.PC, g)).isEqualTo(4);  // d3, 4 steps from the output
        assertThat(PcNetworks.minimumSteps(Schedule.Kind.IPC, g)).isEqualTo(5);
    }

    @Test
    void anUnsupportedNetworkSaysWhyWithoutThrowingAndEveryOtherQueryRefusesIt() {
        MultiLayerNetwork net = Nets.init(Nets.base(new Sgd(0.1), 3).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(5).activation(Activation.TANH).build())
                .layer(new Custom.CustomDense(5, 5))
                .layer(new OutputLayer.Builder().nIn(5).nOut(3).activation(Activation.SOFTMAX).build())
                .build());
        assertThat(PcNetworks.whyUnsupported(net)).hasValueSatisfying(m -> assertThat(m)
                .contains("layer 1").contains("CustomDense").contains("Supported layers"));
        assertThatThrownBy(() -> PcNetworks.depth(net)).isInstanceOf(UnsupportedNetworkException.class);
        assertThatThrownBy(() -> PcNetworks.vertices(net)).isInstanceOf(UnsupportedNetworkException.class);
    }
}
