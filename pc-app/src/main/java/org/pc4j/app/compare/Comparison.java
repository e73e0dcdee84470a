package org.pc4j.app.compare;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.pc4j.trainers.BatchResult;
import org.pc4j.trainers.PcException;
import org.pc4j.trainers.PcTrainer;
import org.pc4j.app.cluster.Cluster;
import org.pc4j.app.compare.ComparisonResult.EnergyTrace;
import org.pc4j.app.compare.ComparisonResult.EpochResult;
import org.pc4j.app.compare.ComparisonResult.MethodResult;

/**
 * Trains one network with several methods side by side. Every method starts from a copy of the same initialised
 * network (same parameters, same optimiser state) and reads the same batches in the same order; each epoch is timed
 * without the time spent making batches or evaluating. After each epoch: the test metric, and DL4J's loss on a
 * fixed sample of training batches. Every method starts from the same point of ND4J's random stream (so dropout
 * masks and a VAE's noise are drawn alike; backprop and Z-IL draw them identically). Before training, a few untimed
 * batches per method on a throw-away copy warms up the
 * JIT and the native libraries, so that the first method measured does not pay for them.
 */
public final class Comparison {

    /** Batches each method trains on, untimed, on a throw-away copy before the measured run. */
    static final int WARM_UP_BATCHES = 20;

    private final ModelKind model;
    private final Workload data;
    private final Network initial;
    private final List<MethodSpec> methods;
    private final int epochs;
    private final ModelOptions options;
    private final ProgressBar progress;
    private final PrintWriter log;
    private final Cluster cluster;

    /**
     * @param model       the model kind
     * @param data        the batches
     * @param initial     the initialised network every method starts from (not modified)
     * @param methods     the methods, in order
     * @param epochs      epochs per method, at least 1
     * @param options     the model options (seed, learning rate, batch size)
     * @param log         where progress goes (stderr for the command line)
     * @param interactive true to redraw the progress bar in place (a terminal)
     */
    public Comparison(ModelKind model, Workload data, Network initial, List<MethodSpec> methods, int epochs, ModelOptions options,
                      PrintWriter log, boolean interactive) {
        this(model, data, initial, methods, epochs, options, log, interactive, null);
    }

