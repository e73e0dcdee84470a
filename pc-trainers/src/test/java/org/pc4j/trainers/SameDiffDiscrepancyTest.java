package org.pc4j.trainers;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLambdaLayer;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.SelfAttentionLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.pc4j.trainers.testing.Nets;

/**
 * Records DL4J 1.0.0-M2.1's SameDiff discrepancy: backprop through its {@code SelfAttentionLayer} (and every SameDiff
 * layer or vertex that runs an op: {@code LayerCatalogueZilTest}) returns twice the finite-difference gradient, so
 * {@code net.fit} itself is wrong there; pc4j halves the error it hands such a layer or vertex and trains with the true
 * gradient. Even a SameDiff layer or vertex that only returns its input is doubled.
 */
class SameDiffDiscrepancyTest {

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterAll
    static void restorePrecision() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    /** LSTM 3 -> 4, DL4J's SelfAttentionLayer 4 -> 4 (1 head), RnnOutputLayer MSE 2. */
    private static MultiLayerNetwork withDl4jAttention() {
        return Nets.init(Nets.base(new NoOp(), 31).list()
                .layer(new LSTM.Builder().nIn(3).nOut(4).activation(Activation.TANH).build())
                .layer(new SelfAttentionLayer.Builder().nIn(4).nOut(4).nHeads(1).projectInput(true).build())
                .layer(new RnnOutputLayer.Builder(LossFunction.MSE).nIn(4).nOut(2).activation(Activation.IDENTITY)
                        .dataFormat(RNNFormat.NCW).build())
                .build());
    }

