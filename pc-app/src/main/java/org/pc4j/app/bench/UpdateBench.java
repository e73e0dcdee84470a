package org.pc4j.app.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.pc4j.trainers.PcSchedule;
import org.pc4j.trainers.PcSession;
import org.pc4j.trainers.PcTrainer;
import org.pc4j.trainers.Schedule;
import org.pc4j.zoo.models.Mlp;

/**
 * Milliseconds per weight update of backprop ({@code net.fit}), Z-IL, iPC and PC on an MLP of a given depth and
 * width (784 inputs, tanh hidden layers, 10 softmax outputs, float32, random data), as ratios to backprop measured
 * in the same run.
 *
 * <p>Method: every method trains its own copy of the network through one training session (as one {@code fit} call
 * does). The methods take turns batch by batch, in an order that rotates from batch to batch, so that machine noise
 * and cache effects fall on all alike; the first round is a warm-up and is discarded. Reported: the median
 * milliseconds per update and the median over batches of the ratio to backprop's time on the same batch (pairs
 * taken back to back, so that slow phases of the machine cancel).
 *
 * <p>What an update is: one batch for backprop, Z-IL and PC(T) (PC's update costs its T value steps plus the weight
 * gradient); one step for iPC(T) (the batch's time divided by T). A last row, "pc step", is one PC inference step:
 * the PC(T) update divided by its T + 1 energy evaluations. iPC and PC run the fewest steps that reach every
 * layer or the usual count if larger: iPC T = depth, PC T = max(20, depth - 1); iPC's early steps compute only the
 * layers the error has reached, as the engine does in training.
 */
public final class UpdateBench {

    /** The methods, in table order. */
    public static final List<String> METHODS = List.of("bp", "zil", "ipc step", "pc");

    /**
     * One measurement.
     *
     * @param depth       weight layers (hidden layers + the output layer)
     * @param width       hidden units per layer
     * @param method      "bp", "zil", "ipc step" or "pc"
     * @param schedule    the schedule measured (e.g. "ipc(8)"), "net.fit" for backprop
     * @param msPerUpdate median milliseconds per weight update
     * @param ratioToBp   median of the per-batch ratios to backprop's time on the same batch
     * @param samples     batches measured
     */
    public record Row(int depth, int width, String method, String schedule, double msPerUpdate, double ratioToBp, int samples) {
    }

    private UpdateBench() {
    }

    /**
     * Checks one cell of the grid before anything is built: depth at least 2, width and batch at least 1, and the four
     * copies of the network (one per method) within the memory ND4J may allocate.
     *
     * @throws IllegalArgumentException saying which value is wrong, with the numbers
     */
    public static void requireShape(int depth, int width, int batch) {
        if (depth < 2 || width < 1 || batch < 1) {
            throw new IllegalArgumentException("bench needs depth >= 2, width >= 1 and batch >= 1, got depth " + depth
                    + ", width " + width + ", batch " + batch);
        }
        if (depth > org.pc4j.app.compare.ModelOptions.MAX_DEPTH) {
            throw new IllegalArgumentException("bench depth must be at most " + org.pc4j.app.compare.ModelOptions.MAX_DEPTH
                    + ", got " + depth);
        }
        long perCopy = 784L * width + (long) (depth - 2) * width * width + 10L * width + (long) (depth - 1) * width + 10;
        org.pc4j.zoo.models.ParameterCount.requireFits(METHODS.size() * perCopy, DataType.FLOAT,
                "the bench MLP of depth " + depth + " and width " + width + " (one copy per method)");
    }

    /** A method bound to its own copy of the network: trains on one batch, returns the weight updates made. */
    private interface Method {
        int run(DataSet batch);
    }

