package org.pc4j.trainers.catalogue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.AttentionVertex;
import org.deeplearning4j.nn.conf.graph.FrozenVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PoolHelperVertex;
import org.deeplearning4j.nn.conf.graph.rnn.DuplicateToTimeSeriesVertex;
import org.deeplearning4j.nn.conf.graph.rnn.LastTimeStepVertex;
import org.deeplearning4j.nn.conf.graph.rnn.ReverseTimeSeriesVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.AutoEncoder;
import org.deeplearning4j.nn.conf.layers.CapsuleLayer;
import org.deeplearning4j.nn.conf.layers.CapsuleStrengthLayer;
import org.deeplearning4j.nn.conf.layers.CenterLossOutputLayer;
import org.deeplearning4j.nn.conf.layers.Cnn3DLossLayer;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.Convolution1D;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.Deconvolution3D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.GravesBidirectionalLSTM;
import org.deeplearning4j.nn.conf.layers.GravesLSTM;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.LocallyConnected1D;
import org.deeplearning4j.nn.conf.layers.LocallyConnected2D;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PReLULayer;
import org.deeplearning4j.nn.conf.layers.Pooling1D;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.PrimaryCapsules;
import org.deeplearning4j.nn.conf.layers.RecurrentAttentionLayer;
import org.deeplearning4j.nn.conf.layers.RnnLossLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.SelfAttentionLayer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.SpaceToBatchLayer;
import org.deeplearning4j.nn.conf.layers.SpaceToDepthLayer;
import org.deeplearning4j.nn.conf.layers.Subsampling1DLayer;
import org.deeplearning4j.nn.conf.layers.Subsampling3DLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling1D;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.conf.layers.Upsampling3D;
import org.deeplearning4j.nn.conf.layers.ZeroPadding1DLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPadding3DLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping1D;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping2D;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping3D;
import org.deeplearning4j.nn.conf.layers.misc.ElementWiseMultiplicationLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.conf.layers.misc.RepeatVector;
import org.deeplearning4j.nn.conf.layers.objdetect.Yolo2OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.conf.layers.recurrent.TimeDistributed;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLambdaLayer;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLambdaVertex;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.conf.layers.util.MaskLayer;
import org.deeplearning4j.nn.conf.layers.util.MaskZeroLayer;
import org.deeplearning4j.nn.conf.layers.variational.VariationalAutoencoder;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.weights.WeightInitUtil;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.pc4j.trainers.testing.Nets;

/**
 * The networks of the layer catalogue: every DL4J 1.0.0-M2.1 layer and vertex kind pc4j trains (beyond those of the
 * older oracle tests), each in a small double-precision network trained with Adam, built from a fixed seed, with
 * batches of 3 examples.
 */
final class CatalogueCases {

    private static final int MB = 3;

    private CatalogueCases() {
    }

    /** @return every case */
    static List<CatalogueCase> all() {
        List<CatalogueCase> c = new ArrayList<>();
        c.addAll(convolutions());
        c.addAll(recurrent());
        c.addAll(others());
        c.addAll(sameDiff());
        c.addAll(graphs());
        return c;
    }

    /** @return the cases where DL4J's own backprop is right */
    static List<CatalogueCase> exact() {
        return all().stream().filter(k -> k.dl4j() == CatalogueCase.Dl4j.RIGHT).toList();
    }

    /** @return the cases where DL4J's own backprop is not the loss's gradient */
    static List<CatalogueCase> dl4jWrong() {
        return all().stream().filter(k -> k.dl4j() != CatalogueCase.Dl4j.RIGHT).toList();
    }

    static NeuralNetConfiguration.ListBuilder list(IUpdater updater) {
        return Nets.base(updater, 42).list();
    }

    static ComputationGraphConfiguration.GraphBuilder graph(IUpdater updater) {
        return Nets.base(updater, 42).graphBuilder();
    }

    static MultiLayerNetwork mln(NeuralNetConfiguration.ListBuilder b) {
        return Nets.init(b.build());
    }

