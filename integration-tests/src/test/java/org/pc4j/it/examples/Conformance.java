package org.pc4j.it.examples;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.pc4j.trainers.DivergenceException;
import org.pc4j.trainers.PcTrainer;
import org.pc4j.trainers.Schedule;
import org.pc4j.trainers.UnsupportedNetworkException;

/**
 * Runs one {@link Example} under backprop ({@code net.fit}) and under pc4j's four schedules with the trainer's
 * recommended settings ({@link PcTrainer#recommended}), each from a copy of one initial network, on the same
 * batches in the same order, each starting from the same point of ND4J's random stream (so that dropout draws alike),
 * and measures the held-out metric and the time. The user's loop is the program's: {@code fit} on one batch at a time.
 */
final class Conformance {

    /** The methods of a conformance run, in the order they run. */
    static final List<String> METHODS = List.of("bp", "zil", "fazil", "pc", "ipc");

    private static final long RANDOM_SEED = 20261201L;

    /**
     * What one method did.
     *
     * @param method     bp, zil, fazil, pc or ipc
     * @param settings   the schedule and rate, or "net.fit"
     * @param metric     the held-out metric after training (NaN if refused or stopped)
     * @param seconds    training time
     * @param params     the parameters after training (null if refused)
     * @param refused    the refusal's message, or null
     * @param stopped    the divergence message if training stopped, or null
     * @param changedOnRefusal true if a refusal left the parameters changed
     */
    record Run(String method, String settings, double metric, double seconds, INDArray params, String refused, String stopped,
               boolean changedOnRefusal) {
    }

    /**
     * @param example the program
     * @param before  the metric of the initial network
     * @param runs    by method
     */
    record Outcome(Example example, double before, Map<String, Run> runs) {

        Run run(String method) {
            return runs.get(method);
        }

        /** @return how much the method improved the metric (positive is better), NaN if it did not finish. */
        double improvement(String method) {
            double after = runs.get(method).metric();
            return example.metric() == Example.Metric.ACCURACY ? after - before : before - after;
        }

        /** @return the largest element-wise relative difference between the method's parameters and backprop's. */
        double relativeDifferenceToBackprop(String method) {
            INDArray a = runs.get(method).params();
            INDArray b = runs.get("bp").params();
            INDArray scale = Nd4j.math().max(Nd4j.math().abs(a.dup()), Nd4j.math().abs(b.dup())).addi(1e-30);
            return a.sub(b).divi(scale).amaxNumber().doubleValue();
        }
    }

    private Conformance() {
    }

    static Outcome run(Example example) {
        return run(example, METHODS);
    }

    /** @return the outcome of {@code methods} (a sub-list of {@link #METHODS}, in its order) on {@code example} */
    static Outcome run(Example example, List<String> methods) {
        Model initial = example.network().get();
        double before = example.refusal() == null ? metric(initial, example) : Double.NaN;
        Map<String, Run> runs = new LinkedHashMap<>();
        for (String method : methods) {
            runs.put(method, runMethod(example, method, initial));
        }
        return new Outcome(example, before, runs);
    }

    /** @return a copy of the initial network (parameters and updater state), as every method starts from it. */
    private static Model copy(Model initial) {
        return initial instanceof ComputationGraph g ? g.clone() : ((MultiLayerNetwork) initial).clone();
    }

