package org.pc4j.trainers.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.pc4j.trainers.ConvolutionPath;
import org.pc4j.trainers.InferenceStep;
import org.pc4j.trainers.IpcSchedule;
import org.pc4j.trainers.PcListener;
import org.pc4j.trainers.PcTrainer;
import org.pc4j.trainers.Schedule;
import org.pc4j.trainers.engine.memory.FrozenMaskDropout;
import org.pc4j.trainers.testing.Batches;
import org.pc4j.trainers.testing.Nets;

/**
 * The non-exact schedules against the energy itself. Under SGD with rate 1 (so {@code theta_(t+1) = theta_t - g_t / mb}):
 * <ul>
 * <li>iPC(T): the weight update of every step t is the finite-difference gradient {@code dE/dtheta} at that step's
 *     snapshot {@code (x_t, theta_t)}, and the value step is {@code x_(t+1) - x_t = -gamma dE/dx} at the same snapshot;</li>
 * <li>PC(T): the single update is {@code dE/dtheta} at {@code (x_T, theta_0)}, and every value step is
 *     {@code -gamma dE/dx} at {@code (x_t, theta_0)}.</li>
 * </ul>
 * {@code E} is recomputed here from DL4J's forward functions alone, with the batch's dropout masks (read from the
 * engine, which holds one mask per batch), batch normalisation in training mode, and the sequence masks. The value
 * nodes and parameters at each step are the engine's, recorded by a listener. Batch normalisation's running mean and
 * variance are not energy parameters (their "gradient" is DL4J's moving-average step) and are left out of the probes.
 */
class RelaxedGradientOracleTest {

    private static final double H = 1e-6;
    private static final double GAMMA = 0.1;

    /** What the engine did, step by step: the snapshot of values and parameters, and the dropout masks. */
    private static final class Recorder implements PcListener {
        final List<List<INDArray>> values = new ArrayList<>();
        final List<INDArray> params = new ArrayList<>();
        final List<INDArray> masks = new ArrayList<>();

        @Override
        public void onInferenceStep(Model network, InferenceStep step) {
            List<INDArray> copy = new ArrayList<>();
            step.values().forEach(v -> copy.add(v.dup()));
            values.add(copy);
            params.add(network.params().dup());
            if (masks.isEmpty()) {
                for (Layer l : ((MultiLayerNetwork) network).getLayers()) {
                    IDropout d = l.conf().getLayer().getIDropout();
                    masks.add(d instanceof FrozenMaskDropout f ? f.mask().dup() : null);
                }
            }
        }
    }