    static ComputationGraph cg(ComputationGraphConfiguration conf) {
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    /** @return uniform values in (-1, 1) of the given shape */
    static INDArray u(Random r, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double[] d = new double[(int) n];
        for (int i = 0; i < d.length; i++) {
            d[i] = 2 * r.nextDouble() - 1;
        }
        return Nd4j.createFromArray(d).reshape(shape);
    }

    /** @return one-hot rows: {@code [rows, classes]} */
    static INDArray oneHot(Random r, int rows, int classes) {
        INDArray y = Nd4j.zeros(DataType.DOUBLE, rows, classes);
        for (int i = 0; i < rows; i++) {
            y.putScalar(i, r.nextInt(classes), 1.0);
        }
        return y;
    }

    static MultiDataSet data(INDArray x, INDArray y) {
        return new org.nd4j.linalg.dataset.MultiDataSet(x, y);
    }

    private static CatalogueCase of(String name, Set<Class<?>> kinds, Function<IUpdater, NeuralNetwork> net, Function<Random, MultiDataSet> batch) {
        return new CatalogueCase(name, kinds, net, batch, CatalogueCase.Dl4j.RIGHT, Set.of());
    }

    private static List<CatalogueCase> convolutions() {
        return List.of(
                of("1-D convolution, pooling, upsampling, padding, cropping",
                        Set.of(Convolution1DLayer.class, Subsampling1DLayer.class, Upsampling1D.class, ZeroPadding1DLayer.class,
                                Cropping1D.class, RnnOutputLayer.class),
                        u -> mln(Nets.base(u, 42).convolutionMode(ConvolutionMode.Same).list()
                                .layer(new Convolution1DLayer.Builder(3).nOut(4).activation(Activation.TANH).build())
                                .layer(new ZeroPadding1DLayer.Builder(2, 1).build())
                                .layer(new Cropping1D.Builder(1, 2).build())
                                .layer(new Subsampling1DLayer.Builder(SubsamplingLayer.PoolingType.MAX, 2, 2).build())
                                .layer(new Upsampling1D.Builder(2).build())
                                .layer(new RnnOutputLayer.Builder(LossFunction.MSE).nOut(2).activation(Activation.IDENTITY).build())
                                .setInputType(InputType.recurrent(3, 6))),
                        r -> data(u(r, MB, 3, 6), u(r, MB, 2, 6))),
                of("Convolution1D and Pooling1D (average)", Set.of(Convolution1D.class, Pooling1D.class),
                        u -> mln(list(u)
                                .layer(new Convolution1D.Builder(2).nOut(4).activation(Activation.SIGMOID).build())
                                .layer(new Pooling1D.Builder(SubsamplingLayer.PoolingType.AVG, 2, 1).build())
                                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                                .setInputType(InputType.recurrent(3, 7))),
                        r -> data(u(r, MB, 3, 7), oneHot(r, MB, 3))),
                of("2-D transposed convolution into a CNN loss layer", Set.of(Deconvolution2D.class, CnnLossLayer.class),
                        u -> mln(list(u)
                                .layer(new Deconvolution2D.Builder(2, 2).stride(2, 2).nOut(3).activation(Activation.TANH).build())
                                .layer(new CnnLossLayer.Builder(LossFunction.MSE).activation(Activation.IDENTITY).build())
                                .setInputType(InputType.convolutional(4, 4, 2))),
                        r -> data(u(r, MB, 2, 4, 4), u(r, MB, 3, 8, 8))),
                of("separable and depthwise convolution, LRN, 2-D padding, cropping, upsampling, space-to-depth",
                        Set.of(SeparableConvolution2D.class, DepthwiseConvolution2D.class, LocalResponseNormalization.class,
                                ZeroPaddingLayer.class, Cropping2D.class, Upsampling2D.class, SpaceToDepthLayer.class),
                        u -> mln(list(u)
                                .layer(new SeparableConvolution2D.Builder(3, 3).depthMultiplier(2).nOut(4).activation(Activation.RELU).build())
                                .layer(new LocalResponseNormalization.Builder().n(3).build())
                                .layer(new ZeroPaddingLayer.Builder(1, 2, 0, 1).build())
                                .layer(new DepthwiseConvolution2D.Builder(2, 2).depthMultiplier(1).activation(Activation.TANH).build())
                                .layer(new Cropping2D.Builder(1, 0, 0, 1).build())
                                .layer(new Upsampling2D.Builder(2).build())
                                .layer(new SpaceToDepthLayer.Builder(2).build())
                                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                                .setInputType(InputType.convolutional(6, 6, 2))),
                        r -> data(u(r, MB, 2, 6, 6), oneHot(r, MB, 3))),
                of("space-to-batch (labels per block)", Set.of(SpaceToBatchLayer.class),
                        u -> mln(list(u)
                                .layer(new ConvolutionLayer.Builder(1, 1).nOut(3).activation(Activation.TANH).build())
                                .layer(new SpaceToBatchLayer.Builder(new int[] {2, 2}).build())
                                .layer(new ConvolutionLayer.Builder(1, 1).nOut(2).activation(Activation.TANH).build())
                                .layer(new CnnLossLayer.Builder(LossFunction.MSE).activation(Activation.IDENTITY).build())
                                .setInputType(InputType.convolutional(4, 4, 2))),
                        r -> data(u(r, MB, 2, 4, 4), u(r, MB * 4, 2, 2, 2))),
                of("3-D convolution, pooling, padding, cropping, upsampling, transposed convolution, 3-D CNN loss",
                        Set.of(Convolution3D.class, Subsampling3DLayer.class, ZeroPadding3DLayer.class, Cropping3D.class,
                                Upsampling3D.class, Deconvolution3D.class, Cnn3DLossLayer.class),
                        u -> mln(list(u)
                                .layer(new Convolution3D.Builder(2, 2, 2).nOut(3).activation(Activation.TANH).build())
                                .layer(new ZeroPadding3DLayer.Builder(1, 1, 1).build())
                                .layer(new Cropping3D.Builder(1, 1, 1).build())
                                .layer(new Subsampling3DLayer.Builder(PoolingType.MAX, new int[] {2, 2, 2}).stride(2, 2, 2).build())
                                .layer(new Upsampling3D.Builder(2).build())
                                .layer(new Deconvolution3D.Builder().kernelSize(2, 2, 2).nOut(2).activation(Activation.TANH).build())
                                .layer(new Cnn3DLossLayer.Builder(Convolution3D.DataFormat.NCDHW).lossFunction(LossFunction.MSE)
                                        .activation(Activation.IDENTITY).build())
                                .setInputType(InputType.convolutional3D(5, 5, 5, 2))),
                        r -> data(u(r, MB, 2, 5, 5, 5), u(r, MB, 2, 5, 5, 5))),
                of("YOLOv2 output", Set.of(Yolo2OutputLayer.class),
                        u -> mln(list(u)
                                .layer(new ConvolutionLayer.Builder(1, 1).nOut(2 * (5 + 2)).activation(Activation.IDENTITY).build())
                                .layer(new Yolo2OutputLayer.Builder()
                                        .boundingBoxPriors(Nd4j.create(new double[][] {{1, 1}, {2, 1.5}})).build())
                                .setInputType(InputType.convolutional(3, 3, 2))),
                        r -> data(u(r, MB, 2, 3, 3), yoloLabels(r))));
    }

    /** One object per image in grid cell (1, 1), its box in grid units and a class of 2. */
    private static INDArray yoloLabels(Random r) {
        INDArray y = Nd4j.zeros(DataType.DOUBLE, MB, 4 + 2, 3, 3);
        for (int i = 0; i < MB; i++) {
            double x1 = 1 + 0.4 * r.nextDouble();
            double y1 = 1 + 0.4 * r.nextDouble();
            y.putScalar(new int[] {i, 0, 1, 1}, x1);
            y.putScalar(new int[] {i, 1, 1, 1}, y1);
            y.putScalar(new int[] {i, 2, 1, 1}, x1 + 0.5 + r.nextDouble());
            y.putScalar(new int[] {i, 3, 1, 1}, y1 + 0.5 + r.nextDouble());
            y.putScalar(new int[] {i, 4 + r.nextInt(2), 1, 1}, 1);
        }
        return y;
    }

    private static List<CatalogueCase> recurrent() {
        return List.of(
                of("repeat-vector, Graves LSTM, bidirectional Graves LSTM, Bidirectional (concat, add), RNN loss",
                        Set.of(RepeatVector.class, GravesLSTM.class, GravesBidirectionalLSTM.class, Bidirectional.class,
                                RnnLossLayer.class),
                        u -> mln(list(u)
                                .layer(new DenseLayer.Builder().nOut(5).activation(Activation.TANH).build())
                                .layer(new RepeatVector.Builder(4).build())
                                .layer(new GravesLSTM.Builder().nOut(4).activation(Activation.TANH).build())
                                .layer(new GravesBidirectionalLSTM.Builder().nOut(3).activation(Activation.TANH).build())
                                .layer(new Bidirectional(Bidirectional.Mode.CONCAT, new LSTM.Builder().nOut(3).activation(Activation.TANH).build()))
                                .layer(new Bidirectional(Bidirectional.Mode.ADD, new SimpleRnn.Builder().nOut(2).activation(Activation.TANH).build()))
                                .layer(new RnnLossLayer.Builder(LossFunction.MSE).activation(Activation.IDENTITY).build())
                                .setInputType(InputType.feedForward(4))),
                        r -> data(u(r, MB, 4), u(r, MB, 2, 4))),
                of("Bidirectional (multiply, average), LastTimeStep", Set.of(Bidirectional.class, LastTimeStep.class),
                        u -> mln(list(u)
                                .layer(new Bidirectional(Bidirectional.Mode.MUL, new LSTM.Builder().nOut(4).activation(Activation.TANH).build()))
                                .layer(new Bidirectional(Bidirectional.Mode.AVERAGE, new GravesLSTM.Builder().nOut(3).activation(Activation.TANH).build()))
                                .layer(new LastTimeStep(new SimpleRnn.Builder().nOut(4).activation(Activation.TANH).build()))
                                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                                .setInputType(InputType.recurrent(3, 5))),
                        r -> data(u(r, MB, 3, 5), oneHot(r, MB, 3))),
                wrong("MaskZeroLayer (zero inputs masked), TimeDistributed, MaskLayer, sequence masks",
                        Set.of(MaskZeroLayer.class, TimeDistributed.class, MaskLayer.class),
                        u -> mln(list(u)
                                .layer(new MaskZeroLayer.Builder().setMaskValue(0.0)
                                        .setUnderlying(new LSTM.Builder().nIn(3).nOut(4).activation(Activation.TANH).build()).build())
                                .layer(new TimeDistributed(new DenseLayer.Builder().nIn(4).nOut(4).activation(Activation.SIGMOID).build()))
                                .layer(new MaskLayer())
                                .layer(new RnnOutputLayer.Builder(LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                                .setInputType(InputType.recurrent(3, 5))),
                        r -> {
                            INDArray x = u(r, MB, 3, 5);
                            x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                                    org.nd4j.linalg.indexing.NDArrayIndex.interval(3, 5)).assign(0);
                            INDArray y = oneHot(r, MB * 5, 3).reshape(MB, 5, 3).permute(0, 2, 1).dup('c');
                            INDArray mask = Nd4j.ones(DataType.DOUBLE, MB, 5);
                            mask.putScalar(1, 4, 0);
                            return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {x}, new INDArray[] {y},
                                    new INDArray[] {mask}, new INDArray[] {mask.dup()});
                        }),
                of("dropout inside LastTimeStep and TimeDistributed (one mask per batch)", Set.of(LastTimeStep.class, TimeDistributed.class),
                        u -> mln(list(u)
                                .layer(new TimeDistributed(new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.TANH).dropOut(0.8).build()))
                                .layer(new LastTimeStep(new LSTM.Builder().nIn(4).nOut(4).activation(Activation.TANH).dropOut(0.7).build()))
                                .layer(new OutputLayer.Builder(LossFunction.MSE).nOut(2).activation(Activation.IDENTITY).build())
                                .setInputType(InputType.recurrent(3, 4))),
                        r -> data(u(r, MB, 3, 4), u(r, MB, 2))));
    }

