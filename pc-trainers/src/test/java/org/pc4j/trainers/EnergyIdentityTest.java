package org.pc4j.trainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.pc4j.trainers.testing.Batches;
import org.pc4j.trainers.testing.EnergyOracle;
import org.pc4j.trainers.testing.Nets;

/**
 * The engine's energies and gradients against an independent oracle: the energy recomputed from DL4J's forward
 * functions ({@link EnergyOracle}) and its central finite differences (double precision). Away from the forward
 * pass (perturbed initialisation) every node has a non-zero error, so every term of {@code dE/dx} and
 * {@code dE/dtheta} is exercised.
 */
class EnergyIdentityTest {

    private static final double GAMMA = 0.05;
    private static final double H = 1e-6;

    /** Records the value nodes the engine exposes at each step. */
    private static final class Recorder implements PcListener {
        final List<List<INDArray>> values = new ArrayList<>();
        final List<double[]> energies = new ArrayList<>();

        @Override
        public void onInferenceStep(Model network, InferenceStep step) {
            List<INDArray> copy = new ArrayList<>();
            step.values().forEach(v -> copy.add(v.dup()));
            values.add(copy);
            energies.add(step.energies());
        }
    }

    static List<MultiLayerNetwork> networks() {
        MultiLayerNetwork cnn = Nets.init(Nets.base(new Sgd(1.0), 51).convolutionMode(ConvolutionMode.Truncate).list()
                .layer(new ConvolutionLayer.Builder(2, 2).nOut(2).activation(Activation.TANH).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.AVG).kernelSize(2, 2).stride(1, 1).build())
                .layer(new DenseLayer.Builder().nOut(4).activation(Activation.SIGMOID).build())
                .layer(new OutputLayer.Builder(LossFunction.MSE).nOut(3).activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutional(4, 4, 1)).build());
        return List.of(Nets.dense(Activation.TANH, Nets.Head.SOFTMAX_XENT, new Sgd(1.0), 4, 3, 52),
                Nets.dense(Activation.SIGMOID, Nets.Head.MSE, new Sgd(1.0), 4, 3, 53), cnn);
    }

    static DataSet batchFor(MultiLayerNetwork net) {
        if (net.getLayer(0).conf().getLayer() instanceof ConvolutionLayer) {
            return Batches.images(1, 3, 1, 4, 4, 3, false, 54).get(0);
        }
        boolean oneHot = ((OutputLayer) net.getLayer(net.getnLayers() - 1).conf().getLayer()).getLossFn().toString().contains("MCXENT");
        return Batches.dense(1, 5, 4, 3, oneHot, 55).get(0);
    }

    @Test
    void reportedEnergiesEqualTheEnergyRecomputedFromDl4jForwardPasses() {
        for (MultiLayerNetwork net : networks()) {
            DataSet batch = batchFor(net);
            MultiLayerNetwork before = net.clone();
            Recorder rec = new Recorder();
            PcTrainer.builder().schedule(Schedule.pc(3)).inferenceRate(GAMMA).valueInit(ValueInit.perturbed(0.1, 3))
                    .listeners(rec).build().fitBatch(net, batch);
            for (int step = 0; step < rec.values.size(); step++) {
                double[] expected = EnergyOracle.layerEnergies(before, batch.getFeatures(), batch.getLabels(), rec.values.get(step));
                double[] actual = rec.energies.get(step);
                for (int k = 0; k < expected.length; k++) {
                    assertThat(actual[k]).as("step %s layer %s", step, k).isCloseTo(expected[k], within(1e-12 * (1 + Math.abs(expected[k]))));
                }
            }
        }
    }

    @Test
    void valueStepIsMinusGammaTimesTheFiniteDifferenceGradientOfTheEnergy() {
        for (MultiLayerNetwork net : networks()) {
            DataSet batch = batchFor(net);
            MultiLayerNetwork before = net.clone();
            Recorder rec = new Recorder();
            PcTrainer.builder().schedule(Schedule.pc(1)).inferenceRate(GAMMA).valueInit(ValueInit.perturbed(0.1, 4))
                    .listeners(rec).build().fitBatch(net, batch);
            List<INDArray> x0 = rec.values.get(0);
            List<INDArray> x1 = rec.values.get(1);
            Random r = new Random(5);
            for (int k = 0; k < x0.size(); k++) {
                INDArray flat0 = x0.get(k).reshape(x0.get(k).length());
                INDArray flat1 = x1.get(k).reshape(x1.get(k).length());
                for (int probe = 0; probe < 6; probe++) {
                    int i = r.nextInt((int) flat0.length());
                    double engine = (flat0.getDouble(i) - flat1.getDouble(i)) / GAMMA;
                    double fd = centralDifference(x0, k, i, xs -> EnergyOracle.energy(before, batch.getFeatures(), batch.getLabels(), xs));
                    assertThat(engine).as("dE/dx node %s element %s", k, i).isCloseTo(fd, within(1e-6 * (1 + Math.abs(fd))));
                }
            }
        }
    }

    @Test
    void weightUpdateIsTheFiniteDifferenceGradientOfTheEnergyAtTheRelaxedState() {
        for (MultiLayerNetwork net : networks()) {
            DataSet batch = batchFor(net);
            int mb = (int) batch.getFeatures().size(0);
            MultiLayerNetwork before = net.clone();
            Recorder rec = new Recorder();
            // SGD(1): params -= gradient / mb, so mb * (theta_0 - theta_1) is dE/dtheta at the state of the last step
            PcTrainer.builder().schedule(Schedule.pc(2)).inferenceRate(GAMMA).valueInit(ValueInit.perturbed(0.1, 6))
                    .listeners(rec).build().fitBatch(net, batch);
            List<INDArray> relaxed = rec.values.get(rec.values.size() - 1);
            INDArray theta0 = before.params();
            INDArray engineGradient = theta0.sub(net.params()).muli(mb);
            Random r = new Random(7);
            for (int probe = 0; probe < 25; probe++) {
                int i = r.nextInt((int) theta0.length());
                double original = theta0.getDouble(i);
                MultiLayerNetwork probeNet = before.clone();
                probeNet.params().putScalar(i, original + H);
                double plus = EnergyOracle.energy(probeNet, batch.getFeatures(), batch.getLabels(), relaxed);
                probeNet.params().putScalar(i, original - H);
                double minus = EnergyOracle.energy(probeNet, batch.getFeatures(), batch.getLabels(), relaxed);
                double fd = (plus - minus) / (2 * H);
                assertThat(engineGradient.getDouble(i)).as("dE/dtheta[%s]", i).isCloseTo(fd, within(1e-6 * (1 + Math.abs(fd))));
            }
        }
    }

    @Test
    void energyNeverIncreasesOverPcInferenceStepsAtASmallInferenceRate() {
        for (MultiLayerNetwork net : networks()) {
            BatchResult r = PcTrainer.builder().schedule(Schedule.pc(40)).inferenceRate(0.02).build().fitBatch(net, batchFor(net));
            for (int t = 1; t < r.steps(); t++) {
                assertThat(r.totalEnergy(t)).as("step %s", t).isLessThanOrEqualTo(r.totalEnergy(t - 1) * (1 + 1e-12));
            }
            assertThat(r.totalEnergy(r.steps() - 1)).isLessThan(r.totalEnergy(0));
        }
    }

    @Test
    void forwardInitialisationStartsWithZeroHiddenEnergyAndTheBackpropLoss() {
        for (MultiLayerNetwork net : networks()) {
            DataSet batch = batchFor(net);
            double loss = net.clone().score(batch, true) * batch.numExamples();
            BatchResult r = PcTrainer.builder().schedule(Schedule.pc(2)).build().fitBatch(net, batch);
            int out = net.getnLayers() - 1;
            for (int k = 0; k < out; k++) {
                assertThat(r.energy(0, k)).isZero();
            }
            assertThat(r.energy(0, out)).isCloseTo(loss, within(1e-12 * loss));
        }
    }

    private interface EnergyOf {
        double at(List<INDArray> values);
    }

    private static double centralDifference(List<INDArray> x, int node, int element, EnergyOf f) {
        List<INDArray> plus = new ArrayList<>();
        List<INDArray> minus = new ArrayList<>();
        for (INDArray v : x) {
            plus.add(v.dup());
            minus.add(v.dup());
        }
        INDArray p = plus.get(node).reshape(plus.get(node).length());
        INDArray m = minus.get(node).reshape(minus.get(node).length());
        p.putScalar(element, p.getDouble(element) + H);
        m.putScalar(element, m.getDouble(element) - H);
        return (f.at(plus) - f.at(minus)) / (2 * H);
    }
}