    private static Run runMethod(Example example, String method, Model initial) {
        Model net = copy(initial);
        PcTrainer trainer = null;
        String settings = "net.fit";
        Nd4j.getRandom().setSeed(RANDOM_SEED);
        long start = System.nanoTime();
        try {
            if (!method.equals("bp")) {
                trainer = recommended(method, net);
                settings = trainer.config().schedule() + ", gamma " + trainer.config().inferenceRate();
            }
            for (int e = 0; e < example.epochs(); e++) {
                for (MultiDataSet batch : example.train()) {
                    fit(net, trainer, batch);
                }
            }
        } catch (UnsupportedNetworkException refused) {
            return new Run(method, settings, Double.NaN, 0, null, refused.getMessage(), null, !initial.params().equals(net.params()));
        } catch (DivergenceException stopped) {
            return new Run(method, settings, Double.NaN, (System.nanoTime() - start) / 1e9, net.params().dup(), null,
                    stopped.getMessage(), false);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Run(method, settings, metric(net, example), seconds, net.params().dup(), null, null, false);
    }

    private static PcTrainer recommended(String method, Model net) {
        Schedule.Kind kind = switch (method) {
            case "zil" -> Schedule.Kind.ZIL;
            case "fazil" -> Schedule.Kind.FA_ZIL;
            case "pc" -> Schedule.Kind.PC;
            case "ipc" -> Schedule.Kind.IPC;
            default -> throw new IllegalArgumentException(method);
        };
        return net instanceof ComputationGraph g ? PcTrainer.recommended(kind, g)
                : PcTrainer.recommended(kind, (MultiLayerNetwork) net);
    }

    /** One batch, the way the program trains: {@code net.fit(batch)}, or the trainer's {@code fit(net, batch)}. */
    private static void fit(Model net, PcTrainer trainer, MultiDataSet batch) {
        if (net instanceof ComputationGraph g) {
            if (trainer == null) {
                g.fit(batch);
            } else {
                trainer.fit(g, batch);
            }
        } else {
            MultiLayerNetwork n = (MultiLayerNetwork) net;
            DataSet single = single(batch);
            if (trainer == null) {
                n.fit(single);
            } else {
                trainer.fit(n, single);
            }
        }
    }

    static DataSet single(MultiDataSet batch) {
        return new DataSet(batch.getFeatures(0), batch.getLabels(0), batch.getFeaturesMaskArray(0), batch.getLabelsMaskArray(0));
    }

    /** @return the held-out metric of {@code net} (accuracy of the first output, or the loss). */
    static double metric(Model net, Example example) {
        MultiDataSet test = example.test();
        if (example.metric() == Example.Metric.LOSS) {
            return net instanceof ComputationGraph g ? g.score(test, false) : ((MultiLayerNetwork) net).score(single(test), false);
        }
        INDArray labels = test.getLabels(0);
        INDArray labelsMask = test.getLabelsMaskArray(0);
        INDArray out;
        if (net instanceof ComputationGraph g) {
            out = g.output(false, test.getFeatures(), test.getFeaturesMaskArrays(), test.getLabelsMaskArrays())[0];
        } else {
            out = ((MultiLayerNetwork) net).output(test.getFeatures(0), false, test.getFeaturesMaskArray(0), labelsMask);
        }
        Evaluation eval = new Evaluation();
        if (labels.rank() == 3) {
            eval.evalTimeSeries(labels, out, labelsMask);
        } else {
            eval.eval(labels, out);
        }
        return eval.accuracy();
    }

    /** @return the examples' outcomes as the markdown table of docs/results.md. */
    static String table(List<Outcome> outcomes) {
        StringBuilder s = new StringBuilder();
        s.append("| example | metric | initial | BP | Z-IL | Fa-Z-IL(4) | PC | iPC | time ÷ BP (Z-IL / Fa-Z-IL / PC / iPC) |\n");
        s.append("|---|---|---|---|---|---|---|---|---|\n");
        for (Outcome o : outcomes) {
            List<String> cells = new ArrayList<>();
            cells.add(o.example().name());
            cells.add(o.example().metric() == Example.Metric.ACCURACY ? "accuracy" : "held-out loss");
            cells.add(fmt(o.before(), o.example().metric()));
            for (String m : METHODS) {
                Run r = o.run(m);
                String cell = r.refused() != null ? "refused" : r.stopped() != null ? "stopped" : fmt(r.metric(), o.example().metric());
                if (m.equals("zil") && r.params() != null) {
                    cell += r.params().equals(o.run("bp").params()) ? " (= BP)" : String.format(" (rel. diff %.1e)", o.relativeDifferenceToBackprop(m));
                }
                if (m.equals("fazil") && r.params() != null) {
                    double d = o.relativeDifferenceToBackprop(m);
                    cell += d == 0 ? " (= BP)" : String.format(" (rel. diff %.1e)", d);
                }
                cells.add(cell);
            }
            double bp = o.run("bp").seconds();
            List<String> ratios = new ArrayList<>();
            for (String m : METHODS.subList(1, METHODS.size())) {
                Run r = o.run(m);
                ratios.add(r.refused() != null || bp <= 0 ? "—" : String.format("%.1f", r.seconds() / bp));
            }
            cells.add(String.join(" / ", ratios));
            s.append("| ").append(String.join(" | ", cells)).append(" |\n");
        }
        return s.toString();
    }

    private static String fmt(double v, Example.Metric metric) {
        if (Double.isNaN(v)) {
            return "—";
        }
        return metric == Example.Metric.ACCURACY ? String.format("%.1f%%", 100 * v) : String.format("%.4g", v);
    }
}