    private static List<CatalogueCase> others() {
        return List.of(
                of("PReLU, element-wise multiplication, auto-encoder and variational auto-encoder as supervised layers",
                        Set.of(PReLULayer.class, ElementWiseMultiplicationLayer.class, AutoEncoder.class, VariationalAutoencoder.class),
                        u -> mln(list(u)
                                .layer(new DenseLayer.Builder().nOut(5).activation(Activation.IDENTITY).build())
                                .layer(new PReLULayer.Builder().inputShape(5).build())
                                .layer(new ElementWiseMultiplicationLayer.Builder().nOut(5).activation(Activation.TANH).build())
                                .layer(new AutoEncoder.Builder().nOut(4).activation(Activation.SIGMOID).build())
                                .layer(new VariationalAutoencoder.Builder().encoderLayerSizes(5).decoderLayerSizes(5).nOut(3)
                                        .activation(Activation.TANH).build())
                                .layer(new OutputLayer.Builder(LossFunction.MSE).nOut(2).activation(Activation.IDENTITY).build())
                                .setInputType(InputType.feedForward(4))),
                        r -> data(u(r, MB, 4), u(r, MB, 2))),
                of("FrozenLayer and FrozenLayerWithBackprop (a trainable layer below each)",
                        Set.of(FrozenLayer.class, FrozenLayerWithBackprop.class),
                        u -> mln(list(u)
                                .layer(new DenseLayer.Builder().nOut(5).activation(Activation.TANH).build())
                                .layer(new FrozenLayerWithBackprop(new DenseLayer.Builder().nIn(5).nOut(5).activation(Activation.TANH).build()))
                                .layer(new DenseLayer.Builder().nOut(4).activation(Activation.TANH).build())
                                .layer(new FrozenLayer(new DenseLayer.Builder().nIn(4).nOut(4).activation(Activation.SIGMOID).build()))
                                .layer(new DenseLayer.Builder().nOut(4).activation(Activation.TANH).build())
                                .layer(new OutputLayer.Builder(LossFunction.MSE).nOut(2).activation(Activation.IDENTITY).build())
                                .setInputType(InputType.feedForward(4))),
                        r -> data(u(r, MB, 4), u(r, MB, 2))),
                of("one-class output (OCNN)", Set.of(org.deeplearning4j.nn.conf.ocnn.OCNNOutputLayer.class),
                        u -> mln(list(u)
                                .layer(new DenseLayer.Builder().nOut(5).activation(Activation.TANH).build())
                                .layer(new org.deeplearning4j.nn.conf.ocnn.OCNNOutputLayer.Builder().hiddenLayerSize(4).nu(0.1)
                                        .activation(Activation.SIGMOID).initialRValue(0.1).build())
                                .setInputType(InputType.feedForward(4))),
                        r -> data(u(r, MB, 4), u(r, MB, 1))),
                of("a user's SameDiff output layer (MSE)", Set.of(org.deeplearning4j.nn.conf.layers.samediff.SameDiffOutputLayer.class),
                        u -> mln(list(u)
                                .layer(new DenseLayer.Builder().nOut(4).activation(Activation.TANH).build())
                                .layer(new SdMseOutput())
                                .setInputType(InputType.feedForward(3))),
                        r -> data(u(r, MB, 3), u(r, MB, 2))),
                of("centre-loss output (its centre update)", Set.of(CenterLossOutputLayer.class),
                        u -> mln(list(u)
                                .layer(new DenseLayer.Builder().nOut(5).activation(Activation.TANH).build())
                                .layer(new CenterLossOutputLayer.Builder(LossFunction.MCXENT).nOut(3).alpha(0.1).lambda(0.5)
                                        .activation(Activation.SOFTMAX).build())
                                .setInputType(InputType.feedForward(4))),
                        r -> data(u(r, MB, 4), oneHot(r, MB, 3))));
    }

