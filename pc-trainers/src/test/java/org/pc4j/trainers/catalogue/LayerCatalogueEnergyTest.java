package org.pc4j.trainers.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.learning.config.Sgd;
import org.pc4j.trainers.InferenceStep;
import org.pc4j.trainers.IpcSchedule;
import org.pc4j.trainers.PcListener;
import org.pc4j.trainers.PcTrainer;
import org.pc4j.trainers.Schedule;
import org.pc4j.trainers.engine.network.NetworkView;
import org.pc4j.trainers.engine.network.OutputPredictor;

/**
 * PC and iPC on every network of the layer catalogue against the energy itself, under SGD (so the parameter change of
 * an update is its gradient times the rate divided by the batch size): iPC(3)'s update at every step and PC(3)'s single
 * update are the central finite differences {@code dE/dtheta} of the energy at that step's value nodes and parameters,
 * and every value step is {@code -gamma dE/dx}. The energy is {@code sum_k 1/2 ||x_k - f_k(inputs_k)||^2} over the hidden
 * nodes plus the output layers' loss summed over the batch, computed from DL4J's forward passes alone (Gaussian energies
 * everywhere); for the SameDiff layers, whose backprop DL4J doubles, it is the true gradient that must come out. A layer
 * whose backprop consumed what its forward pass cached, or a wrong message, shows here: PC runs several backprops per
 * forward pass.
 */
class LayerCatalogueEnergyTest {

    private static final double H = 1e-6;
    private static final double GAMMA = 0.1;
    private static final double LEARNING_RATE = 0.1;

    /**
     * Every case but the one with dropout (its masks are the engine's) and the frozen ones (a frozen layer holds its
     * parameters and sends no error below, as under {@code net.fit}: {@code FrozenLayersTest})
     */
    static Stream<CatalogueCase> cases() {
        return CatalogueCases.all().stream().filter(c -> !c.name().startsWith("dropout") && !c.name().contains("Frozen"));
    }

    /** @return the flat indices of the parameters that are energy parameters (not a centre loss's centres) */
    private static List<Integer> energyParameters(NeuralNetwork net) {
        java.util.Map<String, INDArray> table = net instanceof MultiLayerNetwork m ? m.paramTable() : ((ComputationGraph) net).paramTable();
        List<Integer> out = new ArrayList<>();
        long offset = 0;
        for (var e : table.entrySet()) {
            boolean centres = e.getKey().endsWith("_cL");
            for (long j = 0; j < e.getValue().length(); j++) {
                if (!centres) {
                    out.add((int) (offset + j));
                }
            }
            offset += e.getValue().length();
        }
        return out;
    }

    private static final class Recorder implements PcListener {
        final List<List<INDArray>> values = new ArrayList<>();
        final List<INDArray> params = new ArrayList<>();

        @Override
        public void onInferenceStep(Model network, InferenceStep step) {
            List<INDArray> copy = new ArrayList<>();
            step.values().forEach(v -> copy.add(v.dup()));
            values.add(copy);
            params.add(network.params().dup());
        }
    }

    /**
     * @param view a view of a network of the case, built once per check (building one per evaluation took most of
     *             this test's time); its parameters are overwritten
     * @return the energy of the case's network with parameters {@code theta} at value nodes {@code x}
     */
    private static double energy(NetworkView view, INDArray theta, List<INDArray> x, MultiDataSet batch) {
        view.network().model().params().assign(theta);
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        int mb = (int) batch.getFeatures(0).size(0);
        view.network().startBatch(batch);
        try {
            INDArray[] node = new INDArray[view.size()];
            int hidden = 0;
            double sum = 0;
            for (int k = 0; k < view.size(); k++) {
                int[] sources = view.sources(k);
                INDArray[] in = new INDArray[sources.length];
                for (int s = 0; s < sources.length; s++) {
                    in[s] = sources[s] >= 0 ? node[sources[s]] : batch.getFeatures(-sources[s] - 1);
                }
                if (view.isOutput(k)) {
                    OutputPredictor out = view.output(k);
                    out.clamp(in[0], batch.getLabels(view.labelIndex(k)), mb, mgr);
                    sum += out.energy(mb, mgr);
                } else {
                    INDArray mu = view.predictor(k).predict(in, mb, mgr).dup();
                    node[k] = x.get(hidden++);
                    double d = node[k].distance2(mu.reshape(node[k].shape()));
                    sum += 0.5 * d * d;
                }
            }
            return sum;
        } finally {
            view.network().endBatch();
        }
    }