    /**
     * @param depth   weight layers, at least 2
     * @param width   hidden units, at least 1
     * @param batch   examples per batch
     * @param rounds  rounds over the batches, at least 2 (the first is discarded)
     * @param batches batches per round
     * @return one row per method
     */
    public static List<Row> measure(int depth, int width, int batch, int rounds, int batches) {
        if (rounds < 2 || batches < 1) {
            throw new IllegalArgumentException("bench needs rounds >= 2 and batches >= 1, got " + rounds + " and " + batches);
        }
        requireShape(depth, width, batch);
        MultiLayerNetwork net = mlp(depth, width);
        List<DataSet> data = data(batches, batch);
        Map<String, Method> methods = new LinkedHashMap<>();
        Map<String, String> schedules = new LinkedHashMap<>();
        MultiLayerNetwork bpNet = net.clone();
        methods.put("bp", b -> {
            bpNet.fit(b);
            return 1;
        });
        schedules.put("bp", "net.fit");
        List<PcSession> sessions = new ArrayList<>();
        Schedule ipc = Schedule.ipc(depth);
        Schedule pc = Schedule.pc(Math.max(20, depth - 1));
        methods.put("zil", pc(net, Schedule.zil(), 1, sessions));
        schedules.put("zil", Schedule.zil().toString());
        methods.put("ipc step", pc(net, ipc, depth, sessions));
        schedules.put("ipc step", ipc.toString());
        methods.put("pc", pc(net, pc, 1, sessions));
        schedules.put("pc", pc.toString());
        Map<String, List<Double>> ms = new LinkedHashMap<>();
        Map<String, List<Double>> ratio = new LinkedHashMap<>();
        METHODS.forEach(k -> {
            ms.put(k, new ArrayList<>());
            ratio.put(k, new ArrayList<>());
        });
        try {
            int turn = 0;
            for (int r = 0; r < rounds; r++) {
                for (DataSet b : data) {
                    Map<String, Double> t = new LinkedHashMap<>();
                    for (int i = 0; i < METHODS.size(); i++) {
                        String k = METHODS.get((turn + i) % METHODS.size());
                        long start = System.nanoTime();
                        int updates = methods.get(k).run(b);
                        t.put(k, (System.nanoTime() - start) / 1e6 / updates);
                    }
                    turn++;
                    if (r > 0) {
                        t.forEach((k, v) -> {
                            ms.get(k).add(v);
                            ratio.get(k).add(v / t.get("bp"));
                        });
                    }
                }
            }
        } finally {
            sessions.forEach(PcSession::close);
        }
        List<Row> rows = new ArrayList<>();
        for (String k : METHODS) {
            rows.add(new Row(depth, width, k, schedules.get(k), median(ms.get(k)), median(ratio.get(k)), ms.get(k).size()));
        }
        // one PC inference step: a PC(T) update is T + 1 energy evaluations (T value steps, then the weight gradient)
        int evaluations = ((PcSchedule) pc).valueSteps() + 1;
        rows.add(new Row(depth, width, "pc step", pc + " / " + evaluations, median(ms.get("pc")) / evaluations,
                median(ratio.get("pc")) / evaluations, ms.get("pc").size()));
        return rows;
    }

    private static Method pc(MultiLayerNetwork net, Schedule schedule, int updatesPerBatch, List<PcSession> sessions) {
        PcSession session = PcTrainer.builder().schedule(schedule).inferenceRate(0.1).build().open(net.clone(), false);
        sessions.add(session);
        return b -> {
            session.fit(b);
            return updatesPerBatch;
        };
    }

    private static List<DataSet> data(int count, int batch) {
        Random r = new Random(1);
        Nd4j.getRandom().setSeed(1);
        List<DataSet> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            INDArray x = Nd4j.rand(DataType.FLOAT, batch, 784);
            INDArray y = Nd4j.zeros(DataType.FLOAT, batch, 10);
            for (int j = 0; j < batch; j++) {
                y.putScalar(j, r.nextInt(10), 1f);
            }
            out.add(new DataSet(x, y));
        }
        return out;
    }

    /** @return the benchmark's MLP: {@code depth - 1} tanh layers of {@code width}, a softmax output, Adam 1e-3 */
    static MultiLayerNetwork mlp(int depth, int width) {
        return Mlp.builder().inputs(784).hidden(width).hiddenLayers(depth - 1).classes(10).seed(1).build().init();
    }

    static double median(List<Double> values) {
        return median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** @return the median of {@code values} (the mean of the middle two for an even count); {@code values} is not changed */
    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
