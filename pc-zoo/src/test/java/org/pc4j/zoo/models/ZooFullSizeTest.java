package org.pc4j.zoo.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.pc4j.trainers.PcTrainer;
import org.pc4j.trainers.Schedule;
import org.pc4j.zoo.data.FashionMnistSample;
import org.pc4j.zoo.data.LabelledImages;
import org.pc4j.zoo.data.TextCorpus;
import org.pc4j.zoo.text.LanguageModelBatches;
import org.pc4j.zoo.text.WordPieceTokenizer;

/**
 * The zoo's models at full size, each trained on a few batches of the embedded data (images: 4 batches of the
 * Fashion-MNIST sample at the recipe's batch size; SmallBert: 10 batches of 32 sequences of the Moby-Dick excerpt)
 * with backprop and with its recommended iPC setting: the held-out loss is finite and lower than at the start. Slow
 * (about 10 minutes on 2 cores): {@code mvn -Pslow verify}.
 */
@Tag("slow")
class ZooFullSizeTest {

    private static double score(Model net, DataSet d) {
        return net instanceof ComputationGraph g ? g.score(d) : ((MultiLayerNetwork) net).score(d);
    }

    private static void trainBoth(String name, java.util.function.Supplier<Model> build, PcRecipe recipe, List<DataSet> train,
                                  DataSet heldOut) {
        for (boolean pc : new boolean[] {false, true}) {
            Model net = build.get();
            double before = score(net, heldOut);
            PcTrainer trainer = recipe.trainer();
            for (DataSet b : train) {
                if (!pc) {
                    if (net instanceof ComputationGraph g) {
                        g.fit(b);
                    } else {
                        ((MultiLayerNetwork) net).fit(b);
                    }
                } else if (net instanceof ComputationGraph g) {
                    trainer.fitBatch(g, b);
                } else {
                    trainer.fitBatch((MultiLayerNetwork) net, b);
                }
            }
            double after = score(net, heldOut);
            assertThat(after).as("%s %s: %.4f -> %.4f", name, pc ? recipe.schedule() : "backprop", before, after)
                    .isFinite().isLessThan(before);
        }
    }

    private static List<DataSet> batches(LabelledImages images, int size) {
        DataSetIterator it = images.iterator(size, 1);
        List<DataSet> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    @Test
    void fullSizeImageModelsLearnUnderBackpropAndTheirRecommendedIpc() {
        LabelledImages train = FashionMnistSample.load(true);
        DataSet heldOut = FashionMnistSample.load(false).dataSet(DataType.FLOAT);
        PcRecipe alex = AlexNet.recommended(Schedule.ipc(1));
        trainBoth("AlexNet", () -> AlexNet.builder().inputShape(1, 28, 28).updater(alex.updater()).build().init(), alex,
                batches(train, alex.batchSize()).subList(0, 4), heldOut);
        PcRecipe res = ResNet.recommended(Schedule.ipc(1));
        trainBoth("ResNet-20", () -> ResNet.builder().inputShape(1, 28, 28).updater(res.updater()).build().init(), res,
                batches(train, res.batchSize()).subList(0, 4), heldOut);
        PcRecipe vae = Vae.recommended(Schedule.ipc(1));
        List<DataSet> images = batches(train, vae.batchSize()).subList(0, 8).stream()
                .map(b -> new DataSet(b.getFeatures(), b.getFeatures())).toList();
        trainBoth("VAE", () -> Vae.builder().updater(vae.updater()).build().init(), vae, images,
                new DataSet(heldOut.getFeatures(), heldOut.getFeatures()));
    }

    @Test
    void fullSizeSmallBertLearnsUnderBackpropAndItsRecommendedIpc() {
        TextCorpus corpus = TextCorpus.mobyDickExcerpt();
        WordPieceTokenizer tokenizer = WordPieceTokenizer.train(corpus, 2000);
        int[] stream = tokenizer.encode(corpus.text());
        for (SmallBert.Variant variant : SmallBert.Variant.values()) {
            PcRecipe recipe = SmallBert.recommended(variant, Schedule.ipc(1));
            List<DataSet> batches = variant == SmallBert.Variant.CAUSAL
                    ? LanguageModelBatches.causal(stream, 32, 32, tokenizer.size(), 3, 11)
                    : LanguageModelBatches.masked(stream, 32, 32, tokenizer, 0.15, 3, 11);
            trainBoth("SmallBert " + variant, () -> SmallBert.builder(variant).vocabulary(tokenizer.size()).maxLength(32)
                    .updater(recipe.updater()).build().init(), recipe, batches.subList(0, 10), batches.get(10));
        }
    }
}