    /**
     * A comparison whose methods train data-parallel on {@code cluster} (every method, backprop included, in the same
     * rounds); evaluation, the loss sample and the energy trace stay in this JVM.
     *
     * @param cluster the cluster, or null to train in this JVM
     */
    public Comparison(ModelKind model, Workload data, Network initial, List<MethodSpec> methods, int epochs, ModelOptions options,
                      PrintWriter log, boolean interactive, Cluster cluster) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        this.model = model;
        this.data = data;
        this.initial = initial;
        this.methods = List.copyOf(methods);
        this.epochs = epochs;
        this.options = options;
        this.log = log;
        this.progress = new ProgressBar(log, interactive);
        this.cluster = cluster;
    }

    /** @return the measurements; {@code command} is recorded with them */
    public ComparisonResult run(String command) {
        DataSet first = data.trainBatches(0).iterator().next();
        warmUp();
        double initialMetric = model.metric().evaluate(initial, data.testBatches());
        List<DataSet> lossSample = trainingSample();
        boolean bothBpAndZil = methods.stream().anyMatch(MethodSpec::isBackprop)
                && methods.stream().anyMatch(MethodSpec::isZil);
        List<Run> runs = new ArrayList<>();
        for (MethodSpec m : methods) {
            boolean snapshot = bothBpAndZil && (m.isBackprop() || m.isZil());
            runs.add(train(m, lossSample, m.isBackprop() ? null : energyTrace(m, first), snapshot));
        }
        List<Map<String, INDArray>> bpSnapshots = runs.stream().filter(r -> r.method().isBackprop()).map(Run::snapshots)
                .findFirst().orElse(List.of());
        List<MethodResult> results = new ArrayList<>();
        for (Run r : runs) {
            double[] divergence = null;
            if (bothBpAndZil && r.method().isZil()) {
                divergence = new double[Math.min(r.snapshots().size(), bpSnapshots.size())];
                for (int e = 0; e < divergence.length; e++) {
                    divergence[e] = Equivalence.parameterDifference(bpSnapshots.get(e), r.snapshots().get(e));
                }
            }
            results.add(new MethodResult(r.method().name(), r.method().inferenceRate(), r.epochs(), r.energies(), divergence,
                    r.stopped(), r.updatesBeforeStop()));
        }
        return new ComparisonResult(command, model.cliName(), model.describe(initial), data.description(), machine(), epochs,
                options.seed(), model.learningRate(options), model.batchSize(options), model.metric().label(),
                model.metric().higherIsBetter(), initialMetric, results, Equivalence.firstUpdate(initial, first),
                cluster == null ? null : cluster.description());
    }

    /**
     * One method's training.
     *
     * @param method    the method
     * @param epochs    one row per finished epoch
     * @param energies  its energy trace on the first batch (null for backprop)
     * @param snapshots its parameters after each epoch, if kept (for Z-IL against backprop)
     * @param stopped   why it stopped early, or null
     * @param updatesBeforeStop the weight updates applied in the epoch it stopped in (0 if it did not stop)
     */
    private record Run(MethodSpec method, List<EpochResult> epochs, EnergyTrace energies, List<Map<String, INDArray>> snapshots,
                       String stopped, long updatesBeforeStop) {
    }

    /** Trains one method for every epoch, or until it diverges. */
    private Run train(MethodSpec m, List<DataSet> lossSample, EnergyTrace energies, boolean snapshot) {
        List<EpochResult> rows = new ArrayList<>();
        List<Map<String, INDArray>> snapshots = new ArrayList<>();
        int batches = data.batchesPerEpoch();
        Network net = initial.copy();
        // energy evaluations per batch: fixed by the schedule, or counted where it stops at convergence (a listener
        // makes the engine trace every energy, so it is attached only there)
        boolean adaptive = m.schedule() != null && m.schedule().convergenceTolerance() > 0;
        long[] inference = new long[2]; // energy evaluations, batches
        PcTrainer trainer = !adaptive ? m.trainer() : m.trainer(new org.pc4j.trainers.PcListener() {
            @Override
            public void onBatchEnd(org.deeplearning4j.nn.api.Model network, BatchResult result) {
                inference[0] += result.steps();
                inference[1]++;
            }
        });
        Nd4j.getRandom().setSeed(options.seed()); // every method draws the same dropout masks and sampling noise
        for (int e = 0; e < epochs; e++) {
            System.gc();
            long[] peak = {Pointer.physicalBytes()};
            String label = String.format(Locale.ROOT, "%-10s epoch %d/%d", m.name(), e + 1, epochs);
            progress.start(label, batches);
            TimedBatches it = new TimedBatches(data.trainBatches(e), done -> {
                progress.update(done);
                peak[0] = Math.max(peak[0], Pointer.physicalBytes());
            });
            int before = net.iterations();
            inference[0] = 0;
            inference[1] = 0;
            List<DataSet> epochBatches = cluster == null ? null : drain(data.trainBatches(e)); // made before the clock starts
            Cluster.Traffic traffic = Cluster.Traffic.NONE;
            long start = System.nanoTime();
            try {
                if (cluster != null) {
                    traffic = cluster.fitEpoch(m, net, epochBatches, done -> {
                        progress.update(done);
                        peak[0] = Math.max(peak[0], Pointer.physicalBytes());
                    });
                } else if (trainer == null) {
                    net.fitBackprop(it);
                } else {
                    net.fitPc(trainer, it);
                }
            } catch (PcException ex) {
                progress.finish("stopped: " + ex.getMessage());
                return new Run(m, rows, energies, snapshots, "epoch " + (e + 1) + ": " + ex.getMessage(), net.iterations() - before);
            }
            double seconds = (System.nanoTime() - start - (cluster == null ? it.makingNanos() : 0)) / 1e9;
            peak[0] = Math.max(peak[0], Pointer.physicalBytes());
            int updates = net.iterations() - before;
            double metric = model.metric().evaluate(net, data.testBatches());
            double loss = meanScore(net, lossSample);
            rows.add(new EpochResult(e + 1, loss, metric, seconds, updates, peak[0] / (1024.0 * 1024.0),
                    m.schedule() == null ? Double.NaN : !adaptive ? org.pc4j.trainers.PcNetworks.stepsPerBatch(m.schedule(), initial.net())
                            : inference[1] == 0 ? Double.NaN : (double) inference[0] / inference[1],
                    traffic.rounds(), traffic.bytes()));
            progress.finish(String.format(Locale.ROOT, "%s %s, train loss %.4f", model.metric().label(), format(model.metric(), metric), loss));
            if (snapshot) {
                Map<String, INDArray> copy = new HashMap<>();
                net.paramTable().forEach((k, v) -> copy.put(k, v.dup()));
                snapshots.add(copy);
            }
        }
        return new Run(m, rows, energies, snapshots, null, 0);
    }

    /** @return the epoch's batches, read to the end */
    private static List<DataSet> drain(Iterable<DataSet> batches) {
        List<DataSet> all = new ArrayList<>();
        batches.forEach(all::add);
        return all;
    }

    /** The energy per layer over the inference steps of the first batch, from a copy of the initial network. */
    private EnergyTrace energyTrace(MethodSpec m, DataSet first) {
        try {
            BatchResult r = initial.copy().fitBatch(m.trainer(), first);
            return new EnergyTrace(r.layers(), r.energies());
        } catch (PcException e) {
            return new EnergyTrace(List.of(), new double[0][]);
        }
    }

    private void warmUp() {
        List<DataSet> few = new ArrayList<>();
        for (Iterator<DataSet> it = data.trainBatches(0).iterator(); it.hasNext() && few.size() < WARM_UP_BATCHES; ) {
            few.add(it.next());
        }
        for (MethodSpec m : methods) {
            Network copy = initial.copy();
            try {
                if (cluster != null) {
                    cluster.fitEpoch(m, copy, few, i -> { });
                } else if (m.isBackprop()) {
                    copy.fitBackprop(new TimedBatches(few, i -> { }));
                } else {
                    copy.fitPc(m.trainer(), new TimedBatches(few, i -> { }));
                }
            } catch (PcException ignored) {
                // the timed run reports it
            }
        }
    }

    private List<DataSet> trainingSample() {
        List<DataSet> sample = new ArrayList<>();
        int n = 0;
        for (Iterator<DataSet> it = data.trainBatches(0).iterator(); it.hasNext() && n < data.lossSampleSize(); ) {
            DataSet d = it.next();
            sample.add(d);
            n += d.numExamples();
        }
        return sample;
    }

    private static double meanScore(Network net, List<DataSet> sample) {
        double total = 0;
        long n = 0;
        for (DataSet d : sample) {
            total += net.score(d) * d.numExamples();
            n += d.numExamples();
        }
        return total / n;
    }

    /** @return a metric value as tables show it (accuracy in percent) */
    public static String format(Metric metric, double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        return metric == Metric.ACCURACY ? String.format(Locale.ROOT, "%.2f%%", 100 * value) : String.format(Locale.ROOT, "%.3f", value);
    }

    /** @return the machine, for the report */
    public static String machine() {
        return String.format(Locale.ROOT, "%d cores, %s %s, Java %s, ND4J backend %s", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"),
                Nd4j.getBackend().getClass().getSimpleName());
    }
}
