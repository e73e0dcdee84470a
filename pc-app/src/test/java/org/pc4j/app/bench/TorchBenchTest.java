package org.pc4j.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pc4j.testkit.NdAssertions.assertBitIdentical;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.pc4j.app.CommandLineRun;
import org.pc4j.zoo.data.DataSources;
import org.pc4j.zoo.data.ImageSet;
import org.pc4j.zoo.models.Mlp;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code pc4j bench --against torch} hands the PyTorch side, without PyTorch: the exchange files hold exactly the
 * network's initial parameters and the batches (read back through ND4J's own NumPy reader), the script ships in the
 * jar, and a missing PyTorch or a wrong argument is a clear error before anything is trained.
 */
class TorchBenchTest {

    @TempDir
    Path tmp;

    @Test
    void theExchangeFolderHoldsTheInitialParametersTheBatchesAndTheScript() throws Exception {
        ImageSet set = (ImageSet) DataSources.load("fashion-sample", null, 42);
        DataSet train = (DataSet) set.train().getRange(0, 200);
        DataSet test = (DataSet) set.test().getRange(0, 50);
        MultiLayerNetwork net = Mlp.builder().inputs(784).hidden(64).hiddenLayers(2).classes(10).seed(1).build().init();
        new TorchBench("python3", 20, 5, 0.1, 2).write(net, train, test, 128, TorchBench.Model.MLP, tmp);
        for (int k = 0; k < 3; k++) {
            INDArray w = Nd4j.createFromNpyFile(tmp.resolve("W" + k + ".npy").toFile());
            assertBitIdentical(String.format("W%d, [nIn, nOut]", k), w, net.getLayer(k).getParam("W"));
            INDArray b = Nd4j.createFromNpyFile(tmp.resolve("b" + k + ".npy").toFile());
            assertBitIdentical(b.reshape(-1), net.getLayer(k).getParam("b").reshape(-1));
        }
        INDArray x = Nd4j.createFromNpyFile(tmp.resolve("x.npy").toFile());
        assertThat(x.shape()).containsExactly(128, 784);
        assertBitIdentical(x, train.getFeatures().getRows(java.util.stream.IntStream.range(0, 128).toArray()).castTo(DataType.FLOAT));
        assertBitIdentical(Nd4j.createFromNpyFile(tmp.resolve("y_test.npy").toFile()), test.getLabels().castTo(DataType.FLOAT));
        JsonNode config = new ObjectMapper().readTree(tmp.resolve("config.json").toFile());
        assertThat(config.get("layers").asInt()).isEqualTo(3);
        assertThat(config.get("batch").asInt()).isEqualTo(64);
        assertThat(config.get("pcSteps").asInt()).isEqualTo(20);
        assertThat(config.get("ipcSteps").asInt()).isEqualTo(5);
        assertThat(Files.readString(tmp.resolve("torch_pc.py"))).contains("def pc_autograd").contains("class Manual");
    }

    /**
     * The double-precision check: the initial parameters and the batch in float64, exactly the float32 network's values
     * widened, and after each method's first update parameters that moved (PC(20) moves every layer of this MLP; the
     * Python side compares them with its own update).
     */
    @Test
    void theCheckFolderHoldsTheFirstUpdateOfEveryMethodInDoublePrecision() throws Exception {
        ImageSet set = (ImageSet) DataSources.load("fashion-sample", null, 42);
        DataSet batch = (DataSet) set.train().getRange(0, 64);
        MultiLayerNetwork net = Mlp.builder().inputs(784).hidden(64).hiddenLayers(2).classes(10).seed(1).build().init();
        INDArray before = net.params().dup();
        new TorchBench("python3", 20, 5, 0.1, 2).writeCheck(net, batch, tmp);
        assertBitIdentical(net.params(), before);
        for (int k = 0; k < 3; k++) {
            INDArray w = Nd4j.createFromNpyFile(tmp.resolve("W" + k + ".npy").toFile());
            assertThat(w.dataType()).isEqualTo(DataType.DOUBLE);
            assertBitIdentical(w, net.getLayer(k).getParam("W").castTo(DataType.DOUBLE));
            for (String method : TorchBench.METHODS) {
                INDArray after = Nd4j.createFromNpyFile(tmp.resolve(method + "_W" + k + ".npy").toFile());
                assertThat(after.dataType()).isEqualTo(DataType.DOUBLE);
                assertThat(after.sub(w).amaxNumber().doubleValue()).as("%s moved W%d", method, k).isGreaterThan(0);
            }
        }
        assertBitIdentical(Nd4j.createFromNpyFile(tmp.resolve("x.npy").toFile()), batch.getFeatures().castTo(DataType.DOUBLE));
    }

