package org.pc4j.trainers.testing;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.L2NormalizeVertex;
import org.deeplearning4j.nn.conf.graph.L2Vertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.graph.ReshapeVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.graph.ShiftVertex;
import org.deeplearning4j.nn.conf.graph.StackVertex;
import org.deeplearning4j.nn.conf.graph.SubsetVertex;
import org.deeplearning4j.nn.conf.graph.UnstackVertex;
import org.deeplearning4j.nn.conf.graph.rnn.LastTimeStepVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToRnnPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.RnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.pc4j.layers.conf.LayerNormalization;
import org.pc4j.layers.conf.MultiHeadSelfAttention;
import org.pc4j.layers.conf.TokenAndPositionEmbedding;
import org.pc4j.trainers.testing.Nets.Head;

/** The small double-precision computation graphs of the oracle tests, each built fresh from a seed. */
public final class Graphs {

    private Graphs() {
    }

    /**
     * A stack of ResNet basic blocks on {@code [2, 6, 6]} images: stem conv 3x3 (4 ch) - BN - ReLU; block 1 with an
     * identity shortcut (conv-BN-ReLU-conv-BN, add, ReLU); block 2 with stride 2 and a projection shortcut (conv 1x1
     * stride 2 - BN) to 6 channels; global average pooling; output {@code nOut}. Its skip edges span 4 and 2 levels.
     */
    public static ComputationGraph resNet(Head head, IUpdater updater, int nOut, long seed) {
        ComputationGraphConfiguration.GraphBuilder g = Nets.base(updater, seed).convolutionMode(ConvolutionMode.Same)
                .graphBuilder().addInputs("in");
        g.addLayer("stem", conv(3, 4, 1), "in").addLayer("stem-bn", new BatchNormalization.Builder().build(), "stem")
                .addLayer("stem-relu", relu(), "stem-bn");
        block(g, "b1", "stem-relu", 4, 1, false);
        block(g, "b2", "b1-out", 6, 2, true);
        g.addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "b2-out")
                .addLayer("out", new OutputLayer.Builder(head.loss).nOut(nOut).activation(head.activation).build(), "pool")
                .setOutputs("out").setInputTypes(InputType.convolutional(6, 6, 2));
        return init(g.build());
    }

    private static void block(ComputationGraphConfiguration.GraphBuilder g, String name, String input, int channels,
                              int stride, boolean projection) {
        g.addLayer(name + "-c1", new ConvolutionLayer.Builder(3, 3).stride(stride, stride).nOut(channels)
                        .activation(Activation.IDENTITY).build(), input)
                .addLayer(name + "-bn1", new BatchNormalization.Builder().build(), name + "-c1")
                .addLayer(name + "-relu1", relu(), name + "-bn1")
                .addLayer(name + "-c2", conv(3, channels, 1), name + "-relu1")
                .addLayer(name + "-bn2", new BatchNormalization.Builder().build(), name + "-c2");
        String shortcut = input;
        if (projection) {
            g.addLayer(name + "-proj", conv(1, channels, stride), input)
                    .addLayer(name + "-proj-bn", new BatchNormalization.Builder().build(), name + "-proj");
            shortcut = name + "-proj-bn";
        }
        g.addVertex(name + "-add", new ElementWiseVertex(ElementWiseVertex.Op.Add), name + "-bn2", shortcut)
                .addLayer(name + "-out", relu(), name + "-add");
    }

    private static ConvolutionLayer conv(int kernel, int channels, int stride) {
        return new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride).nOut(channels)
                .activation(Activation.IDENTITY).build();
    }

    private static ActivationLayer relu() {
        return new ActivationLayer.Builder().activation(Activation.RELU).build();
    }

    /**
     * A dense graph on {@code [mb, 6]} inputs that uses every supported parameter-free feed-forward vertex, with skip
     * edges of different lengths: element-wise add, subtract, product, average and max; merge; subset; scale; shift;
     * L2 normalisation; a preprocessor vertex and a reshape vertex (to images and back); stack and unstack; the L2
     * distance vertex. Hidden activations are tanh.
     */
    public static ComputationGraph vertexZoo(Head head, IUpdater updater, int nOut, long seed) {
        ComputationGraphConfiguration.GraphBuilder g = Nets.base(updater, seed).graphBuilder().addInputs("in")
                .addLayer("d1", dense(6, 4), "in")
                .addLayer("d2", dense(4, 4), "d1")
                .addLayer("d3", dense(4, 4), "d2")
                .addVertex("add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "d1", "d3")
                .addVertex("sub", new ElementWiseVertex(ElementWiseVertex.Op.Subtract), "d2", "add")
                .addVertex("prod", new ElementWiseVertex(ElementWiseVertex.Op.Product), "sub", "d1")
                .addVertex("avg", new ElementWiseVertex(ElementWiseVertex.Op.Average), "prod", "d3", "d2")
                .addVertex("max", new ElementWiseVertex(ElementWiseVertex.Op.Max), "avg", "d1")
                .addVertex("merge", new MergeVertex(), "max", "d2")
                .addVertex("subset", new SubsetVertex(1, 6), "merge")
                .addVertex("scale", new ScaleVertex(0.7), "subset")
                .addVertex("shift", new ShiftVertex(0.2), "scale")
                .addVertex("l2norm", new L2NormalizeVertex(new int[] {1}, 1e-8), "shift")
                .addVertex("to-image", new PreprocessorVertex(new FeedForwardToCnnPreProcessor(2, 3, 1)), "l2norm")
                .addVertex("flat", new ReshapeVertex(-1, 6), "to-image")
                .addVertex("stack", new StackVertex(), "flat", "shift")
                .addVertex("unstack", new UnstackVertex(0, 2), "stack")
                .addLayer("d4", dense(6, 4), "unstack")
                .addVertex("l2", new L2Vertex(), "d4", "d3")
                .addVertex("merge2", new MergeVertex(), "d4", "l2")
                .addLayer("out", new OutputLayer.Builder(head.loss).nIn(5).nOut(nOut).activation(head.activation).build(), "merge2")
                .setOutputs("out");
        return init(g.build());
    }

    /**
     * Two inputs ({@code [mb, 5]} features and {@code [mb, 3, 4]} sequences) and two outputs: a dense branch, an
     * LSTM branch read at its last time step, merged; the output "cls" (softmax cross-entropy, 3 classes) reads the
     * merge, the output "reg" (MSE, 2 values) reads the dense branch directly.
     */
    public static ComputationGraph twoInTwoOut(IUpdater updater, long seed) {
        ComputationGraphConfiguration.GraphBuilder g = Nets.base(updater, seed).graphBuilder().addInputs("x", "seq")
                .addLayer("dx", dense(5, 4), "x")
                .addLayer("lstm", new LSTM.Builder().nIn(3).nOut(4).activation(Activation.TANH).build(), "seq")
                .addVertex("last", new LastTimeStepVertex("seq"), "lstm")
                .addVertex("merge", new MergeVertex(), "dx", "last")
                .addLayer("dm", dense(8, 5), "merge")
                .addLayer("cls", new OutputLayer.Builder(LossFunction.MCXENT).nIn(5).nOut(3).activation(Activation.SOFTMAX).build(), "dm")
                .addLayer("reg", new OutputLayer.Builder(LossFunction.MSE).nIn(4).nOut(2).activation(Activation.IDENTITY).build(), "dx")
                .setOutputs("cls", "reg");
        return init(g.build());
    }

    /**
     * A dense residual graph on {@code [mb, 6]} inputs, tanh throughout: d1 - d2 - d3, add(d1, d3) - d4,
     * add(d4, d2) - output. The skip edges d1 -> add and d2 -> add2 span 3 and 2 levels.
     */
    public static ComputationGraph denseResidual(Head head, IUpdater updater, int nOut, long seed) {
        ComputationGraphConfiguration.GraphBuilder g = Nets.base(updater, seed).graphBuilder().addInputs("in")
                .addLayer("d1", dense(6, 5), "in")
                .addLayer("d2", dense(5, 5), "d1")
                .addLayer("d3", dense(5, 5), "d2")
                .addVertex("add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "d1", "d3")
                .addLayer("d4", dense(5, 5), "add")
                .addVertex("add2", new ElementWiseVertex(ElementWiseVertex.Op.Add), "d4", "d2")
                .addLayer("out", new OutputLayer.Builder(head.loss).nIn(5).nOut(nOut).activation(head.activation).build(), "add2")
                .setOutputs("out");
        return init(g.build());
    }

    /**
     * One transformer block on token indices {@code [mb, T]} (post-norm, as in Vaswani et al.): token + position
     * embedding (width 4) - multi-head self-attention (2 heads, causal or bidirectional) - add(embedding) - layer
     * norm - feed-forward tanh 8 - 4 - add(norm) - layer norm - softmax over the vocabulary at every step.
     */
    public static ComputationGraph transformer(boolean causal, IUpdater updater, int vocabulary, int maxLength, long seed) {
        int d = 4;
        ComputationGraphConfiguration.GraphBuilder g = Nets.base(updater, seed).graphBuilder().addInputs("tokens")
                .addLayer("emb", new TokenAndPositionEmbedding.Builder().nIn(vocabulary).nOut(d).maxLength(maxLength).build(), "tokens")
                .addLayer("attn", new MultiHeadSelfAttention.Builder().nIn(d).heads(2).causal(causal).build(), "emb")
                .addVertex("res1", new ElementWiseVertex(ElementWiseVertex.Op.Add), "emb", "attn")
                .addLayer("ln1", new LayerNormalization.Builder().nIn(d).build(), "res1")
                .addLayer("ff1", new DenseLayer.Builder().nIn(d).nOut(2 * d).activation(Activation.TANH).build(),
                        new RnnToFeedForwardPreProcessor(), "ln1")
                .addLayer("ff2", new DenseLayer.Builder().nIn(2 * d).nOut(d).activation(Activation.IDENTITY).build(), "ff1")
                .addVertex("ff-seq", new PreprocessorVertex(new FeedForwardToRnnPreProcessor()), "ff2")
                .addVertex("res2", new ElementWiseVertex(ElementWiseVertex.Op.Add), "ln1", "ff-seq")
                .addLayer("ln2", new LayerNormalization.Builder().nIn(d).build(), "res2")
                .addLayer("out", new RnnOutputLayer.Builder(LossFunction.MCXENT).nIn(d).nOut(vocabulary)
                        .activation(Activation.SOFTMAX).dataFormat(RNNFormat.NCW).build(), "ln2")
                .setOutputs("out");
        return init(g.build());
    }

    private static DenseLayer dense(int nIn, int nOut) {
        return new DenseLayer.Builder().nIn(nIn).nOut(nOut).activation(Activation.TANH).build();
    }

    public static ComputationGraph init(ComputationGraphConfiguration conf) {
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }
}
