package org.pc4j.zoo;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.pc4j.trainers.PcTrainer;
import org.pc4j.trainers.Schedule;
import org.pc4j.zoo.data.Digits;

/**
 * The command-line entry point (a first version; the full BP-vs-PC comparison comes with the comparison runner):
 * trains the same MLP on the embedded digits data with backprop and with predictive coding from identical initial
 * parameters and prints test accuracy and time for each.
 *
 * <pre>
 *   ./pc4j [--epochs N] [--seed S]
 * </pre>
 */
public final class Main {

    private Main() {
    }

    /** One method's result. */
    record Result(String method, double accuracy, double seconds, int iterations) {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (IllegalArgumentException e) {
            System.err.println("pc4j: " + e.getMessage());
            System.exit(2);
        }
    }

    static void run(String[] args) {
        int epochs = 10;
        long seed = 42;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--epochs" -> epochs = number(value(args, ++i, "--epochs"), "--epochs");
                case "--seed" -> seed = number(value(args, ++i, "--seed"), "--seed");
                case "-h", "--help" -> {
                    System.out.println("usage: pc4j [--epochs N] [--seed S]\n"
                            + "Trains a 64-128-64-10 MLP on the embedded digits data with backprop, PC, iPC and Z-IL and prints the results.");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'; try --help");
            }
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs must be >= 1, got " + epochs);
        }
        Digits.Split data = Digits.load().split(0.2, seed, DataType.FLOAT).standardised();
        MultiLayerNetwork initial = mlp(seed);
        Map<String, PcTrainer> methods = new LinkedHashMap<>();
        methods.put("bp", null);
        methods.put("pc(20)", PcTrainer.builder().schedule(Schedule.pc(20)).inferenceRate(0.1).build());
        methods.put("ipc(5)", PcTrainer.builder().schedule(Schedule.ipc(5)).inferenceRate(0.1).build());
        methods.put("zil", PcTrainer.builder().schedule(Schedule.zil()).build());

        System.out.printf(Locale.ROOT, "digits (standardised): %d train / %d test examples, MLP 64-128-64-10, Adam(1e-3), batch 32, %d epochs, seed %d%n",
                data.train().numExamples(), data.test().numExamples(), epochs, seed);
        // untimed warm-up, so that the first method does not pay for JIT compilation and native initialisation
        initial.clone().fit(data.trainIterator(32), 1);
        methods.values().stream().filter(t -> t != null).forEach(t -> t.fit(initial.clone(), data.trainIterator(32), 1));
        System.out.printf(Locale.ROOT, "%-8s %10s %10s %11s%n", "method", "test acc", "seconds", "iterations");
        for (Map.Entry<String, PcTrainer> m : methods.entrySet()) {
            MultiLayerNetwork net = initial.clone();
            long start = System.nanoTime();
            if (m.getValue() == null) {
                net.fit(data.trainIterator(32), epochs);
            } else {
                m.getValue().fit(net, data.trainIterator(32), epochs);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Evaluation eval = net.evaluate(data.testIterator(256));
            Result r = new Result(m.getKey(), eval.accuracy(), seconds, net.getIterationCount());
            System.out.printf(Locale.ROOT, "%-8s %9.2f%% %10.2f %11d%n", r.method(), 100 * r.accuracy(), r.seconds(), r.iterations());
        }
    }

    /** @return the MLP every method starts from. */
    static MultiLayerNetwork mlp(long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).updater(new Adam(1e-3))
                .weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(Digits.PIXELS).nOut(128).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nIn(128).nOut(64).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(64).nOut(Digits.CLASSES).activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static int number(String text, String flag) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a whole number, got '" + text + "'");
        }
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }
}
