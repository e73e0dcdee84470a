package org.pc4j.it.examples;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.CenterLossOutputLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.SplitTestAndTrain;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nadam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The official deeplearning4j-examples programs of the conformance suite (repository
 * {@code deeplearning4j/deeplearning4j-examples}, folder {@code dl4j-examples/src/main/java/org/deeplearning4j/examples}).
 * Each method builds the program's network as the program does (layers, activations, losses, updater, regularisation,
 * initialisation and seed), and the program's training data offline ({@link ExampleData}), cut by {@link Cut}.
 */
final class OfficialExamples {

    private static final String ROOT = "dl4j-examples/src/main/java/org/deeplearning4j/examples/";

    /** How much of each program runs: seconds in the default test run, longer behind the {@code slow} tag. */
    enum Cut {
        SMOKE(1), LONGER(4);

        final int scale;

        Cut(int scale) {
            this.scale = scale;
        }
    }

    private OfficialExamples() {
    }

    /** @return every program of the suite, in the order of docs/results.md. */
    static List<Example> all(Cut cut) {
        return List.of(mnistDoubleLayer(cut), mnistSingleLayer(cut), irisClassifier(cut), leNetMnist(cut),
                uciSequenceClassification(cut), charRnnGraph(cut), sumModel(cut), mnistAutoencoder(cut), dualResnet(cut),
                categoryEmbedding(cut), centerLossLeNet(cut));
    }

    private static MultiLayerNetwork init(MultiLayerConfiguration conf) {
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static List<MultiDataSet> batches(DataSet all, int batchSize) {
        List<MultiDataSet> out = new ArrayList<>();
        for (DataSet b : all.batchBy(batchSize)) {
            out.add(b.toMultiDataSet());
        }
        return out;
    }

    /** quickstart MNISTDoubleLayer: 784-500-100-10, ReLU, softmax + NLL, Nadam, l2 7.5e-6, Xavier, batch 64. */
    static Example mnistDoubleLayer(Cut cut) {
        return mnistDoubleLayer(cut, new Nadam(), "MNISTDoubleLayer", "Fashion-MNIST sample for MNIST; " + 10 * cut.scale
                + " batches of 64, 1 epoch (the program: 15 epochs of MNIST). PC and iPC refuse DL4J's Nadam (see the README)");
    }

    /** The same program with the one change pc4j asks for: Nadam with its second-moment bias correction. */
    static Example mnistDoubleLayerCorrectedNadam(Cut cut) {
        return mnistDoubleLayer(cut, org.pc4j.trainers.updater.NadamBiasCorrection.nadam(Nadam.DEFAULT_NADAM_LEARNING_RATE),
                "MNISTDoubleLayer (NadamBiasCorrection)", "as MNISTDoubleLayer, with .updater(NadamBiasCorrection.nadam(1e-3)) "
                        + "for new Nadam()");
    }

    private static Example mnistDoubleLayer(Cut cut, IUpdater updater, String name, String changes) {
        double rate = 0.0015;
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(123)
                .activation(Activation.RELU)
                .weightInit(WeightInit.XAVIER)
                .updater(updater)
                .l2(rate * 0.005)
                .list()
                .layer(new DenseLayer.Builder().nIn(28 * 28).nOut(500).build())
                .layer(new DenseLayer.Builder().nIn(500).nOut(100).build())
                .layer(new OutputLayer.Builder(LossFunction.NEGATIVELOGLIKELIHOOD).activation(Activation.SOFTMAX).nOut(10).build())
                .build();
        return new Example(name, ROOT + "quickstart/modeling/feedforward/classification/MNISTDoubleLayer.java", changes,
                () -> init(conf.clone()), batches(ExampleData.fashion(true, 640 * cut.scale), 64), 1,
                ExampleData.fashion(false, 500).toMultiDataSet(), Example.Metric.ACCURACY, null);
    }

    /** quickstart MNISTSingleLayer: 784-1000-10, ReLU, softmax + NLL, Nesterovs(0.006, 0.9), l2 1e-4, batch 128. */
    static Example mnistSingleLayer(Cut cut) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(123)
                .updater(new Nesterovs(0.006, 0.9))
                .l2(1e-4)
                .list()
                .layer(new DenseLayer.Builder().nIn(28 * 28).nOut(1000).activation(Activation.RELU).weightInit(WeightInit.XAVIER).build())
                .layer(new OutputLayer.Builder(LossFunction.NEGATIVELOGLIKELIHOOD).nIn(1000).nOut(10)
                        .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build())
                .build();
        return new Example("MNISTSingleLayer", ROOT + "quickstart/modeling/feedforward/classification/MNISTSingleLayer.java",
                "Fashion-MNIST sample for MNIST; " + 8 * cut.scale + " batches of 128, 1 epoch (the program: 15 epochs of MNIST)",
                () -> init(conf.clone()), batches(ExampleData.fashion(true, 1024 * cut.scale), 128), 1,
                ExampleData.fashion(false, 500).toMultiDataSet(), Example.Metric.ACCURACY, null);
    }