    /**
     * The CNN's description: its layers in order, with DL4J's "same" padding written out. For input n, kernel k, stride
     * s the output is ceil(n / s) and the total padding (out - 1) s + k - n, its floor half at the top and left, the
     * rest at the bottom and right.
     */
    @Test
    void theCnnIsDescribedLayerByLayerWithItsPaddingWrittenOut() throws Exception {
        ImageSet set = (ImageSet) DataSources.load("fashion-sample", null, 42);
        DataSet train = (DataSet) set.train().getRange(0, 64);
        DataSet test = (DataSet) set.test().getRange(0, 20);
        MultiLayerNetwork net = TorchBench.Model.CNN.build();
        new TorchBench("python3", 20, 5, 0.1, 2).write(net, train, test, 64, TorchBench.Model.CNN, tmp);
        JsonNode config = new ObjectMapper().readTree(tmp.resolve("config.json").toFile());
        assertThat(config.get("input").toString()).isEqualTo("[1,28,28]");
        JsonNode layers = config.get("net");
        List<String> types = new ArrayList<>();
        layers.forEach(l -> types.add(l.get("type").asText()));
        assertThat(types).containsExactly("conv", "pool", "conv", "pool", "conv", "conv", "conv", "pool", "dense", "dense", "output");
        // 5x5 stride 1 on 28: total 4, 2 on each side; 3x3 stride 2 on 28 -> 14: total 1, 0 before, 1 after; 14 -> 7
        // likewise; 7 -> 4: total 2, 1 and 1; 3x3 stride 1 convolutions on 7: 1 and 1
        assertThat(layers.get(0).get("pad").toString()).isEqualTo("[2,2,2,2]");
        assertThat(layers.get(1).get("pad").toString()).isEqualTo("[0,1,0,1]");
        assertThat(layers.get(3).get("pad").toString()).isEqualTo("[0,1,0,1]");
        assertThat(layers.get(4).get("pad").toString()).isEqualTo("[1,1,1,1]");
        assertThat(layers.get(7).get("pad").toString()).isEqualTo("[1,1,1,1]");
        assertThat(layers.get(0).get("act").asText()).isEqualTo("relu");
        assertThat(layers.get(1).get("stride").toString()).isEqualTo("[2,2]");
        INDArray w0 = Nd4j.createFromNpyFile(tmp.resolve("W0.npy").toFile());
        assertThat(w0.shape()).as("[out, in, kH, kW], as PyTorch stores it").containsExactly(8, 1, 5, 5);
        assertBitIdentical(w0, net.getLayer(0).getParam("W"));
        assertThat(tmp.resolve("W1.npy")).as("pooling has no parameters").doesNotExist();
        assertBitIdentical(Nd4j.createFromNpyFile(tmp.resolve("out_test.npy").toFile()), net.output(test.getFeatures().castTo(DataType.FLOAT)));
    }

    @Test
    void aPythonWithoutTorchAndBadArgumentsAreClearErrors() {
        assertThat(new TorchBench(tmp.resolve("no-python").toString(), 20, 5, 0.1, 2).unavailable())
                .contains("scripts/install-torch.sh");
        assertThat(new TorchBench("/bin/false", 20, 5, 0.1, 2).unavailable()).contains("cannot import torch");
        assertThatThrownBy(() -> new TorchBench("python3", 0, 5, 0.1, 2)).hasMessageContaining("steps >= 1");
        assertThatThrownBy(() -> new TorchBench("python3", 20, 5, 0.1, 2, 0)).hasMessageContaining("rounds >= 1");
        CommandLineRun noRounds = CommandLineRun.of("bench", "--against", "torch", "--torch-rounds", "0");
        assertThat(noRounds.status()).isEqualTo(2);
        assertThat(noRounds.err()).contains("rounds >= 1");
        assertThat(TorchBench.Model.parse(" CNN ")).isEqualTo(TorchBench.Model.CNN);
        assertThatThrownBy(() -> TorchBench.Model.parse("resnet")).hasMessageContaining("use mlp, wide or cnn");
        CommandLineRun against = CommandLineRun.of("bench", "--against", "jax");
        assertThat(against.status()).isEqualTo(2);
        assertThat(against.err()).contains("--against takes torch");
        CommandLineRun python = CommandLineRun.of("bench", "--against", "torch", "--python", tmp.resolve("none").toString());
        assertThat(python.status()).isEqualTo(2);
        assertThat(python.err()).contains("install-torch.sh");
    }
}