    /** A user's SameDiff lambda layer: {@code 2 tanh(x)}. */
    public static final class TwiceTanh extends SameDiffLambdaLayer {
        @Override
        public SDVariable defineLayer(SameDiff sd, SDVariable x) {
            return sd.math().tanh(x).mul(2.0);
        }

        @Override
        public InputType getOutputType(int layerIndex, InputType inputType) {
            return inputType;
        }
    }

    /** A user's SameDiff layer with parameters: {@code sigmoid(x W + b)}, 4 -> 3. */
    public static final class SdDense extends SameDiffLayer {
        private long nIn = 4;
        private long nOut = 3;

        @Override
        public SDVariable defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> p, SDVariable mask) {
            return sd.nn().sigmoid(x.mmul(p.get("W")).add(p.get("b")));
        }

        @Override
        public void defineParameters(SDLayerParams params) {
            params.addWeightParam("W", nIn, nOut);
            params.addBiasParam("b", 1, nOut);
        }

        @Override
        public void initializeParameters(Map<String, INDArray> params) {
            params.get("b").assign(0.1);
            WeightInitUtil.initWeights(nIn, nOut, new long[] {nIn, nOut}, org.deeplearning4j.nn.weights.WeightInit.XAVIER, null, 'f',
                    params.get("W"));
        }

