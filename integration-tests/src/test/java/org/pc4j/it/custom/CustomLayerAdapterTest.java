package org.pc4j.it.custom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pc4j.testkit.NdAssertions.assertBitIdentical;

import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.pc4j.trainers.PcTrainer;
import org.pc4j.trainers.Schedule;
import org.pc4j.trainers.UnsupportedNetworkException;
import org.pc4j.trainers.testing.Batches;
import org.pc4j.trainers.testing.Nets;
import org.pc4j.trainers.testing.Oracles;

/**
 * A layer pc4j has never seen, defined only in this test module, trains through the layer-adapter SPI: with its adapter
 * registered in {@code META-INF/services}, Z-IL equals DL4J's own {@code net.fit} on it (the oracle every built-in layer
 * meets), in a chain and in a graph; a subclass, for which no adapter is registered, is refused with an error that
 * says how to register one.
 */
class CustomLayerAdapterTest {

    private static final PcTrainer ZIL = PcTrainer.builder().schedule(Schedule.zil()).build();

    /** 4 -> split-activation dense 6 (tanh | sigmoid) -> dense 5 tanh -> softmax 3 + MCXENT, Adam, double. */
    private static MultiLayerNetwork chain(org.deeplearning4j.nn.conf.layers.Layer custom) {
        return Nets.init(Nets.base(new Adam(0.05), 31).list()
                .layer(custom)
                .layer(new DenseLayer.Builder().nIn(6).nOut(5).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(5).nOut(3).activation(Activation.SOFTMAX).build())
                .build());
    }

    private static SplitActivationDense custom() {
        return new SplitActivationDense.Builder().nIn(4).nOut(6).activation(Activation.TANH)
                .secondActivation(Activation.SIGMOID).build();
    }

    @Test
    void zilOnAChainWithTheRegisteredCustomLayerEqualsNetFit() {
        Oracles.Run run = Oracles.trainBoth(chain(custom()), ZIL, Batches.dense(3, 8, 4, 3, true, 32));
        assertThat(run.pc().getLayer(0)).isInstanceOf(SplitActivationDenseLayer.class);
        assertThat(run.bp().params().distance2(run.initial().params())).as("backprop moved the weights").isGreaterThan(1e-3);
        assertThat(Oracles.relativeDivergence(run)).isLessThan(1e-10);
        assertThat(Oracles.updaterStateDivergence(run)).isLessThan(1e-10);
    }

    @Test
    void zilOnAResidualGraphWithTheRegisteredCustomLayerEqualsGraphFit() {
        ComputationGraphConfiguration conf = Nets.base(new Adam(0.05), 33).graphBuilder()
                .addInputs("in")
                .addLayer("custom", custom(), "in")
                .addLayer("dense", new DenseLayer.Builder().nIn(6).nOut(6).activation(Activation.TANH).build(), "custom")
                .addVertex("add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "custom", "dense")
                .addLayer("out", new OutputLayer.Builder(LossFunction.MCXENT).nIn(6).nOut(3).activation(Activation.SOFTMAX).build(), "add")
                .setOutputs("out")
                .build();
        ComputationGraph pc = new ComputationGraph(conf);
        pc.init();
        ComputationGraph initial = pc.clone();
        ComputationGraph bp = pc.clone();
        for (DataSet b : Batches.dense(3, 8, 4, 3, true, 34)) {
            ZIL.fitBatch(pc, b);
            bp.fit(b);
        }
        assertThat(bp.params().distance2(initial.params())).isGreaterThan(1e-3);
        assertThat(Oracles.relativeDivergence(pc.paramTable(), bp.paramTable(), initial.paramTable())).isLessThan(1e-10);
    }

    /** A subclass may change what the adapter relies on: adapters match exact classes. */
    static final class Subclassed extends SplitActivationDense {
        Subclassed(SplitActivationDense.Builder b) {
            super(b);
        }
    }

    @Test
    void aSubclassWithoutItsOwnAdapterIsRefusedWithHowToRegisterOne() {
        MultiLayerNetwork net = chain(new Subclassed(new SplitActivationDense.Builder().nIn(4).nOut(6).activation(Activation.TANH)));
        MultiLayerNetwork before = net.clone();
        assertThatThrownBy(() -> ZIL.fitBatch(net, Batches.dense(1, 8, 4, 3, true, 35).get(0)))
                .isInstanceOf(UnsupportedNetworkException.class)
                .hasMessageContaining("unsupported layer type Subclassed")
                .hasMessageContaining("SplitActivationDense") // the registered adapter's layer is listed as supported
                .hasMessageContaining("LayerAdapter");
        assertBitIdentical(net.params(), before.params());
        assertThat(List.of(net.getIterationCount())).containsExactly(0);
    }
}
