package org.pc4j.zoo.models;

import java.util.Objects;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.TimeDistributed;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.pc4j.layers.conf.LayerNormalization;
import org.pc4j.layers.conf.MultiHeadSelfAttention;
import org.pc4j.layers.conf.TokenAndPositionEmbedding;
import org.pc4j.trainers.IpcSchedule;
import org.pc4j.trainers.PcSchedule;
import org.pc4j.trainers.Schedule;

/**
 * The small BERT of the PC papers ([001] §5: 2 blocks, 1 head, hidden 128) as a {@code ComputationGraph}
 * on token indices {@code [mb, T]}: token + learned position embedding, then per block post-norm self-attention
 * (residual add, layer norm) and a position-wise feed-forward network ({@code TimeDistributed} tanh dense of
 * {@code 4 * hidden}, then linear back to {@code hidden}; residual add, layer norm), and a softmax over the vocabulary
 * at every position ({@code RnnOutputLayer}, cross-entropy, labels {@code [mb, vocabulary, T]}).
 * <ul>
 * <li>{@link Variant#MASKED}: bidirectional attention, for masked-LM batches (the labels mask selects the masked
 * positions);</li>
 * <li>{@link Variant#CAUSAL}: causal attention, for next-token (conditional) LM batches.</li>
 * </ul>
 * Sequence length 34 by default ([000]: 32 tokens plus begin and end). The FFN width is pc4j's choice (the papers do
 * not give it).
 */
public final class SmallBert extends GraphModel {

    /** Masked or causal language model. */
    public enum Variant {
        /** Bidirectional attention: masked LM. */
        MASKED,
        /** Causal attention: conditional (next-token) LM. */
        CAUSAL
    }

    private final Variant variant;
    private final int vocabulary;
    private final int maxLength;
    private final int hidden;
    private final int blocks;
    private final int heads;
    private final long seed;
    private final IUpdater updater;
    private final DataType dataType;

    private SmallBert(Builder b) {
        this.variant = b.variant;
        this.vocabulary = b.vocabulary;
        this.maxLength = b.maxLength;
        this.hidden = b.hidden;
        this.blocks = b.blocks;
        this.heads = b.heads;
        this.seed = b.seed;
        this.updater = b.updater;
        this.dataType = b.dataType;
    }

    /** @return a builder; {@link Builder#vocabulary(int)} is required. */
    public static Builder builder(Variant variant) {
        return new Builder(variant);
    }

    /** @return the network's configuration (JSON-serialisable, inspectable). */
    @Override
    public ComputationGraphConfiguration conf() {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder().seed(seed).updater(updater)
                .dataType(dataType).weightInit(WeightInit.XAVIER).graphBuilder().addInputs("tokens")
                .addLayer("embedding", new TokenAndPositionEmbedding.Builder().nIn(vocabulary).nOut(hidden)
                        .maxLength(maxLength).build(), "tokens");
        String previous = "embedding";
        for (int b = 1; b <= blocks; b++) {
            String p = "block" + b + "-";
            g.addLayer(p + "attention", new MultiHeadSelfAttention.Builder().nIn(hidden).heads(heads)
                            .causal(variant == Variant.CAUSAL).build(), previous)
                    .addVertex(p + "add1", new ElementWiseVertex(ElementWiseVertex.Op.Add), previous, p + "attention")
                    .addLayer(p + "norm1", new LayerNormalization.Builder().nIn(hidden).build(), p + "add1")
                    .addLayer(p + "ffn1", new TimeDistributed(new DenseLayer.Builder().nIn(hidden).nOut(4L * hidden)
                            .activation(Activation.TANH).build(), RNNFormat.NCW), p + "norm1")
                    .addLayer(p + "ffn2", new TimeDistributed(new DenseLayer.Builder().nIn(4L * hidden).nOut(hidden)
                            .activation(Activation.IDENTITY).build(), RNNFormat.NCW), p + "ffn1")
                    .addVertex(p + "add2", new ElementWiseVertex(ElementWiseVertex.Op.Add), p + "norm1", p + "ffn2")
                    .addLayer(p + "norm2", new LayerNormalization.Builder().nIn(hidden).build(), p + "add2");
            previous = p + "norm2";
        }
        g.addLayer("output", new RnnOutputLayer.Builder(LossFunction.MCXENT).nIn(hidden).nOut(vocabulary)
                        .activation(Activation.SOFTMAX).dataFormat(RNNFormat.NCW).build(), previous)
                .setOutputs("output");
        return g.build();
    }