        @Override
        public InputType getOutputType(int layerIndex, InputType inputType) {
            return InputType.feedForward(nOut);
        }

        @Override
        public void setNIn(InputType inputType, boolean override) {
        }

        @Override
        public org.deeplearning4j.nn.conf.InputPreProcessor getPreProcessorForInputType(InputType inputType) {
            return null;
        }
    }

    /** A user's SameDiff output layer: {@code x W + b} against the labels, the squared error summed over the batch. */
    public static final class SdMseOutput extends org.deeplearning4j.nn.conf.layers.samediff.SameDiffOutputLayer {
        @Override
        public SDVariable defineLayer(SameDiff sd, SDVariable x, SDVariable labels, Map<String, SDVariable> p) {
            SDVariable out = x.mmul(p.get("W")).add("out", p.get("b"));
            return sd.math().square(out.sub(labels)).sum();
        }

        @Override
        public String activationsVertexName() {
            return "out";
        }

        @Override
        public void defineParameters(SDLayerParams params) {
            params.addWeightParam("W", 4, 2);
            params.addBiasParam("b", 1, 2);
        }

        @Override
        public void initializeParameters(Map<String, INDArray> params) {
            params.get("b").assign(0.05);
            WeightInitUtil.initWeights(4, 2, new long[] {4, 2}, org.deeplearning4j.nn.weights.WeightInit.XAVIER, null, 'f',
                    params.get("W"));
        }

        @Override
        public InputType getOutputType(int layerIndex, InputType inputType) {
            return InputType.feedForward(2);
        }

        @Override
        public void setNIn(InputType inputType, boolean override) {
        }

        @Override
        public org.deeplearning4j.nn.conf.InputPreProcessor getPreProcessorForInputType(InputType inputType) {
            return null;
        }
    }

    /** A user's SameDiff vertex: the element-wise product of its two inputs. */
    public static final class Product extends SameDiffLambdaVertex {
        @Override
        public SDVariable defineVertex(SameDiff sd, VertexInputs in) {
            return in.getInput(0).mul(in.getInput(1));
        }

        @Override
        public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
            return vertexInputs[0];
        }
    }

    /** A case where DL4J's own backprop is wrong in another way. */
    private static CatalogueCase wrong(String name, Set<Class<?>> kinds, Function<IUpdater, NeuralNetwork> net,
                                       Function<Random, MultiDataSet> batch) {
        return new CatalogueCase(name, kinds, net, batch, CatalogueCase.Dl4j.WRONG, Set.of());
    }

    private static CatalogueCase sd(String name, Set<Class<?>> kinds, String sameDiff, Function<IUpdater, NeuralNetwork> net,
                                    Function<Random, MultiDataSet> batch) {
        return new CatalogueCase(name, kinds, net, batch, CatalogueCase.Dl4j.DOUBLES, Set.of(sameDiff.split(",")));
    }

    private static List<CatalogueCase> sameDiff() {
        return List.of(
                sd("capsules", Set.of(PrimaryCapsules.class, CapsuleLayer.class, CapsuleStrengthLayer.class, LossLayer.class), "0,1,2",
                        u -> mln(list(u)
                                .layer(new PrimaryCapsules.Builder(4, 2).kernelSize(3, 3).stride(2, 2).build())
                                .layer(new CapsuleLayer.Builder(3, 4, 2).build())
                                .layer(new CapsuleStrengthLayer.Builder().build())
                                .layer(new ActivationLayer.Builder().activation(Activation.SOFTMAX).build())
                                .layer(new LossLayer.Builder(LossFunction.MCXENT).activation(Activation.IDENTITY).build())
                                .setInputType(InputType.convolutional(7, 7, 2))),
                        r -> data(u(r, MB, 2, 7, 7), oneHot(r, MB, 3))),
                sd("SelfAttentionLayer over an LSTM", Set.of(SelfAttentionLayer.class), "1",
                        u -> mln(list(u)
                                .layer(new LSTM.Builder().nOut(4).activation(Activation.TANH).build())
                                .layer(new SelfAttentionLayer.Builder().nOut(4).nHeads(2).headSize(2).projectInput(true).build())
                                .layer(new RnnOutputLayer.Builder(LossFunction.MSE).nOut(2).activation(Activation.IDENTITY).build())
                                .setInputType(InputType.recurrent(3, 4))),
                        r -> data(u(r, MB, 3, 4), u(r, MB, 2, 4))),
                sd("RecurrentAttentionLayer over a dense-per-step layer", Set.of(RecurrentAttentionLayer.class), "1",
                        u -> mln(list(u)
                                .layer(new TimeDistributed(new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.TANH).build()))
                                .layer(new RecurrentAttentionLayer.Builder().nOut(4).nHeads(1).projectInput(true)
                                        .activation(Activation.TANH).build())
                                .layer(new RnnOutputLayer.Builder(LossFunction.MSE).nOut(2).activation(Activation.IDENTITY).build())
                                .setInputType(InputType.recurrent(3, 4))),
                        r -> data(u(r, MB, 3, 4), u(r, MB, 2, 4))),
                sd("LocallyConnected1D", Set.of(LocallyConnected1D.class), "1",
                        u -> mln(list(u)
                                .layer(new Convolution1DLayer.Builder(1).nOut(3).activation(Activation.TANH).build())
                                .layer(new LocallyConnected1D.Builder().kernelSize(2).nIn(3).nOut(4).setInputSize(6)
                                        .activation(Activation.TANH).build())
                                .layer(new RnnOutputLayer.Builder(LossFunction.MSE).nOut(2).activation(Activation.IDENTITY).build())
                                .setInputType(InputType.recurrent(3, 6))),
                        r -> data(u(r, MB, 3, 6), u(r, MB, 2, 6))),
                sd("LocallyConnected2D", Set.of(LocallyConnected2D.class), "1",
                        u -> mln(list(u)
                                .layer(new ConvolutionLayer.Builder(1, 1).nOut(2).activation(Activation.TANH).build())
                                .layer(new LocallyConnected2D.Builder().kernelSize(2, 2).nIn(2).nOut(3).setInputSize(4, 4)
                                        .activation(Activation.TANH).build())
                                .layer(new OutputLayer.Builder(LossFunction.MSE).nOut(2).activation(Activation.IDENTITY).build())
                                .setInputType(InputType.convolutional(4, 4, 2))),
                        r -> data(u(r, MB, 2, 4, 4), u(r, MB, 2))),
                sd("a user's SameDiff lambda layer", Set.of(SameDiffLambdaLayer.class), "1",
                        u -> mln(list(u)
                                .layer(new DenseLayer.Builder().nOut(4).activation(Activation.TANH).build())
                                .layer(new TwiceTanh())
                                .layer(new DenseLayer.Builder().nOut(4).activation(Activation.TANH).build())
                                .layer(new OutputLayer.Builder(LossFunction.MSE).nOut(2).activation(Activation.IDENTITY).build())
                                .setInputType(InputType.feedForward(3))),
                        r -> data(u(r, MB, 3), u(r, MB, 2))),
                sd("a user's SameDiff layer with parameters", Set.of(SameDiffLayer.class), "1",
                        u -> mln(list(u)
                                .layer(new DenseLayer.Builder().nOut(4).activation(Activation.TANH).build())
                                .layer(new SdDense())
                                .layer(new OutputLayer.Builder(LossFunction.MSE).nIn(3).nOut(2).activation(Activation.IDENTITY).build())
                                .setInputType(InputType.feedForward(3))),
                        r -> data(u(r, MB, 3), u(r, MB, 2))),
                sd("AttentionVertex in a graph", Set.of(AttentionVertex.class),
                        "att",
                        u -> cg(graph(u).addInputs("in").setInputTypes(InputType.recurrent(3, 4))
                                .addLayer("l1", new LSTM.Builder().nOut(4).activation(Activation.TANH).build(), "in")
                                .addVertex("att", new AttentionVertex.Builder().nOut(4).nHeads(1).nInKeys(4).nInQueries(4)
                                        .nInValues(4).projectInput(true).build(), "l1", "l1", "l1")
                                .addLayer("out", new RnnOutputLayer.Builder(LossFunction.MSE).nOut(2).activation(Activation.IDENTITY).build(), "att")
                                .setOutputs("out").build()),
                        r -> data(u(r, MB, 3, 4), u(r, MB, 2, 4))),
                sd("a user's SameDiff vertex", Set.of(SameDiffLambdaVertex.class), "prod",
                        u -> cg(graph(u).addInputs("in").setInputTypes(InputType.feedForward(3))
                                .addLayer("a", new DenseLayer.Builder().nOut(4).activation(Activation.TANH).build(), "in")
                                .addLayer("b", new DenseLayer.Builder().nOut(4).activation(Activation.SIGMOID).build(), "in")
                                .addVertex("prod", new Product(), "a", "b")
                                .addLayer("out", new OutputLayer.Builder(LossFunction.MSE).nOut(2).activation(Activation.IDENTITY).build(), "prod")
                                .setOutputs("out").build()),
                        r -> data(u(r, MB, 3), u(r, MB, 2))));
    }

    private static List<CatalogueCase> graphs() {
        return List.of(
                of("a vertex read by four layers (their errors added in DL4J's order, so the sum rounds as net.fit's)",
                        Set.of(MergeVertex.class),
                        u -> cg(graph(u).addInputs("in").setInputTypes(InputType.feedForward(4))
                                .addLayer("d", new DenseLayer.Builder().nOut(6).activation(Activation.TANH).build(), "in")
                                .addLayer("a", new DenseLayer.Builder().nOut(3).activation(Activation.TANH).build(), "d")
                                .addLayer("b", new DenseLayer.Builder().nOut(3).activation(Activation.SIGMOID).build(), "d")
                                .addLayer("c", new DenseLayer.Builder().nOut(3).activation(Activation.RELU).build(), "d")
                                .addLayer("e", new DenseLayer.Builder().nOut(3).activation(Activation.SOFTSIGN).build(), "d")
                                .addVertex("m", new MergeVertex(), "a", "b", "c", "e")
                                .addLayer("out", new OutputLayer.Builder(LossFunction.MSE).nOut(2).activation(Activation.IDENTITY).build(), "m")
                                .setOutputs("out").build()),
                        r -> data(u(r, MB, 4), u(r, MB, 2))),
                of("DuplicateToTimeSeriesVertex, ReverseTimeSeriesVertex, LastTimeStepVertex",
                        Set.of(DuplicateToTimeSeriesVertex.class, ReverseTimeSeriesVertex.class, LastTimeStepVertex.class),
                        u -> cg(graph(u).addInputs("seq", "vec").setInputTypes(InputType.recurrent(3, 5), InputType.feedForward(2))
                                .addLayer("d", new DenseLayer.Builder().nOut(3).activation(Activation.TANH).build(), "vec")
                                .addVertex("dup", new DuplicateToTimeSeriesVertex("seq"), "d")
                                .addVertex("rev", new ReverseTimeSeriesVertex("seq"), "seq")
                                .addVertex("m", new MergeVertex(), "dup", "rev")
                                .addLayer("l", new LSTM.Builder().nOut(4).activation(Activation.TANH).build(), "m")
                                .addVertex("last", new LastTimeStepVertex("seq"), "l")
                                .addLayer("out", new OutputLayer.Builder(LossFunction.MSE).nOut(2).activation(Activation.IDENTITY).build(), "last")
                                .setOutputs("out").build()),
                        r -> new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {u(r, MB, 3, 5), u(r, MB, 2)},
                                new INDArray[] {u(r, MB, 2)})),
                of("PoolHelperVertex", Set.of(PoolHelperVertex.class),
                        u -> cg(graph(u).addInputs("in").setInputTypes(InputType.convolutional(5, 5, 2))
                                .addLayer("c", new ConvolutionLayer.Builder(2, 2).nOut(3).activation(Activation.TANH).build(), "in")
                                .addVertex("ph", new PoolHelperVertex(), "c")
                                .addLayer("g", new GlobalPoolingLayer.Builder(PoolingType.MAX).build(), "ph")
                                .addLayer("out", new OutputLayer.Builder(LossFunction.MSE).nOut(2).activation(Activation.IDENTITY).build(), "g")
                                .setOutputs("out").build()),
                        r -> data(u(r, MB, 2, 5, 5), u(r, MB, 2))),
                of("FrozenVertex (DL4J's transfer learning: a frozen feature extractor)", Set.of(FrozenVertex.class),
                        u -> new TransferLearning.GraphBuilder(cg(graph(u).addInputs("in").setInputTypes(InputType.feedForward(4))
                                .addLayer("d1", new DenseLayer.Builder().nOut(5).activation(Activation.TANH).build(), "in")
                                .addLayer("d2", new DenseLayer.Builder().nOut(5).activation(Activation.TANH).build(), "d1")
                                .addLayer("out", new OutputLayer.Builder(LossFunction.MSE).nOut(2).activation(Activation.IDENTITY).build(), "d2")
                                .setOutputs("out").build())).setFeatureExtractor("d1").build(),
                        r -> data(u(r, MB, 4), u(r, MB, 2))));
    }
}