    private static void check(CatalogueCase c, Schedule schedule) {
        NeuralNetwork net = c.network(new Sgd(LEARNING_RATE));
        MultiDataSet batch = c.batches(1).get(0);
        Recorder rec = new Recorder();
        PcTrainer.builder().schedule(schedule).inferenceRate(GAMMA).inferenceRateControl(false).automaticEnergies(false)
                .listeners(rec).build().fit(net, batch);
        int mb = (int) batch.getLabels(0).size(0);
        int steps = rec.values.size();
        boolean ipc = schedule instanceof IpcSchedule;
        Random r = new Random(c.name().hashCode());
        List<Integer> probes = energyParameters(net);
        NetworkView view = NetworkView.of(c.network(new Sgd(LEARNING_RATE)));
        for (int t = 0; t < steps; t++) {
            if (!ipc && t < steps - 1) {
                continue;
            }
            INDArray before = rec.params.get(t);
            INDArray after = ipc && t < steps - 1 ? rec.params.get(t + 1) : net.params();
            INDArray engine = before.sub(after).muli(mb / LEARNING_RATE);
            for (int probe = 0; probe < 6; probe++) {
                int i = probes.get(r.nextInt(probes.size()));
                INDArray plus = before.dup();
                plus.putScalar(i, before.getDouble(i) + H);
                INDArray minus = before.dup();
                minus.putScalar(i, before.getDouble(i) - H);
                double fd = (energy(view, plus, rec.values.get(t), batch) - energy(view, minus, rec.values.get(t), batch)) / (2 * H);
                assertThat(engine.getDouble(i)).as("%s, %s: dE/dtheta[%s] at step %s", c, schedule, i, t)
                        .isCloseTo(fd, within(1e-6 * (1 + Math.abs(fd))));
            }
        }
        for (int t = 0; t + 1 < steps; t++) {
            List<INDArray> x = rec.values.get(t);
            for (int k = 0; k < x.size(); k++) {
                INDArray flat0 = x.get(k).reshape(x.get(k).length());
                INDArray flat1 = rec.values.get(t + 1).get(k).reshape(flat0.length());
                for (int probe = 0; probe < 2; probe++) {
                    int i = r.nextInt((int) flat0.length());
                    List<INDArray> plus = new ArrayList<>(x);
                    List<INDArray> minus = new ArrayList<>(x);
                    INDArray p = x.get(k).dup();
                    INDArray m = x.get(k).dup();
                    p.reshape(p.length()).putScalar(i, flat0.getDouble(i) + H);
                    m.reshape(m.length()).putScalar(i, flat0.getDouble(i) - H);
                    plus.set(k, p);
                    minus.set(k, m);
                    INDArray theta = rec.params.get(t);
                    double fd = (energy(view, theta, plus, batch) - energy(view, theta, minus, batch)) / (2 * H);
                    double engine = (flat0.getDouble(i) - flat1.getDouble(i)) / GAMMA;
                    assertThat(engine).as("%s, %s: dE/dx node %s [%s] at step %s", c, schedule, k, i, t)
                            .isCloseTo(fd, within(1e-6 * (1 + Math.abs(fd))));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyIpcUpdateAndValueStepIsTheEnergyGradient(CatalogueCase c) {
        check(c, Schedule.ipc(3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void thePcUpdateIsTheEnergyGradientAtTheRelaxedState(CatalogueCase c) {
        check(c, Schedule.pc(3));
    }
}