    /**
     * @return the network saved at {@code checkpoint}; it must be a SmallBert of these options
     * @throws org.pc4j.zoo.data.DataFileException if the file is missing, unreadable or of another architecture
     */
    @Override
    public String name() {
        return "SmallBert";
    }

    /**
     * @return the recommended configuration ([001] §5 and App. D.3): masked LM - iPC T = 6, lr 8e-4; PC
     *         T = 8, gamma 0.03125, lr 4e-4; causal LM - iPC T = 4, lr 3.2e-3; PC T = 10, gamma
     *         0.0078125, lr 4e-4 (the papers' inference-rate discount 0.9 is not modelled); iPC at gamma 0.1, not the
     *         papers' 0.5, which diverges in pc4j at full size (measured); batch 128; Z-IL and Fa-Z-IL
     *         as backprop (masked: batch 256, lr 3.2e-3; causal: batch 64, lr 1.6e-3). The papers use AdamW (weight
     *         decay 0.01): configure the network with Adam and {@code weightDecay(0.01)}.
     */
    public static PcRecipe recommended(Variant variant, Schedule schedule) {
        boolean masked = variant == Variant.MASKED;
        String src = "[001] §5, App. D.3";
        if (schedule instanceof IpcSchedule) {
            String note = src + "; the papers' x_lr 0.5 diverges in pc4j at full size (measured), so gamma 0.1";
            return masked ? new PcRecipe(Schedule.ipc(6), 0.1, new Adam(8e-4), 128, note)
                    : new PcRecipe(Schedule.ipc(4), 0.1, new Adam(3.2e-3), 128, note);
        }
        if (schedule instanceof PcSchedule) {
            return masked ? new PcRecipe(Schedule.pc(8), 0.03125, new Adam(4e-4), 128, src)
                    : new PcRecipe(Schedule.pc(10), 0.0078125, new Adam(4e-4), 128, src);
        }
        return masked ? new PcRecipe(schedule, 1.0, new Adam(3.2e-3), 256, src + " (backprop's setting)")
                : new PcRecipe(schedule, 1.0, new Adam(1.6e-3), 64, src + " (backprop's setting)");
    }

    /** Options of a {@link SmallBert}. */
    public static final class Builder extends ModelBuilder<Builder> {
        private final Variant variant;
        private int vocabulary;
        private int maxLength = 34;
        private int hidden = 128;
        private int blocks = 2;
        private int heads = 1;

        private Builder(Variant variant) {
            super(new Adam(8e-4));
            this.variant = Objects.requireNonNull(variant, "variant");
        }

        /** The vocabulary size (the tokenizer's); required. */
        public Builder vocabulary(int vocabulary) {
            this.vocabulary = atLeast("vocabulary", vocabulary, 2);
            return this;
        }

        /** The longest sequence (default 34). */
        public Builder maxLength(int maxLength) {
            this.maxLength = atLeast("maxLength", maxLength, 1);
            return this;
        }

        /** The model width (default 128). */
        public Builder hidden(int hidden) {
            this.hidden = atLeast("hidden", hidden, 1);
            return this;
        }

        /** Transformer blocks (default 2). */
        public Builder blocks(int blocks) {
            this.blocks = atLeast("blocks", blocks, 1);
            return this;
        }

        /** Attention heads (default 1); divides the width. */
        public Builder heads(int heads) {
            this.heads = atLeast("heads", heads, 1);
            return this;
        }

        public SmallBert build() {
            if (vocabulary < 2) {
                throw new IllegalArgumentException("SmallBert needs the vocabulary size: builder(variant).vocabulary(n)");
            }
            if (hidden % heads != 0) {
                throw new IllegalArgumentException("hidden " + hidden + " is not divisible by " + heads + " heads");
            }
            return new SmallBert(this);
        }
    }
}
