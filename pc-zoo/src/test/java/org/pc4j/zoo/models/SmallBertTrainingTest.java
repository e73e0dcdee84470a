package org.pc4j.zoo.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.pc4j.trainers.PcTrainer;
import org.pc4j.trainers.Schedule;
import org.pc4j.zoo.data.TextCorpus;
import org.pc4j.zoo.text.LanguageModelBatches;
import org.pc4j.zoo.text.WordPieceTokenizer;

/**
 * SmallBert (2 blocks, width 32, vocabulary of 600 word pieces built from the embedded Moby-Dick excerpt) learns as
 * a causal and as a masked language model under backprop, PC and iPC: the held-out loss is finite and lower after
 * 10 batches than before. PC and iPC run 10 steps, enough for the error to reach the embedding (9 vertices away).
 *
 * <p>A learning run of a minute on two cores: slow profile ({@code mvn -Pslow}).
 */
@org.junit.jupiter.api.Tag("slow")
class SmallBertTrainingTest {

    private static WordPieceTokenizer tokenizer;
    private static int[] stream;

    @BeforeAll
    static void text() {
        TextCorpus corpus = TextCorpus.mobyDickExcerpt();
        tokenizer = WordPieceTokenizer.train(corpus, 600);
        stream = tokenizer.encode(corpus.text());
    }

    private static final PcTrainer[] TRAINERS = {null, PcTrainer.builder().schedule(Schedule.pc(10)).inferenceRate(0.1).build(),
            PcTrainer.builder().schedule(Schedule.ipc(10)).inferenceRate(0.1).build()};

    @Test
    void smallBertLearnsBothLanguageModelsUnderEverySchedule() {
        for (SmallBert.Variant variant : SmallBert.Variant.values()) {
            List<DataSet> batches = variant == SmallBert.Variant.CAUSAL
                    ? LanguageModelBatches.causal(stream, 16, 16, tokenizer.size(), 7, 11)
                    : LanguageModelBatches.masked(stream, 16, 16, tokenizer, 0.15, 7, 11);
            DataSet heldOut = batches.get(10);
            for (PcTrainer t : TRAINERS) {
                ComputationGraph net = SmallBert.builder(variant).vocabulary(tokenizer.size()).hidden(32).maxLength(16)
                        .updater(new Adam(3e-3)).build().init();
                double before = net.score(heldOut);
                for (DataSet b : batches.subList(0, 10)) {
                    if (t == null) {
                        net.fit(b);
                    } else {
                        t.fitBatch(net, b);
                    }
                }
                double after = net.score(heldOut);
                String name = variant + " " + (t == null ? "backprop" : t.config().schedule().toString());
                assertThat(after).as("%s: loss %.4f -> %.4f", name, before, after).isFinite().isLessThan(before);
            }
        }
    }
}
