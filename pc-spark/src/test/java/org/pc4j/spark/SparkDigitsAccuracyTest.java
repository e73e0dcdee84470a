package org.pc4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.pc4j.trainers.PcConfig;
import org.pc4j.trainers.PcTrainer;
import org.pc4j.trainers.Schedule;
import org.pc4j.zoo.data.Digits;
import org.pc4j.zoo.models.Mlp;

/**
 * PC and iPC trained through Spark with two workers reach the accuracy of the same training on one machine, on the
 * digits set (scikit-learn's 8 x 8 digits, 25% held out): PC by gradient averaging (two workers' batches of 32 make
 * one update of 64, against one machine's batches of 64), iPC by parameter averaging after every batch (two workers'
 * batches of 32, against one machine's batches of 32), an MLP 64-32-10, 8 epochs.
 *
 * <p>A learning run of a minute on two cores: slow profile ({@code mvn -Pslow}).
 */
@org.junit.jupiter.api.Tag("slow")
class SparkDigitsAccuracyTest {

    private static JavaSparkContext sc;
    private static final Digits.Split DATA = Digits.load().split(0.25, 1, DataType.FLOAT).standardised();

    @BeforeAll
    static void startSpark() {
        sc = LocalSpark.start();
    }

    @AfterAll
    static void stopSpark() {
        sc.stop();
    }

    private static MultiLayerNetwork mlp() {
        return Mlp.builder().inputs(64).hidden(32).hiddenLayers(1).classes(10).seed(3).updater(new Adam(3e-3)).build().init();
    }

    private static double accuracy(MultiLayerNetwork net) {
        return net.evaluate(DATA.testIterator(128)).accuracy();
    }

    private static double single(PcConfig trainer, int batch, int epochs) {
        MultiLayerNetwork net = mlp();
        PcTrainer.builder().config(trainer).build().fit(net, DATA.trainIterator(batch), epochs);
        return accuracy(net);
    }

    private static double spark(SparkPcTrainer trainer, int epochs) {
        MultiLayerNetwork net = mlp();
        List<DataSet> batches = DATA.train().batchBy(32);
        trainer.fit(net, sc.parallelize(batches, 2), epochs);
        return accuracy(net);
    }

    @Test
    void pcByGradientAveragingAndIpcByParameterAveragingMatchOneMachineWithinOnePoint() {
        PcConfig pc = PcTrainer.builder().schedule(Schedule.pc(12)).inferenceRate(0.1).build().config();
        PcConfig ipc = PcTrainer.builder().schedule(Schedule.ipc(4)).inferenceRate(0.1).build().config();
        double pcOne = single(pc, 64, 8);
        double pcSpark = spark(SparkPcTrainer.gradientAveraging(pc), 8);
        double ipcOne = single(ipc, 32, 8);
        double ipcSpark = spark(SparkPcTrainer.parameterAveraging(ipc, 1), 8);
        System.out.printf("digits test accuracy: PC one machine %.4f, Spark %.4f; iPC one machine %.4f, Spark %.4f%n", pcOne, pcSpark,
                ipcOne, ipcSpark);
        assertThat(pcOne).as("one machine learns (chance 0.1)").isGreaterThan(0.8);
        assertThat(ipcOne).isGreaterThan(0.8);
        assertThat(pcSpark).as("PC: Spark %s vs one machine %s", pcSpark, pcOne).isCloseTo(pcOne, within(0.01));
        assertThat(ipcSpark).as("iPC: Spark %s vs one machine %s", ipcSpark, ipcOne).isCloseTo(ipcOne, within(0.01));
    }
}