    @Test
    void dl4jsSameDiffAttentionBackpropIsTwiceTheFiniteDifferenceGradient() {
        MultiLayerNetwork net = withDl4jAttention();
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, 4);
        INDArray y = Nd4j.rand(DataType.DOUBLE, 2, 2, 4);
        boolean passes = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x).labels(y)
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9).print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
        assertThat(passes).as("DL4J's own gradient check of its SameDiff attention").isFalse();

        // the ratio, on the attention's first query weight: backprop / central difference of the summed score
        net.setInput(x);
        net.setLabels(y);
        net.computeGradientAndScore();
        Gradient g = net.gradient();
        INDArray wq = net.getParam("1_Wq");
        double h = 1e-6;
        double w = wq.getDouble(0);
        wq.putScalar(0, w + h);
        double up = net.score(new DataSet(x, y), true);
        wq.putScalar(0, w - h);
        double down = net.score(new DataSet(x, y), true);
        wq.putScalar(0, w);
        double finiteDifference = (up - down) / (2 * h);
        double backprop = g.getGradientFor("1_Wq").getDouble(0) / 2; // DL4J's gradient is per example summed; score is a mean over 2
        assertThat(backprop / finiteDifference).isCloseTo(2.0, org.assertj.core.api.Assertions.within(1e-4));
    }

    @Test
    void pc4jTrainsDl4jsSameDiffAttentionWithTheTrueGradient() {
        DataSet batch = new DataSet(Nd4j.rand(DataType.DOUBLE, 2, 3, 4), Nd4j.rand(DataType.DOUBLE, 2, 2, 4));
        double[] ratios = ratiosOfTheFirstWeight(withDl4jAttention(), "1_Wq", batch);
        assertThat(ratios[0]).as("DL4J").isCloseTo(2.0, org.assertj.core.api.Assertions.within(1e-4));
        assertThat(ratios[1]).as("pc4j").isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-4));
    }

    /** A SameDiff lambda layer whose output is its input runs no op: DL4J sends the error back unchanged. */
    public static final class Identity extends SameDiffLambdaLayer {
        @Override
        public SDVariable defineLayer(SameDiff sd, SDVariable x) {
            return x;
        }

        @Override
        public InputType getOutputType(int layerIndex, InputType inputType) {
            return inputType;
        }
    }

    private static MultiLayerNetwork withIdentity(org.nd4j.linalg.learning.config.IUpdater updater) {
        return Nets.init(Nets.base(updater, 32).list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.TANH).build())
                .layer(new Identity())
                .layer(new OutputLayer.Builder(LossFunction.MSE).nIn(4).nOut(2).activation(Activation.IDENTITY).build())
                .build());
    }

    /**
     * @param net    a chain or a graph
     * @param weight a parameter array's key
     * @return {DL4J's gradient / true gradient, pc4j's / true gradient} of that array's first entry
     */
    private static double[] ratiosOfTheFirstWeight(org.deeplearning4j.nn.api.NeuralNetwork net, String weight, DataSet batch) {
        int mb = (int) batch.getFeatures().size(0);
        INDArray pc4j;
        try (PcSession s = PcTrainer.builder().schedule(Schedule.zil()).build().open(net, false)) {
            pc4j = s.gradient(batch).gradient();
        }
        java.util.function.DoubleSupplier score;
        INDArray w;
        double dl4j;
        long flat = 0;
        for (var e : (net instanceof MultiLayerNetwork m ? m.paramTable()
                : ((org.deeplearning4j.nn.graph.ComputationGraph) net).paramTable()).entrySet()) {
            if (e.getKey().equals(weight)) {
                break;
            }
            flat += e.getValue().length();
        }
        if (net instanceof MultiLayerNetwork m) {
            m.setInput(batch.getFeatures());
            m.setLabels(batch.getLabels());
            m.computeGradientAndScore();
            dl4j = m.getFlattenedGradients().getDouble(flat);
            w = m.getParam(weight);
            score = () -> m.score(batch, true);
        } else {
            org.deeplearning4j.nn.graph.ComputationGraph g = (org.deeplearning4j.nn.graph.ComputationGraph) net;
            g.setInputs(batch.getFeatures());
            g.setLabels(batch.getLabels());
            g.computeGradientAndScore();
            dl4j = g.getFlattenedGradients().getDouble(flat);
            w = g.getParam(weight);
            score = () -> g.score(batch, true);
        }
        double h = 1e-6;
        double v = w.getDouble(0);
        w.putScalar(0, v + h);
        double up = score.getAsDouble();
        w.putScalar(0, v - h);
        double down = score.getAsDouble();
        w.putScalar(0, v);
        double truth = (up - down) / (2 * h) * mb;
        return new double[] {dl4j / truth, pc4j.getDouble(flat) / truth};
    }

    @Test
    void evenASameDiffLayerThatReturnsItsInputIsDoubledByDl4jAndTrainedWithTheTrueGradient() {
        DataSet batch = new DataSet(Nd4j.rand(DataType.DOUBLE, 3, 3), Nd4j.rand(DataType.DOUBLE, 3, 2));
        double[] ratios = ratiosOfTheFirstWeight(withIdentity(new NoOp()), "0_W", batch);
        assertThat(ratios[0]).as("DL4J").isCloseTo(2.0, org.assertj.core.api.Assertions.within(1e-4));
        assertThat(ratios[1]).as("pc4j").isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-4));
    }

    /** A SameDiff lambda vertex that returns its first input. */
    public static final class IdentityVertex extends org.deeplearning4j.nn.conf.layers.samediff.SameDiffLambdaVertex {
        @Override
        public SDVariable defineVertex(SameDiff sd, VertexInputs in) {
            return in.getInput(0);
        }

        @Override
        public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
            return vertexInputs[0];
        }
    }

    @Test
    void evenASameDiffVertexThatReturnsItsInputIsDoubledByDl4jAndTrainedWithTheTrueGradient() {
        org.deeplearning4j.nn.graph.ComputationGraph net = new org.deeplearning4j.nn.graph.ComputationGraph(
                Nets.base(new NoOp(), 33).graphBuilder().addInputs("in")
                        .addLayer("d", new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.TANH).build(), "in")
                        .addVertex("id", new IdentityVertex(), "d")
                        .addLayer("out", new OutputLayer.Builder(LossFunction.MSE).nIn(4).nOut(2).activation(Activation.IDENTITY).build(), "id")
                        .setOutputs("out").setInputTypes(InputType.feedForward(3)).build());
        net.init();
        DataSet batch = new DataSet(Nd4j.rand(DataType.DOUBLE, 3, 3), Nd4j.rand(DataType.DOUBLE, 3, 2));
        double[] ratios = ratiosOfTheFirstWeight(net, "d_W", batch);
        assertThat(ratios[0]).as("DL4J").isCloseTo(2.0, org.assertj.core.api.Assertions.within(1e-4));
        assertThat(ratios[1]).as("pc4j").isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-4));
    }
}
