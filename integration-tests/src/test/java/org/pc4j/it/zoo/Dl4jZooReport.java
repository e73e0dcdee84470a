package org.pc4j.it.zoo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.pc4j.trainers.DivergenceException;
import org.pc4j.trainers.PcTrainer;
import org.pc4j.trainers.Schedule;

/**
 * The table of docs/results.md for DL4J's own zoo (slow profile; writes {@code target/dl4j-zoo-report.md}): for every zoo
 * model, its layer and vertex kinds, whether pc4j accepts it, the distance between one Z-IL update and one
 * {@code net.fit} update (asserted 0), the seconds per update of both (median of 3, same machine, same run), and what
 * three updates of PC and of iPC at pc4j's recommended steps, inference rate 0.02 and learning rate 1e-4 do to the
 * training loss on one batch of 2.
 * <pre>mvn -B -ntp verify -Pslow -pl integration-tests -Dtest=Dl4jZooReport -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
@Tag("slow")
class Dl4jZooReport {

    private static double seconds(Runnable r) {
        long t = System.nanoTime();
        r.run();
        return (System.nanoTime() - t) / 1e9;
    }

    private static double median(double[] a) {
        double[] s = a.clone();
        java.util.Arrays.sort(s);
        return s[s.length / 2];
    }

    private static String kinds(NeuralNetwork net) {
        TreeSet<String> k = new TreeSet<>();
        if (net instanceof MultiLayerNetwork m) {
            for (int i = 0; i < m.getnLayers(); i++) {
                k.add(m.getLayerWiseConfigurations().getConf(i).getLayer().getClass().getSimpleName());
            }
        } else {
            ((ComputationGraph) net).getConfiguration().getVertices().values().forEach(v -> k.add(v instanceof LayerVertex lv
                    ? lv.getLayerConf().getLayer().getClass().getSimpleName() : v.getClass().getSimpleName()));
        }
        return String.join(", ", k);
    }

    private static String learning(Dl4jZoo.Entry model, Schedule.Kind kind, MultiDataSet batch) {
        NeuralNetwork net = Dl4jZoo.init(model.small());
        Dl4jZooLearningTest.lowerTheLearningRate(net);
        double before = Dl4jZooLearningTest.loss(net, batch);
        PcTrainer recommended = PcTrainer.recommended(kind, net);
        PcTrainer trainer = PcTrainer.builder().schedule(recommended.config().schedule()).inferenceRate(Dl4jZooLearningTest.GAMMA).build();
        long t = System.nanoTime();
        try {
            for (int i = 0; i < 3; i++) {
                trainer.fit(net, batch);
            }
        } catch (DivergenceException e) {
            return trainer.config().schedule() + ": stopped (diverged) at " + e.getMessage().replaceAll(":.*", "");
        }
        double after = Dl4jZooLearningTest.loss(net, batch);
        return String.format("%s: %.4g → %.4g (%.1f s/update)", trainer.config().schedule(), before, after,
                (System.nanoTime() - t) / 3e9);
    }

    @Test
    void writeTheZooTable() throws Exception {
        List<String> rows = new ArrayList<>();
        rows.add("| DL4J zoo model | network | input (reduced) | layer and vertex kinds | pc4j | Z-IL − net.fit | s/update net.fit / Z-IL | PC | iPC |");
        rows.add("|---|---|---|---|---|---|---|---|---|");
        for (Dl4jZoo.Entry model : Dl4jZoo.all()) {
            NeuralNetwork probe;
            try {
                probe = Dl4jZoo.init(model.small());
            } catch (RuntimeException e) {
                rows.add("| " + model + " | — | — | — | DL4J's init() fails: " + e.getMessage().replace('|', '/') + " | | | | |");
                continue;
            }
            String type = probe instanceof MultiLayerNetwork ? "MultiLayerNetwork" : "ComputationGraph";
            String shape = java.util.Arrays.toString(model.smallShape());
            List<String> warnings;
            try {
                warnings = PcTrainer.builder().schedule(Schedule.zil()).build().check(probe);
            } catch (RuntimeException refused) {
                rows.add("| " + model + " | " + type + " | " + shape + " | " + kinds(probe) + " | refused: " + refused.getMessage()
                        .replace('|', '/') + " | | | | |");
                continue;
            }
            MultiDataSet batch = model.batch().apply(new Dl4jZoo.Shape(model.smallShape(), 2, new Random(1)));
            double[] bp = new double[3];
            double[] zil = new double[3];
            double distance = -1;
            for (int r = 0; r < 3; r++) {
                NeuralNetwork a = Dl4jZoo.init(model.small());
                NeuralNetwork b = Dl4jZoo.init(model.small());
                Nd4j.getRandom().setSeed(5);
                bp[r] = seconds(() -> Dl4jZooConformanceTest.fit(a, batch));
                Nd4j.getRandom().setSeed(5);
                zil[r] = seconds(() -> PcTrainer.builder().schedule(Schedule.zil()).build().fit(b, batch));
                INDArray diff = a.params().sub(b.params());
                distance = Math.max(distance, diff.norm2Number().doubleValue());
            }
            assertThat(distance).as("%s: Z-IL = net.fit", model).isEqualTo(0.0);
            MultiDataSet learnBatch = model.batch().apply(new Dl4jZoo.Shape(model.smallShape(), 2, new Random(2)));
            rows.add("| " + model + " | " + type + " | " + shape + " | " + kinds(probe) + " | accepted | 0 (exact) | "
                    + String.format("%.2f / %.2f", median(bp), median(zil)) + " | " + learning(model, Schedule.Kind.PC, learnBatch)
                    + " | " + learning(model, Schedule.Kind.IPC, learnBatch) + " |");
            System.out.println(rows.get(rows.size() - 1));
        }
        Path out = Path.of("target", "dl4j-zoo-report.md");
        Files.createDirectories(out.getParent());
        Files.write(out, rows);
    }
}