    /** 4 -> dense 6 tanh (dropout 0.8 on its input) -> batch norm -> dense 5 tanh (dropout 0.7) -> softmax + MCXENT. */
    private static MultiLayerNetwork denseWithDropoutAndBatchNorm() {
        return Nets.init(Nets.base(new Sgd(1.0), 91).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(6).activation(Activation.TANH).dropOut(0.8).build())
                .layer(new BatchNormalization.Builder().nOut(6).build())
                .layer(new DenseLayer.Builder().nIn(6).nOut(5).activation(Activation.TANH).dropOut(0.7).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(5).nOut(3).activation(Activation.SOFTMAX).build())
                .build());
    }

    /** [3, T] -> LSTM 4 -> dense-per-step via RnnOutputLayer MSE, with a features and a labels mask. */
    private static MultiLayerNetwork maskedRecurrent() {
        return Nets.init(Nets.base(new Sgd(1.0), 92).list()
                .layer(new LSTM.Builder().nIn(3).nOut(4).activation(Activation.TANH).build())
                .layer(new RnnOutputLayer.Builder(LossFunction.MSE).nIn(4).nOut(2).activation(Activation.IDENTITY)
                        .dataFormat(org.deeplearning4j.nn.conf.RNNFormat.NCW).build())
                .build());
    }

    /**
     * [2,7,7] -> conv 3x3 "same" stride 2 (3 ch, ReLU) -> conv 2x2 truncate (2 ch, tanh, dropout 0.8 on its input) ->
     * max pool 2x2 stride 1 -> dense 4 sigmoid -> softmax + MCXENT: the convolutions' silent PC steps take the
     * message-only backprop from the kept pre-activation.
     */
    private static MultiLayerNetwork convolutional() {
        return Nets.init(Nets.base(new Sgd(1.0), 96).list()
                .layer(new ConvolutionLayer.Builder(3, 3).stride(2, 2).nOut(3).activation(Activation.RELU)
                        .convolutionMode(ConvolutionMode.Same).build())
                .layer(new ConvolutionLayer.Builder(2, 2).nOut(2).activation(Activation.TANH).dropOut(0.8)
                        .convolutionMode(ConvolutionMode.Truncate).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(1, 1)
                        .convolutionMode(ConvolutionMode.Truncate).build())
                .layer(new DenseLayer.Builder().nOut(4).activation(Activation.SIGMOID).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(7, 7, 2)).build());
    }

    private static DataSet denseBatch() {
        return Batches.dense(1, 6, 4, 3, true, 93).get(0);
    }

    private static DataSet maskedBatch() {
        DataSet d = Batches.sequences(1, 5, 3, 6, 2, false, 94).get(0);
        INDArray mask = Batches.sequenceMask(5, 6);
        return new DataSet(d.getFeatures(), d.getLabels(), mask, mask.dup());
    }

    /**
     * @return the energy of {@code template}'s architecture with parameters {@code theta} at value nodes {@code x}, the
     *         dropout masks and the batch's masks
     */
    private static double energy(MultiLayerNetwork template, INDArray theta, List<INDArray> x, List<INDArray> masks, DataSet batch) {
        MultiLayerNetwork net = template.clone();
        net.setParams(theta.dup());
        net.setLayerMaskArrays(batch.getFeaturesMaskArray(), batch.getLabelsMaskArray());
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        Layer[] layers = net.getLayers();
        int mb = (int) batch.getFeatures().size(0);
        double sum = 0;
        for (int k = 0; k < layers.length; k++) {
            INDArray input = k == 0 ? batch.getFeatures() : x.get(k - 1);
            InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(k);
            if (pre != null) {
                input = pre.preProcess(input, mb, mgr);
            }
            if (masks.get(k) != null) {
                input = input.mul(masks.get(k));
                layers[k].conf().getLayer().setIDropout(null);
            }
            if (k < layers.length - 1) {
                INDArray mu = layers[k].activate(input, true, mgr);
                double d = x.get(k).distance2(mu);
                sum += 0.5 * d * d;
            } else {
                layers[k].setInput(input, mgr);
                ((IOutputLayer) layers[k]).setLabels(batch.getLabels());
                sum += ((IOutputLayer) layers[k]).computeScore(0.0, true, mgr) * mb;
            }
        }
        return sum;
    }

    private static double dTheta(MultiLayerNetwork template, INDArray theta, int i, List<INDArray> x, List<INDArray> masks, DataSet b) {
        INDArray plus = theta.dup();
        plus.putScalar(i, theta.getDouble(i) + H);
        INDArray minus = theta.dup();
        minus.putScalar(i, theta.getDouble(i) - H);
        return (energy(template, plus, x, masks, b) - energy(template, minus, x, masks, b)) / (2 * H);
    }

    private static double dX(MultiLayerNetwork template, INDArray theta, List<INDArray> x, int node, int i, List<INDArray> masks, DataSet b) {
        List<INDArray> plus = new ArrayList<>(x);
        List<INDArray> minus = new ArrayList<>(x);
        INDArray p = x.get(node).dup();
        INDArray m = x.get(node).dup();
        p.reshape(p.length()).putScalar(i, p.reshape(p.length()).getDouble(i) + H);
        m.reshape(m.length()).putScalar(i, m.reshape(m.length()).getDouble(i) - H);
        plus.set(node, p);
        minus.set(node, m);
        return (energy(template, theta, plus, masks, b) - energy(template, theta, minus, masks, b)) / (2 * H);
    }

    /** @return the indices of the parameters that are energy parameters (not batch norm's running statistics). */
    private static List<Integer> energyParameters(MultiLayerNetwork net) {
        List<Integer> out = new ArrayList<>();
        long offset = 0;
        for (Layer l : net.getLayers()) {
            for (var e : l.paramTable().entrySet()) {
                boolean statistic = l.conf().getLayer() instanceof BatchNormalization && !e.getKey().equals("gamma")
                        && !e.getKey().equals("beta");
                for (long j = 0; j < e.getValue().length(); j++) {
                    if (!statistic) {
                        out.add((int) (offset + j));
                    }
                }
                offset += e.getValue().length();
            }
        }
        return out;
    }

    private static void checkWeightsAndValues(MultiLayerNetwork net, DataSet batch, Schedule schedule) {
        checkWeightsAndValues(net, batch, schedule, ConvolutionPath.IM2COL);
    }

    private static void checkWeightsAndValues(MultiLayerNetwork net, DataSet batch, Schedule schedule, ConvolutionPath convolutions) {
        MultiLayerNetwork template = net.clone();
        Recorder rec = new Recorder();
        PcTrainer.builder().schedule(schedule).inferenceRate(GAMMA).inferenceRateControl(false).convolutionPath(convolutions)
                .listeners(rec).build().fitBatch(net, batch);
        int mb = (int) batch.getFeatures().size(0);
        int steps = rec.values.size();
        boolean ipc = schedule instanceof IpcSchedule;
        List<Integer> probes = energyParameters(template);
        Random r = new Random(95);
        for (int t = 0; t < steps; t++) {
            if (!ipc && t < steps - 1) {
                continue;
            }
            INDArray before = rec.params.get(t);
            INDArray after = ipc && t < steps - 1 ? rec.params.get(t + 1) : net.params();
            INDArray engineGradient = before.sub(after).muli(mb);
            for (int probe = 0; probe < 12; probe++) {
                int i = probes.get(r.nextInt(probes.size()));
                double fd = dTheta(template, before, i, rec.values.get(t), rec.masks, batch);
                assertThat(engineGradient.getDouble(i)).as("%s: dE/dtheta[%s] at step %s", schedule, i, t)
                        .isCloseTo(fd, within(1e-6 * (1 + Math.abs(fd))));
            }
        }
        for (int t = 0; t + 1 < steps; t++) {
            INDArray theta = rec.params.get(t);
            for (int k = 0; k < rec.values.get(t).size(); k++) {
                INDArray x0 = rec.values.get(t).get(k);
                INDArray x1 = rec.values.get(t + 1).get(k);
                INDArray flat0 = x0.reshape(x0.length());
                INDArray flat1 = x1.reshape(x1.length());
                for (int probe = 0; probe < 4; probe++) {
                    int i = r.nextInt((int) flat0.length());
                    double engine = (flat0.getDouble(i) - flat1.getDouble(i)) / GAMMA;
                    double fd = dX(template, theta, rec.values.get(t), k, i, rec.masks, batch);
                    assertThat(engine).as("%s: dE/dx node %s [%s] at step %s", schedule, k, i, t)
                            .isCloseTo(fd, within(1e-6 * (1 + Math.abs(fd))));
                }
            }
        }
    }

    @Test
    void everyIpcUpdateIsTheEnergyGradientAtItsStepsSnapshotWithDropoutAndBatchNorm() {
        checkWeightsAndValues(denseWithDropoutAndBatchNorm(), denseBatch(), Schedule.ipc(4));
    }

    @Test
    void thePcUpdateIsTheEnergyGradientAtTheRelaxedStateWithDropoutAndBatchNorm() {
        checkWeightsAndValues(denseWithDropoutAndBatchNorm(), denseBatch(), Schedule.pc(4));
    }

    @Test
    void ipcAndPcFollowTheEnergyOfAConvolutionalNetwork() {
        DataSet batch = Batches.images(1, 5, 2, 7, 7, 3, true, 97).get(0);
        checkWeightsAndValues(convolutional(), batch, Schedule.pc(4));
        checkWeightsAndValues(convolutional(), batch, Schedule.ipc(5));
    }

    /** The same with the convolutions computed by libnd4j's conv2d and conv2d_bp (the energy here is DL4J's im2col). */
    @Test
    void ipcAndPcFollowTheEnergyOfAConvolutionalNetworkOnLibnd4jsConvolutionOperations() {
        DataSet batch = Batches.images(1, 5, 2, 7, 7, 3, true, 97).get(0);
        checkWeightsAndValues(convolutional(), batch, Schedule.pc(4), ConvolutionPath.OPERATIONS);
        checkWeightsAndValues(convolutional(), batch, Schedule.ipc(5), ConvolutionPath.OPERATIONS);
    }

    @Test
    void ipcAndPcFollowTheEnergyOfAMaskedSequenceModel() {
        checkWeightsAndValues(maskedRecurrent(), maskedBatch(), Schedule.ipc(3));
        checkWeightsAndValues(maskedRecurrent(), maskedBatch(), Schedule.pc(3));
    }
}