    /** quickstart IrisClassifier: 4-3-3-3 tanh, softmax + NLL, SGD 0.1, l2 1e-4; all 98 training flowers per fit. */
    static Example irisClassifier(Cut cut) {
        DataSet all = ExampleData.iris();
        all.shuffle(42);
        SplitTestAndTrain split = all.splitTestAndTrain(0.65);
        DataSet train = split.getTrain();
        DataSet test = split.getTest();
        NormalizerStandardize normalizer = new NormalizerStandardize();
        normalizer.fit(train);
        normalizer.transform(train);
        normalizer.transform(test);
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(6)
                .activation(Activation.TANH)
                .weightInit(WeightInit.XAVIER)
                .updater(new Sgd(0.1))
                .l2(1e-4)
                .list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(3).build())
                .layer(new DenseLayer.Builder().nIn(3).nOut(3).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.NEGATIVELOGLIKELIHOOD).activation(Activation.SOFTMAX)
                        .nIn(3).nOut(3).build())
                .build();
        return new Example("IrisClassifier", ROOT + "quickstart/modeling/feedforward/classification/IrisClassifier.java",
                "Iris from a test resource (the program downloads it), shuffled with seed 42; " + 100 * cut.scale
                        + " fits of the whole training set (the program: 1000)",
                () -> init(conf.clone()), List.of(train.toMultiDataSet()), 100 * cut.scale, test.toMultiDataSet(),
                Example.Metric.ACCURACY, null);
    }

    /** quickstart LeNetMNIST: conv 5x5 20 - max pool - conv 5x5 50 - max pool - dense 500 ReLU - softmax + NLL, Adam 1e-3, l2 5e-4. */
    static Example leNetMnist(Cut cut) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(123)
                .l2(0.0005)
                .weightInit(WeightInit.XAVIER)
                .updater(new Adam(1e-3))
                .list()
                .layer(new ConvolutionLayer.Builder(5, 5).nIn(1).stride(1, 1).nOut(20).activation(Activation.IDENTITY).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(5, 5).stride(1, 1).nOut(50).activation(Activation.IDENTITY).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().activation(Activation.RELU).nOut(500).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.NEGATIVELOGLIKELIHOOD).nOut(10).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(28, 28, 1))
                .build();
        return new Example("LeNetMNIST", ROOT + "quickstart/modeling/convolution/LeNetMNIST.java",
                "Fashion-MNIST sample for MNIST; " + 4 * cut.scale + " batches of 64 (the program: 1 epoch of MNIST)",
                () -> init(conf.clone()), batches(ExampleData.fashion(true, 256 * cut.scale), 64), 1,
                ExampleData.fashion(false, 300).toMultiDataSet(), Example.Metric.ACCURACY, null);
    }

    /**
     * quickstart UCISequenceClassification: LSTM(1 -> 10, tanh) - RnnOutputLayer(softmax, MCXENT), Nadam, element-wise
     * gradient clipping at 0.5, batch 10, one label at the last time step (label mask), inputs standardised.
     */
    static Example uciSequenceClassification(Cut cut) {
        List<double[]> series = ExampleData.shuffled(ExampleData.syntheticControl(12345), 12345);
        DataSet train = ExampleData.sequenceClassification(series.subList(0, 450));
        DataSet test = ExampleData.sequenceClassification(series.subList(450, 600));
        NormalizerStandardize normalizer = new NormalizerStandardize();
        normalizer.fit(train);
        normalizer.transform(train);
        normalizer.transform(test);
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(123)
                .weightInit(WeightInit.XAVIER)
                .updater(new Nadam())
                .gradientNormalization(GradientNormalization.ClipElementWiseAbsoluteValue)
                .gradientNormalizationThreshold(0.5)
                .list()
                .layer(new LSTM.Builder().activation(Activation.TANH).nIn(1).nOut(10).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX).nIn(10).nOut(6).build())
                .build();
        List<MultiDataSet> batches = batches(train, 10);
        int epochs = cut == Cut.SMOKE ? 1 : 2 * cut.scale; // PC and iPC refuse it: the smoke cut checks Z-IL and Fa-Z-IL only
        return new Example("UCISequenceClassification", ROOT + "quickstart/modeling/recurrent/UCISequenceClassification.java",
                "the UCI synthetic control charts regenerated from their definition (the program downloads them); "
                        + epochs + " epoch" + (epochs == 1 ? "" : "s") + " of 45 batches (the program: 40). PC and iPC refuse DL4J's Nadam",
                () -> init(conf.clone()), batches, epochs, test.toMultiDataSet(), Example.Metric.ACCURACY, null);
    }

    /**
     * advanced GenerateTxtCharCompGraphModel: a graph of LSTM(77 -> 77) - LSTM(77 -> 77) - RnnOutputLayer(77 -> 77,
     * softmax, MCXENT), Adam 0.005, l2 1e-4, Xavier, seed 12345, one-hot characters of the minimal 77-character set.
     */
    static Example charRnnGraph(Cut cut) {
        int lstmLayerSize = 77;
        int nIn = ExampleData.minimalCharacterSet().length;
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(12345)
                .l2(0.0001)
                .weightInit(WeightInit.XAVIER)
                .updater(new Adam(0.005))
                .graphBuilder()
                .addInputs("input")
                .addLayer("first", new LSTM.Builder().nIn(nIn).nOut(lstmLayerSize).activation(Activation.TANH).build(), "input")
                .addLayer("second", new LSTM.Builder().nIn(lstmLayerSize).nOut(lstmLayerSize).activation(Activation.TANH).build(), "first")
                .addLayer("outputLayer", new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .nIn(lstmLayerSize).nOut(lstmLayerSize).build(), "second")
                .setOutputs("outputLayer")
                .build();
        int batches = cut == Cut.SMOKE ? 2 : 4 * cut.scale;
        int length = 30;
        List<MultiDataSet> train = new ArrayList<>();
        for (DataSet d : ExampleData.characterBatches(batches, 32, length, 0, 12345)) {
            train.add(d.toMultiDataSet());
        }
        DataSet test = ExampleData.characterBatches(1, 64, length, 32 * batches, 12345).get(0);
        return new Example("GenerateTxtCharCompGraphModel",
                ROOT + "advanced/modeling/charmodeling/generatetext/GenerateTxtCharCompGraphModel.java",
                "Moby-Dick excerpt for Shakespeare; sequences of " + length + " characters with standard backprop through time instead of "
                        + "1000 with truncated BPTT of length 50 (the program's truncated-BPTT configuration is ConformanceTest's own test); "
                        + batches + " batches of 32, 1 epoch",
                () -> {
                    ComputationGraph g = new ComputationGraph(conf.clone());
                    g.init();
                    return g;
                }, train, 1, test.toMultiDataSet(), Example.Metric.LOSS, null);
    }

    /** quickstart SumModel: 2-10-1, tanh, identity + MSE, Nesterovs(0.01, 0.9), the program's own synthetic sums. */
    static Example sumModel(Cut cut) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(12345)
                .weightInit(WeightInit.XAVIER)
                .updater(new Nesterovs(0.01, 0.9))
                .list()
                .layer(0, new DenseLayer.Builder().nIn(2).nOut(10).activation(Activation.TANH).build())
                .layer(1, new OutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).nIn(10).nOut(1).build())
                .build();
        return new Example("SumModel", ROOT + "quickstart/modeling/feedforward/regression/SumModel.java",
                "the program's data generator; " + 5 * cut.scale + " epochs (the program: 200); held-out: 200 more sums",
                () -> init(conf.clone()), sums(1000, new Random(12345), 100), 5 * cut.scale,
                sums(200, new Random(54321), 200).get(0), Example.Metric.LOSS, null);
    }

    /** SumModel.getTrainingData: pairs in [0, 3), their sum, shuffled, in batches. */
    private static List<MultiDataSet> sums(int n, Random rng, int batchSize) {
        double[] sum = new double[n];
        double[] input1 = new double[n];
        double[] input2 = new double[n];
        for (int i = 0; i < n; i++) {
            input1[i] = 3 * rng.nextDouble();
            input2[i] = 3 * rng.nextDouble();
            sum[i] = input1[i] + input2[i];
        }
        INDArray in = Nd4j.hstack(Nd4j.create(input1, n, 1), Nd4j.create(input2, n, 1));
        List<DataSet> list = new DataSet(in, Nd4j.create(sum, n, 1)).asList();
        Collections.shuffle(list, rng);
        return batches(DataSet.merge(list), batchSize);
    }

    /** quickstart MNISTAutoencoder: 784-250-10-250-784, ReLU, leaky-ReLU output + MSE, AdaGrad 0.05, l2 1e-4, batch 80. */
    static Example mnistAutoencoder(Cut cut) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(12345)
                .weightInit(WeightInit.XAVIER)
                .updater(new AdaGrad(0.05))
                .activation(Activation.RELU)
                .l2(0.0001)
                .list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(250).build())
                .layer(new DenseLayer.Builder().nIn(250).nOut(10).build())
                .layer(new DenseLayer.Builder().nIn(10).nOut(250).build())
                .layer(new OutputLayer.Builder().nIn(250).nOut(784).activation(Activation.LEAKYRELU)
                        .lossFunction(LossFunctions.LossFunction.MSE).build())
                .build();
        List<MultiDataSet> train = new ArrayList<>();
        for (MultiDataSet b : batches(ExampleData.fashion(true, 800 * cut.scale), 80)) {
            train.add(new org.nd4j.linalg.dataset.MultiDataSet(b.getFeatures(0), b.getFeatures(0)));
        }
        INDArray test = ExampleData.fashion(false, 400).getFeatures();
        return new Example("MNISTAutoencoder", ROOT + "quickstart/modeling/feedforward/unsupervised/MNISTAutoencoder.java",
                "Fashion-MNIST sample for MNIST; " + 10 * cut.scale + " batches of 80, 1 epoch (the program: 3 epochs of 40,000). "
                        + "iPC stops in its first batch: AdaGrad(0.05) moves every weight by 0.05 in its first iteration",
                () -> init(conf.clone()), train, 1, new org.nd4j.linalg.dataset.MultiDataSet(test, test), Example.Metric.LOSS, null,
                Map.of("ipc", "lower the learning rate"));
    }

    /**
     * advanced AlphaGo Zero DualResnetModel with DL4JAlphaGoZeroBuilder: an initial conv - batch norm - ReLU block, a
     * tower of residual blocks (conv - BN - ReLU - conv - BN, added to the block's input, ReLU), a policy head (conv -
     * BN - ReLU - dense output of 362 moves) and a value head (conv - BN - ReLU - dense 256 - sigmoid + XENT output),
     * SGD, LeCun-normal initialisation, 3 x 3 kernels, same padding, 19 x 19 boards.
     */
    static Example dualResnet(Cut cut) {
        int planes = 11;
        int width = 4 * cut.scale;
        int blocks = 2;
        return new Example("DualResnetModel (AlphaGo Zero)", ROOT + "advanced/modelling/alphagozero/dualresidual/DualResnetModel.java",
                "seed 42 added; the builder's 256 channels cut to " + width + " and its 20 residual blocks to " + blocks + "; a synthetic, "
                        + "learnable task instead of the program's all-zero dummy data (policy: the point of the single stone of "
                        + "plane 0; value: whether plane 1 holds more stones than plane 2); " + 3 * cut.scale + " batches of 32",
                () -> DualResnet.model(blocks, planes, width), goBatches(3 * cut.scale, 32, planes, 7), 1,
                goBatches(1, 64, planes, 8).get(0), Example.Metric.LOSS, null);
    }

    private static List<MultiDataSet> goBatches(int count, int mb, int planes, long seed) {
        Random r = new Random(seed);
        List<MultiDataSet> out = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            INDArray x = Nd4j.zeros(DataType.FLOAT, mb, planes, 19, 19);
            INDArray policy = Nd4j.zeros(DataType.FLOAT, mb, 19 * 19 + 1);
            INDArray value = Nd4j.zeros(DataType.FLOAT, mb, 1);
            for (int i = 0; i < mb; i++) {
                int move = r.nextInt(19 * 19);
                x.putScalar(new int[] {i, 0, move / 19, move % 19}, 1.0);
                policy.putScalar(i, move, 1.0);
                int[] stones = new int[planes];
                for (int p = 1; p < planes; p++) {
                    for (int k = 0; k < 30; k++) {
                        if (r.nextDouble() < (p == 1 ? 0.4 + 0.3 * (i % 2) : 0.5)) {
                            x.putScalar(new int[] {i, p, r.nextInt(19), r.nextInt(19)}, 1.0);
                            stones[p]++;
                        }
                    }
                }
                value.putScalar(i, 0, stones[1] > stones[2] ? 1.0 : 0.0);
            }
            out.add(new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {x}, new INDArray[] {policy, value}));
        }
        return out;
    }

    /** DL4JAlphaGoZeroBuilder and DualResnetModel.getModel, with the channel count as a parameter (the program: 256). */
    static final class DualResnet {
        private final ComputationGraphConfiguration.GraphBuilder conf;
        private final int width;

        private DualResnet(int width) {
            this.width = width;
            this.conf = new NeuralNetConfiguration.Builder()
                    .seed(42) // the program sets none (a time-based seed); fixed here so that runs repeat
                    .updater(new Sgd())
                    .weightInit(WeightInit.LECUN_NORMAL)
                    .graphBuilder().setInputTypes(InputType.convolutional(19, 19, 11));
        }

        static ComputationGraph model(int blocks, int numPlanes, int width) {
            DualResnet builder = new DualResnet(width);
            builder.conf.addInputs("in");
            String convOut = builder.addConvBatchNormBlock("init", "in", numPlanes, true);
            String towerOut = builder.addResidualTower(blocks, convOut);
            String policyOut = builder.addPolicyHead(towerOut);
            String valueOut = builder.addValueHead(towerOut);
            builder.conf.setOutputs(policyOut, valueOut);
            ComputationGraph model = new ComputationGraph(builder.conf.build());
            model.init();
            return model;
        }

        private String addConvBatchNormBlock(String blockName, String inName, int nIn, boolean useActivation) {
            String convName = "conv_" + blockName;
            String bnName = "batch_norm_" + blockName;
            String actName = "relu_" + blockName;
            conf.addLayer(convName, new ConvolutionLayer.Builder().kernelSize(3, 3).stride(1, 1)
                    .convolutionMode(ConvolutionMode.Same).nIn(nIn).nOut(width).build(), inName);
            conf.addLayer(bnName, new BatchNormalization.Builder().nOut(width).build(), convName);
            if (useActivation) {
                conf.addLayer(actName, new ActivationLayer.Builder().activation(Activation.RELU).build(), bnName);
                return actName;
            }
            return bnName;
        }

        private String addResidualBlock(int blockNumber, String inName) {
            String firstBlock = "residual_1_" + blockNumber;
            String firstOut = "relu_residual_1_" + blockNumber;
            String secondBlock = "residual_2_" + blockNumber;
            String mergeBlock = "add_" + blockNumber;
            String actBlock = "relu_" + blockNumber;
            String firstBnOut = addConvBatchNormBlock(firstBlock, inName, width, true);
            String secondBnOut = addConvBatchNormBlock(secondBlock, firstOut, width, false);
            conf.addVertex(mergeBlock, new ElementWiseVertex(ElementWiseVertex.Op.Add), firstBnOut, secondBnOut);
            conf.addLayer(actBlock, new ActivationLayer.Builder().activation(Activation.RELU).build(), mergeBlock);
            return actBlock;
        }

        private String addResidualTower(int numBlocks, String inName) {
            String name = inName;
            for (int i = 0; i < numBlocks; i++) {
                name = addResidualBlock(i, name);
            }
            return name;
        }

        private String addPolicyHead(String inName) {
            conf.addLayer("policy_head_conv_", new ConvolutionLayer.Builder().kernelSize(3, 3).stride(1, 1)
                    .convolutionMode(ConvolutionMode.Same).nOut(2).nIn(width).build(), inName);
            conf.addLayer("policy_head_batch_norm_", new BatchNormalization.Builder().nOut(2).build(), "policy_head_conv_");
            conf.addLayer("policy_head_relu_", new ActivationLayer.Builder().activation(Activation.RELU).build(), "policy_head_batch_norm_");
            conf.addLayer("policy_head_output_", new OutputLayer.Builder().nIn(2 * 19 * 19).nOut(19 * 19 + 1).build(), "policy_head_relu_");
            Map<String, InputPreProcessor> pre = new HashMap<>();
            pre.put("policy_head_output_", new CnnToFeedForwardPreProcessor(19, 19, 2));
            conf.setInputPreProcessors(pre);
            return "policy_head_output_";
        }

        private String addValueHead(String inName) {
            conf.addLayer("value_head_conv_", new ConvolutionLayer.Builder().kernelSize(3, 3).stride(1, 1)
                    .convolutionMode(ConvolutionMode.Same).nOut(1).nIn(width).build(), inName);
            conf.addLayer("value_head_batch_norm_", new BatchNormalization.Builder().nOut(1).build(), "value_head_conv_");
            conf.addLayer("value_head_relu_", new ActivationLayer.Builder().activation(Activation.RELU).build(), "value_head_batch_norm_");
            conf.addLayer("value_head_dense_", new DenseLayer.Builder().nIn(19 * 19).nOut(256).build(), "value_head_relu_");
            Map<String, InputPreProcessor> pre = new HashMap<>();
            pre.put("value_head_dense_", new CnnToFeedForwardPreProcessor(19, 19, 1));
            conf.setInputPreProcessors(pre);
            conf.addLayer("value_head_output_", new OutputLayer.Builder(LossFunctions.LossFunction.XENT).activation(Activation.SIGMOID)
                    .nIn(256).nOut(1).build(), "value_head_dense_");
            return "value_head_output_";
        }
    }

    /**
     * advanced EmbeddingLayerExample, example 3 (categorical features): EmbeddingLayer(100 -> 16) - dense 32 ReLU -
     * softmax + NLL over 5 classes, Adam 1e-3, seed 123.
     */
    static Example categoryEmbedding(Cut cut) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(123)
                .updater(new Adam(1e-3))
                .list()
                .layer(new EmbeddingLayer.Builder().nIn(100).nOut(16).build())
                .layer(new DenseLayer.Builder().nIn(16).nOut(32).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.NEGATIVELOGLIKELIHOOD).nIn(32).nOut(5)
                        .activation(Activation.SOFTMAX).build())
                .build();
        return new Example("EmbeddingLayerExample (categorical)", ROOT + "advanced/modeling/embeddingnet/EmbeddingLayerExample.java",
                "the program builds the network without data or input type (so its dense layers have no nIn; given here): "
                        + "categories 0-99 with class = category mod 5, "
                        + 40 * cut.scale + " batches of 32",
                () -> init(conf.clone()), categories(40 * cut.scale, 32, 5), 1, categories(1, 500, 6).get(0),
                Example.Metric.ACCURACY, null);
    }

    private static List<MultiDataSet> categories(int count, int mb, long seed) {
        Random r = new Random(seed);
        List<MultiDataSet> out = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            INDArray x = Nd4j.zeros(DataType.FLOAT, mb, 1);
            INDArray y = Nd4j.zeros(DataType.FLOAT, mb, 5);
            for (int i = 0; i < mb; i++) {
                int c = r.nextInt(100);
                x.putScalar(i, 0, c);
                y.putScalar(i, c % 5, 1.0);
            }
            out.add(new org.nd4j.linalg.dataset.MultiDataSet(x, y));
        }
        return out;
    }

    /**
     * quickstart CenterLossLeNetMNIST: LeNet into a 2-d embedding (l2 0.1) and a centre-loss softmax output
     * (NLL, alpha 0.1, lambda 1), leaky ReLU, Adam 0.01, l2 5e-4, seed 123.
     */
    static Example centerLossLeNet(Cut cut) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(123)
                .l2(0.0005)
                .activation(Activation.LEAKYRELU)
                .weightInit(WeightInit.RELU)
                .updater(new Adam(0.01))
                .list()
                .layer(new ConvolutionLayer.Builder(5, 5).stride(1, 1).nOut(32).activation(Activation.LEAKYRELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(5, 5).stride(1, 1).nOut(64).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(256).build())
                .layer(new DenseLayer.Builder().activation(Activation.IDENTITY).weightInit(WeightInit.XAVIER).nOut(2).l2(0.1).build())
                .layer(new CenterLossOutputLayer.Builder(LossFunctions.LossFunction.NEGATIVELOGLIKELIHOOD)
                        .nIn(2).nOut(10).weightInit(WeightInit.XAVIER).activation(Activation.SOFTMAX).alpha(0.1).lambda(1.0).build())
                .setInputType(InputType.convolutionalFlat(28, 28, 1))
                .build();
        int images = 1920; // the embedded sample holds 2,000 training images; fewer and backprop learns nothing in one epoch
        return new Example("CenterLossLeNetMNIST", ROOT + "quickstart/modeling/convolution/CenterLossLeNetMNIST.java",
                "Fashion-MNIST sample for MNIST; " + images / 64 + " batches of 64, 1 epoch (the program: 10 epochs of MNIST). PC "
                        + "and iPC stop in their first iterations with the advice to lower the learning rate (Adam 0.01)",
                () -> init(conf.clone()), batches(ExampleData.fashion(true, images), 64), 1,
                ExampleData.fashion(false, 200).toMultiDataSet(), Example.Metric.ACCURACY, null,
                java.util.Map.of("pc", "lower the learning rate", "ipc", "lower the learning rate"));
    }
}
