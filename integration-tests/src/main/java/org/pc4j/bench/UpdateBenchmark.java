package org.pc4j.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.pc4j.trainers.PcConfig;
import org.pc4j.trainers.PcTrainer;
import org.pc4j.trainers.Schedule;
import org.pc4j.trainers.engine.TrainingSession;

/**
 * Milliseconds per weight update of backprop, Z-IL, one iPC step and PC(T=20), on a 784-256-256-10 MLP and a small
 * CNN (batch 64, float32; the CNN runs a quarter as many batches per round), reported as ratios to backprop
 * measured in the same run. Every method trains its own copy of the network through one training session (as one
 * {@code fit} call does); the methods take turns batch by batch, in an order that rotates from batch to batch, so
 * machine noise and cache effects fall on all of them alike. The table shows, over the measured rounds, the median
 * milliseconds per update and the median of the per-batch ratios to backprop's time on the same batch
 * (pairs taken back to back, so that noise cancels).
 * A PC(T) update is T + 1 energy evaluations (T value steps, then the weight gradient); one inference step is the
 * update's time divided by T + 1.
 *
 * <pre>
 * mvn -q -B install -DskipTests
 * mvn -q -B -pl integration-tests exec:java -Dexec.mainClass=org.pc4j.bench.UpdateBenchmark [-Dexec.args="ROUNDS BATCHES mlp|cnn|all"]
 * </pre>
 */
public final class UpdateBenchmark {

    private static final int BATCH = 64;
    private static final int PC_STEPS = 20;
    private static final int IPC_STEPS = 5;
    private static final String BP = "BP (net.fit)";
    private static final String PC = "PC(T=20), one update";

    private UpdateBenchmark() {
    }

    /** A method under test, bound to its own copy of the network: trains on one batch, returns the updates made. */
    interface Method {
        int run(DataSet batch);
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        int batches = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        String which = args.length > 2 ? args[2] : "all";
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        System.out.printf(Locale.ROOT, "pc4j update benchmark: %d rounds (first discarded) of %d batches of %d, float32, %s, %d cores, Java %s%n",
                rounds, batches, BATCH, System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        if (!which.equals("cnn")) {
            bench("MLP 784-256-256-10", mlp(), data(batches, 784, 10, new long[] {BATCH, 784}), rounds);
        }
        if (!which.equals("mlp")) {
            bench("CNN 28x28: conv5x5x8-pool-conv3x3x16-pool-dense64-10 (a quarter of the batches)", cnn(),
                    data(Math.max(2, batches / 4), 784, 10, new long[] {BATCH, 1, 28, 28}), rounds);
        }
    }

    private static void bench(String name, MultiLayerNetwork net, List<DataSet> batches, int rounds) {
        Map<String, Method> methods = new LinkedHashMap<>();
        MultiLayerNetwork bpNet = net.clone();
        methods.put(BP, b -> {
            bpNet.fit(b);
            return 1;
        });
        List<TrainingSession> sessions = new ArrayList<>();
        methods.put("Z-IL", pc(net, Schedule.zil(), 1, sessions));
        methods.put("iPC, one step", pc(net, Schedule.ipc(IPC_STEPS), IPC_STEPS, sessions));
        methods.put(PC, pc(net, Schedule.pc(PC_STEPS), 1, sessions));
        List<String> names = new ArrayList<>(methods.keySet());
        Map<String, List<Double>> msPerUpdate = new LinkedHashMap<>();
        Map<String, List<Double>> ratioToBp = new LinkedHashMap<>();
        names.forEach(k -> {
            msPerUpdate.put(k, new ArrayList<>());
            ratioToBp.put(k, new ArrayList<>());
        });
        int turn = 0;
        for (int r = 0; r < rounds; r++) {
            for (DataSet batch : batches) {
                // every method trains on this batch, back to back, before the next one; the order rotates
                Map<String, Double> ms = new LinkedHashMap<>();
                for (int i = 0; i < names.size(); i++) {
                    String k = names.get((turn + i) % names.size());
                    long start = System.nanoTime();
                    int updates = methods.get(k).run(batch);
                    ms.put(k, (System.nanoTime() - start) / 1e6 / updates);
                }
                turn++;
                if (r > 0) {
                    ms.forEach((k, t) -> {
                        msPerUpdate.get(k).add(t);
                        ratioToBp.get(k).add(t / ms.get(BP));
                    });
                }
            }
        }
        sessions.forEach(TrainingSession::close);
        System.out.printf(Locale.ROOT, "%n%s (%d paired batches)%n%-24s %12s %14s%n", name, ratioToBp.get(BP).size(),
                "method", "ms/update", "x BP (paired)");
        for (String k : names) {
            System.out.printf(Locale.ROOT, "%-24s %12.2f %14.2f%n", k, median(msPerUpdate.get(k)), median(ratioToBp.get(k)));
        }
        System.out.printf(Locale.ROOT, "%-24s %12.2f %14.2f%n", "PC, one inference step",
                median(msPerUpdate.get(PC)) / (PC_STEPS + 1), median(ratioToBp.get(PC)) / (PC_STEPS + 1));
    }

    /** A PC method on its own copy of the network, with one training session for the whole benchmark, as fit() has. */
    private static Method pc(MultiLayerNetwork net, Schedule schedule, int updatesPerBatch, List<TrainingSession> sessions) {
        PcConfig config = PcTrainer.builder().schedule(schedule).build().config();
        TrainingSession session = new TrainingSession(net.clone(), config, List.of(), false);
        sessions.add(session);
        return b -> {
            session.fit(b);
            return updatesPerBatch;
        };
    }

    private static List<DataSet> data(int count, int features, int classes, long[] shape) {
        Random r = new Random(1);
        List<DataSet> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            INDArray x = Nd4j.rand(DataType.FLOAT, shape);
            INDArray y = Nd4j.zeros(DataType.FLOAT, BATCH, classes);
            for (int j = 0; j < BATCH; j++) {
                y.putScalar(j, r.nextInt(classes), 1f);
            }
            out.add(new DataSet(x, y));
        }
        return out;
    }

    static MultiLayerNetwork mlp() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).updater(new Adam(1e-3))
                .weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(256).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nIn(256).nOut(256).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(256).nOut(10).activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    static MultiLayerNetwork cnn() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).updater(new Adam(1e-3))
                .weightInit(WeightInit.XAVIER).convolutionMode(ConvolutionMode.Same).list()
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(8).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(16).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(64).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(28, 28, 1))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
