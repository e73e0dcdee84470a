package org.pc4j.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
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
import org.pc4j.trainers.PcTrainer;
import org.pc4j.trainers.Schedule;

/**
 * Milliseconds per weight update of backprop, Z-IL, one iPC step and PC(T=20), on a 784-256-256-10 MLP and a small
 * CNN (batch 64, float32; the CNN runs a quarter as many batches per round), reported as ratios to backprop measured in the same run. Each round times every method
 * on the same batches, interleaved, so machine noise affects all of them alike; the table shows, over the measured
 * rounds, the median milliseconds per update and the median of each round's ratio to that round's backprop time.
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

    private UpdateBenchmark() {
    }

    /** A method under test: trains {@code net} over {@code batches} once and returns the weight updates made. */
    interface Method {
        int run(MultiLayerNetwork net, List<DataSet> batches);
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
        methods.put("BP (net.fit)", (n, b) -> {
            n.fit(new ListDataSetIterator<>(b, 1));
            return b.size();
        });
        methods.put("Z-IL", trainer(Schedule.zil(), 1));
        methods.put("iPC, one step", trainer(Schedule.ipc(IPC_STEPS), IPC_STEPS));
        methods.put("PC(T=20), one update", trainer(Schedule.pc(PC_STEPS), 1));
        Map<String, List<Double>> msPerUpdate = new LinkedHashMap<>();
        Map<String, List<Double>> ratioToBp = new LinkedHashMap<>();
        methods.keySet().forEach(k -> {
            msPerUpdate.put(k, new ArrayList<>());
            ratioToBp.put(k, new ArrayList<>());
        });
        for (int r = 0; r < rounds; r++) {
            Map<String, Double> round = new LinkedHashMap<>();
            for (Map.Entry<String, Method> m : methods.entrySet()) {
                long start = System.nanoTime();
                int updates = m.getValue().run(net, batches);
                round.put(m.getKey(), (System.nanoTime() - start) / 1e6 / updates);
            }
            if (r > 0) {
                double bp = round.get("BP (net.fit)");
                round.forEach((k, ms) -> {
                    msPerUpdate.get(k).add(ms);
                    ratioToBp.get(k).add(ms / bp);
                });
            }
        }
        System.out.printf(Locale.ROOT, "%n%s%n%-24s %12s %14s%n", name, "method", "ms/update", "x BP (paired)");
        for (String k : methods.keySet()) {
            System.out.printf(Locale.ROOT, "%-24s %12.2f %14.2f%n", k, median(msPerUpdate.get(k)), median(ratioToBp.get(k)));
        }
        String pc = "PC(T=20), one update";
        System.out.printf(Locale.ROOT, "%-24s %12.2f %14.2f%n", "PC, one inference step",
                median(msPerUpdate.get(pc)) / (PC_STEPS + 1), median(ratioToBp.get(pc)) / (PC_STEPS + 1));
    }

    private static Method trainer(Schedule schedule, int updatesPerBatch) {
        PcTrainer t = PcTrainer.builder().schedule(schedule).build();
        return (n, b) -> {
            t.fit(n, new ListDataSetIterator<>(b, 1));
            return b.size() * updatesPerBatch;
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
