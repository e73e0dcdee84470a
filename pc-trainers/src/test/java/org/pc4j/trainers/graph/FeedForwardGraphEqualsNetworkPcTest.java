package org.pc4j.trainers.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.pc4j.trainers.InferenceStep;
import org.pc4j.trainers.PcListener;
import org.pc4j.trainers.PcTrainer;
import org.pc4j.trainers.Schedule;

/**
 * The oracle of the PC graph: a layered feed-forward graph in DL4J's form ({@link PredictionForm#ACTIVATED_SUMS}) with a
 * {@code MultiLayerNetwork}'s weights follows the same value-node trajectory and makes the same weight update as pc4j's
 * PC schedule on that network (dense layers without bias, tanh, an L2 output layer), within 1e-10 in double.
 *
 * <p>The mapping: graph neurons [input 5 | output 2 | hidden 4 | hidden 3] (sensory = input and output, clamped to the
 * features and labels); the block of {@code W} from layer k-1 to layer k is the transposed DL4J weight matrix; DL4J's L2
 * output loss, divided by the batch size B as DL4J does, is the Gaussian energy of the output neurons at precision
 * 2 / B; pc4j's hidden energies are the graph's at precision 1.
 */
class FeedForwardGraphEqualsNetworkPcTest {

    private static final int IN = 5;
    private static final int OUT = 2;
    private static final int H1 = 4;
    private static final int H2 = 3;
    private static final int B = 3;
    private static final int N = IN + OUT + H1 + H2;
    private static final int[] START = {0, IN + OUT, IN + OUT + H1, IN}; // input, hidden 1, hidden 2, output

    private static MultiLayerNetwork network(IUpdater updater) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.DOUBLE).updater(updater)
                .list()
                .layer(new DenseLayer.Builder().nIn(IN).nOut(H1).activation(Activation.TANH).hasBias(false).build())
                .layer(new DenseLayer.Builder().nIn(H1).nOut(H2).activation(Activation.TANH).hasBias(false).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.L2).nIn(H2).nOut(OUT).activation(Activation.TANH)
                        .hasBias(false).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static GraphMask mask() {
        List<int[]> edges = new ArrayList<>();
        int[] size = {IN, H1, H2, OUT};
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < size[k + 1]; i++) {
                for (int j = 0; j < size[k]; j++) {
                    edges.add(new int[] {START[k + 1] + i, START[k] + j});
                }
            }
        }
        return GraphMask.fromEdges(N, edges);
    }

    /** @return the graph's W holding the network's weights: block (layer k, layer k-1) = W_k^T */
    private static INDArray weights(MultiLayerNetwork net) {
        int[] size = {IN, H1, H2, OUT};
        INDArray w = Nd4j.zeros(DataType.DOUBLE, N, N);
        for (int k = 0; k < 3; k++) {
            w.get(NDArrayIndex.interval(START[k + 1], START[k + 1] + size[k + 1]), NDArrayIndex.interval(START[k], START[k] + size[k]))
                    .assign(net.getLayer(k).getParam("W").transpose());
        }
        return w;
    }

    private static INDArray block(INDArray w, int k) {
        int[] size = {IN, H1, H2, OUT};
        return w.get(NDArrayIndex.interval(START[k + 1], START[k + 1] + size[k + 1]), NDArrayIndex.interval(START[k], START[k] + size[k]))
                .transpose();
    }

    private static GraphConfig config(IUpdater updater, int steps, double gamma) {
        double[] precision = new double[N];
        java.util.Arrays.fill(precision, 1.0);
        for (int i = IN; i < IN + OUT; i++) {
            precision[i] = 2.0;
        }
        return GraphConfig.builder(N, IN + OUT).labels(OUT).activation(Activation.TANH).form(PredictionForm.ACTIVATED_SUMS)
                .inferenceRate(gamma).trainSteps(steps).updater(updater).start(GraphConfig.ValueStart.FORWARD)
                .precision(precision).dataType(DataType.DOUBLE).build();
    }

    private static void assertClose(INDArray actual, INDArray expected, String what) {
        double scale = Math.max(1e-12, expected.amaxNumber().doubleValue());
        double diff = actual.sub(expected).amaxNumber().doubleValue();
        assertThat(diff / scale).as(what + ": max |difference| / max |expected|").isLessThan(1e-10);
    }

    private void run(IUpdater updater, int steps, double gamma, int batches) {
        MultiLayerNetwork net = network(updater.clone());
        PcGraph graph = PcGraph.withWeights(config(updater.clone(), steps, gamma), mask(), weights(net));
        List<INDArray[]> pcValues = new ArrayList<>();
        PcListener capture = new PcListener() {
            @Override
            public void onInferenceStep(Model network, InferenceStep step) {
                pcValues.add(new INDArray[] {step.values().get(0).dup(), step.values().get(1).dup()});
            }
        };
        PcTrainer trainer = PcTrainer.builder().schedule(Schedule.pc(steps)).inferenceRate(gamma).inferenceRateControl(false)
                .listeners(capture).build();
        org.nd4j.linalg.api.rng.Random r = Nd4j.getRandomFactory().getNewRandomInstance(11);
        for (int batch = 0; batch < batches; batch++) {
            INDArray x = Nd4j.rand(Nd4j.create(DataType.DOUBLE, B, IN), r).subi(0.5).muli(2);
            INDArray y = Nd4j.rand(Nd4j.create(DataType.DOUBLE, B, OUT), r).subi(0.5);
            pcValues.clear();
            List<INDArray> graphValues = new ArrayList<>();
            trainer.fit(net, x, y);
            graph.listeners(new GraphListener() {
                @Override
                public void onStep(GraphStep step) {
                    graphValues.add(step.values().dup());
                }
            }).trainBatch(Nd4j.hstack(x, y));
            assertThat(pcValues).as("pc4j's states: before each of the T moves and the final one").hasSize(steps + 1);
            assertThat(graphValues.size()).as("the graph evaluates T + 1 states").isEqualTo(steps + 1);
            for (int t = 0; t <= steps; t++) {
                INDArray g = graphValues.get(t);
                assertClose(g.get(NDArrayIndex.all(), NDArrayIndex.interval(START[1], START[1] + H1)), pcValues.get(t)[0],
                        "batch " + batch + ", step " + t + ", hidden layer 1");
                assertClose(g.get(NDArrayIndex.all(), NDArrayIndex.interval(START[2], START[2] + H2)), pcValues.get(t)[1],
                        "batch " + batch + ", step " + t + ", hidden layer 2");
            }
            INDArray w = graph.weights();
            for (int k = 0; k < 3; k++) {
                assertClose(block(w, k), net.getLayer(k).getParam("W"), "batch " + batch + ", weights of layer " + k);
            }
        }
    }

    @Test
    void pcOfFourStepsWithSgdEqualsTheNetworksTrajectoryAndUpdate() {
        run(new Sgd(0.05), 4, 0.1, 1);
    }

    @Test
    void threeBatchesOfPcUnderAdamStayEqual() {
        run(new Adam(0.01), 6, 0.2, 3);
    }
}
