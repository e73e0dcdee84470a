package org.pc4j.trainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pc4j.testkit.NdAssertions.assertBitIdentical;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.pc4j.trainers.testing.Batches;
import org.pc4j.trainers.testing.Custom;
import org.pc4j.trainers.testing.Graphs;
import org.pc4j.trainers.testing.Nets.Head;
import org.pc4j.trainers.testing.Nets;

/** Graphs and graph batches pc4j cannot train are rejected with what to change, and change nothing. */
class GraphBadInputTest {

    private static final PcTrainer IPC = PcTrainer.builder().schedule(Schedule.ipc(3)).build();

    private static void assertRejectedWithoutChange(ComputationGraph net, Runnable action, Class<? extends Throwable> type,
                                                    String... words) {
        INDArray before = net.params().dup();
        int iterations = net.getIterationCount();
        assertThatThrownBy(action::run).isInstanceOf(type).hasMessageContainingAll(words);
        assertBitIdentical(net.params(), before);
        assertThat(net.getIterationCount()).isEqualTo(iterations);
    }

    @Test
    void aVertexTypeTheTrainerDoesNotKnowIsRejectedWithItsNameAndType() {
        ComputationGraphConfiguration conf = Nets.base(new Sgd(0.1), 1).graphBuilder().addInputs("in")
                .addLayer("conv", new ConvolutionLayer.Builder(2, 2).nOut(2).activation(Activation.TANH).build(), "in")
                .addVertex("custom", new Custom.CustomScaleVertex(), "conv")
                .addLayer("out", new OutputLayer.Builder(LossFunction.MSE).nOut(2).activation(Activation.IDENTITY).build(), "custom")
                .setOutputs("out").setInputTypes(InputType.convolutional(5, 5, 1)).build();
        ComputationGraph net = Graphs.init(conf);
        DataSet batch = Batches.images(1, 3, 1, 5, 5, 2, false, 2).get(0);
        assertRejectedWithoutChange(net, () -> IPC.fitBatch(net, batch), UnsupportedNetworkException.class,
                "vertex 'custom'", "Runtime", "Supported vertices", "ElementWiseVertex", "MergeVertex", "AttentionVertex");
    }

    @Test
    void anUnsupportedLayerInAGraphIsRejectedWithItsVertexName() {
        ComputationGraphConfiguration conf = Nets.base(new Sgd(0.1), 1).graphBuilder().addInputs("in")
                .addLayer("d", new DenseLayer.Builder().nIn(4).nOut(3).build(), "in")
                .addLayer("custom", new Custom.CustomDense(3, 3), "d")
                .addVertex("add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "custom", "d")
                .addLayer("out", new OutputLayer.Builder(LossFunction.MSE).nIn(3).nOut(2).activation(Activation.IDENTITY).build(), "add")
                .setOutputs("out").build();
        ComputationGraph net = Graphs.init(conf);
        DataSet batch = Batches.dense(1, 3, 4, 2, false, 3).get(0);
        assertRejectedWithoutChange(net, () -> IPC.fitBatch(net, batch), UnsupportedNetworkException.class,
                "vertex 'custom'", "CustomDense", "Supported layers:");
    }

    @Test
    void aBatchWithTheWrongNumberOfArraysOrExamplesIsRejected() {
        ComputationGraph net = Graphs.twoInTwoOut(new Sgd(0.1), 4);
        java.util.Random r = new java.util.Random(5);
        INDArray x = Batches.uniform(r, 4, 5);
        INDArray seq = Batches.uniform(r, 4 * 3, 3).reshape(4, 3, 3);
        MultiDataSet oneLabel = new MultiDataSet(new INDArray[] {x, seq}, new INDArray[] {Batches.oneHot(r, 4, 3)});
        assertRejectedWithoutChange(net, () -> IPC.fitBatch(net, oneLabel), InvalidBatchException.class,
                "outputs [cls, reg]", "2 labels");
        MultiDataSet mismatched = new MultiDataSet(new INDArray[] {x, seq},
                new INDArray[] {Batches.oneHot(r, 5, 3), Batches.gaussian(r, 4, 2)});
        assertRejectedWithoutChange(net, () -> IPC.fitBatch(net, mismatched), InvalidBatchException.class,
                "same non-zero number of examples");
        MultiDataSet wrongLabels = new MultiDataSet(new INDArray[] {x, seq},
                new INDArray[] {Batches.oneHot(r, 4, 4), Batches.gaussian(r, 4, 2)});
        assertRejectedWithoutChange(net, () -> IPC.fitBatch(net, wrongLabels), InvalidBatchException.class,
                "vertex 'cls'", "[minibatch, 3]");
        MultiDataSet nan = new MultiDataSet(new INDArray[] {x.dup().putScalar(0, 0, Double.NaN), seq},
                new INDArray[] {Batches.oneHot(r, 4, 3), Batches.gaussian(r, 4, 2)});
        assertRejectedWithoutChange(net, () -> IPC.fitBatch(net, nan), InvalidBatchException.class, "features 0", "NaN");
        ComputationGraph single = Graphs.denseResidual(Head.MSE, new Sgd(0.1), 2, 6);
        assertRejectedWithoutChange(single, () -> IPC.fitBatch(single, new DataSet(null, null)), InvalidBatchException.class,
                "features and labels");
    }

    private static org.deeplearning4j.nn.graph.ComputationGraph sequenceGraph(int lstmOut, int classes) {
        // built without setInputTypes, so the RnnOutputLayer's data format stays unset, as in the official
        // GenerateTxtCharCompGraphModel example
        return Graphs.init(Nets.base(new org.nd4j.linalg.learning.config.Adam(0.01), 61).graphBuilder().addInputs("in")
                .addLayer("lstm", new org.deeplearning4j.nn.conf.layers.LSTM.Builder().nIn(3).nOut(lstmOut)
                        .activation(org.nd4j.linalg.activations.Activation.TANH).build(), "in")
                .addLayer("out", new org.deeplearning4j.nn.conf.layers.RnnOutputLayer.Builder(
                        org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MCXENT).nIn(lstmOut).nOut(classes)
                        .activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build(), "lstm")
                .setOutputs("out").build());
    }

    /**
     * An unset data format is NCW to DL4J's RnnOutputLayer; pc4j used to read it as NWC and refuse the standard
     * {@code [batch, classes, time]} labels that graph.fit trains. With nIn != nOut DL4J's own backprop fails (it
     * checks the sequence length on the feature dimension), so pc4j refuses that graph up front, saying why.
     */
    @Test
    void sequenceLabelsOfAGraphWithoutInputTypesAreReadAsDl4jReadsThem() {
        org.deeplearning4j.nn.graph.ComputationGraph net = sequenceGraph(4, 4);
        org.deeplearning4j.nn.graph.ComputationGraph bp = net.clone();
        DataSet batch = Batches.sequences(1, 5, 3, 6, 4, true, 62).get(0);
        bp.fit(batch);
        PcTrainer.builder().schedule(Schedule.zil()).build().fit(net, batch);
        assertBitIdentical(net.params(), bp.params());

        org.deeplearning4j.nn.graph.ComputationGraph mismatched = sequenceGraph(4, 3);
        DataSet three = Batches.sequences(1, 5, 3, 6, 3, true, 63).get(0);
        assertThatThrownBy(() -> mismatched.clone().fit(three)).as("DL4J's own fit").isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> PcTrainer.builder().schedule(Schedule.ipc(3)).build().fit(mismatched, three))
                .isInstanceOf(UnsupportedNetworkException.class).hasMessageContainingAll("data format is unset", "dataFormat(RNNFormat.NCW)");
    }
}
