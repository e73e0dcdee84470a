package org.pc4j.it.zoo;

import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.conf.layers.objdetect.Yolo2OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.zoo.ZooModel;
import org.deeplearning4j.zoo.model.AlexNet;
import org.deeplearning4j.zoo.model.Darknet19;
import org.deeplearning4j.zoo.model.FaceNetNN4Small2;
import org.deeplearning4j.zoo.model.InceptionResNetV1;
import org.deeplearning4j.zoo.model.LeNet;
import org.deeplearning4j.zoo.model.NASNet;
import org.deeplearning4j.zoo.model.ResNet50;
import org.deeplearning4j.zoo.model.SimpleCNN;
import org.deeplearning4j.zoo.model.SqueezeNet;
import org.deeplearning4j.zoo.model.TextGenerationLSTM;
import org.deeplearning4j.zoo.model.TinyYOLO;
import org.deeplearning4j.zoo.model.UNet;
import org.deeplearning4j.zoo.model.VGG16;
import org.deeplearning4j.zoo.model.VGG19;
import org.deeplearning4j.zoo.model.Xception;
import org.deeplearning4j.zoo.model.YOLO2;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's own model zoo ({@code deeplearning4j-zoo} 1.0.0-M2.1): every {@link ZooModel} it has, built as a DL4J user
 * builds it ({@code Model.builder()...build().init()}), at a reduced input size where the architecture allows (the full
 * size behind the {@code slow} tag), with 3 classes, and batches made for its output layer.
 */
final class Dl4jZoo {

    private Dl4jZoo() {
    }

    /**
     * One zoo model.
     *
     * @param name    the zoo's class name
     * @param small      builds it at the reduced input size
     * @param smallShape that input shape ({@code [channels, height, width]}; {@code [characters, length]} for text)
     * @param full       builds it at its default input size
     * @param fullShape  that input shape
     * @param batch      a batch for a network of either size, from its input shape
     */
    record Entry(String name, Supplier<ZooModel> small, int[] smallShape, Supplier<ZooModel> full, int[] fullShape,
                 Function<Shape, MultiDataSet> batch) {

        @Override
        public String toString() {
            return name;
        }
    }

    /** An input shape {@code [channels, height, width]} and the batch size. */
    record Shape(int[] input, int examples, Random random) {
    }

    static final int CLASSES = 3;

    static List<Entry> all() {
        return List.of(
                image("LeNet", () -> LeNet.builder().numClasses(CLASSES).build(), shape(1, 28, 28),
                        () -> LeNet.builder().numClasses(CLASSES).build(), shape(1, 28, 28)),
                image("AlexNet", () -> AlexNet.builder().numClasses(CLASSES).inputShape(shape(3, 64, 64)).build(), shape(3, 64, 64),
                        () -> AlexNet.builder().numClasses(CLASSES).build(), shape(3, 224, 224)),
                image("VGG16", () -> VGG16.builder().numClasses(CLASSES).inputShape(shape(3, 32, 32)).build(), shape(3, 32, 32),
                        () -> VGG16.builder().numClasses(CLASSES).build(), shape(3, 224, 224)),
                image("VGG19", () -> VGG19.builder().numClasses(CLASSES).inputShape(shape(3, 32, 32)).build(), shape(3, 32, 32),
                        () -> VGG19.builder().numClasses(CLASSES).build(), shape(3, 224, 224)),
                image("SqueezeNet", () -> SqueezeNet.builder().numClasses(CLASSES).inputShape(shape(3, 64, 64)).build(),
                        shape(3, 64, 64), () -> SqueezeNet.builder().numClasses(CLASSES).build(), shape(3, 227, 227)),
                image("Darknet19", () -> Darknet19.builder().numClasses(CLASSES).inputShape(shape(3, 64, 64)).build(),
                        shape(3, 64, 64), () -> Darknet19.builder().numClasses(CLASSES).build(), shape(3, 224, 224)),
                image("ResNet50", () -> ResNet50.builder().numClasses(CLASSES).inputShape(shape(3, 96, 96)).build(),
                        shape(3, 96, 96), () -> ResNet50.builder().numClasses(CLASSES).build(), shape(3, 224, 224)),
                image("Xception", () -> Xception.builder().numClasses(CLASSES).inputShape(shape(3, 71, 71)).build(),
                        shape(3, 71, 71), () -> Xception.builder().numClasses(CLASSES).build(), shape(3, 299, 299)),
                image("FaceNetNN4Small2", () -> FaceNetNN4Small2.builder().numClasses(CLASSES).inputShape(shape(3, 64, 64)).build(),
                        shape(3, 64, 64), () -> FaceNetNN4Small2.builder().numClasses(CLASSES).build(), shape(3, 96, 96)),
                image("InceptionResNetV1", () -> InceptionResNetV1.builder().numClasses(CLASSES).inputShape(shape(3, 75, 75)).build(),
                        shape(3, 75, 75), () -> InceptionResNetV1.builder().numClasses(CLASSES).build(), shape(3, 160, 160)),
                new Entry("UNet", () -> UNet.builder().inputShape(shape(3, 32, 32)).build(), shape(3, 32, 32),
                        () -> UNet.builder().build(), shape(3, 512, 512), Dl4jZoo::segmentation),
                new Entry("YOLO2", () -> YOLO2.builder().numClasses(CLASSES).inputShape(shape(3, 64, 64)).build(), shape(3, 64, 64),
                        () -> YOLO2.builder().numClasses(CLASSES).build(), shape(3, 608, 608), Dl4jZoo::detection),
                new Entry("TinyYOLO", () -> TinyYOLO.builder().numClasses(CLASSES).inputShape(shape(3, 64, 64)).build(),
                        shape(3, 64, 64), () -> TinyYOLO.builder().numClasses(CLASSES).build(), shape(3, 416, 416), Dl4jZoo::detection),
                new Entry("TextGenerationLSTM", () -> TextGenerationLSTM.builder().maxLength(20).totalUniqueCharacters(11)
                        .inputShape(shape(20, 11)).build(), shape(11, 20),
                        () -> TextGenerationLSTM.builder().inputShape(shape(40, 47)).build(), shape(47, 40), Dl4jZoo::characters),
                image("SimpleCNN", () -> SimpleCNN.builder().numClasses(CLASSES).build(), shape(3, 48, 48),
                        () -> SimpleCNN.builder().numClasses(CLASSES).build(), shape(3, 48, 48)),
                image("NASNet", () -> NASNet.builder().numClasses(CLASSES).inputShape(shape(3, 64, 64)).build(), shape(3, 64, 64),
                        () -> NASNet.builder().numClasses(CLASSES).build(), shape(3, 224, 224)));
    }

    private static int[] shape(int... dims) {
        return dims;
    }

    private static Entry image(String name, Supplier<ZooModel> small, int[] smallShape, Supplier<ZooModel> full, int[] fullShape) {
        return new Entry(name, small, smallShape, full, fullShape, Dl4jZoo::classification);
    }

    /** @return the network the zoo model builds: {@code init()} as a DL4J user calls it */
    static NeuralNetwork init(Supplier<ZooModel> model) {
        Model m = model.get().init();
        return (NeuralNetwork) m;
    }

    static INDArray uniform(Random r, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        float[] d = new float[(int) n];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextFloat();
        }
        return Nd4j.createFromArray(d).reshape(shape);
    }

    static INDArray oneHot(Random r, int rows, int classes) {
        INDArray y = Nd4j.zeros(DataType.FLOAT, rows, classes);
        for (int i = 0; i < rows; i++) {
            y.putScalar(i, r.nextInt(classes), 1.0);
        }
        return y;
    }

    private static MultiDataSet classification(Shape s) {
        int[] in = s.input();
        return new org.nd4j.linalg.dataset.MultiDataSet(uniform(s.random(), s.examples(), in[0], in[1], in[2]),
                oneHot(s.random(), s.examples(), CLASSES));
    }

    /** UNet: one binary mask per image, the size of the image. */
    private static MultiDataSet segmentation(Shape s) {
        int[] in = s.input();
        INDArray y = uniform(s.random(), s.examples(), 1, in[1], in[2]).gt(0.5).castTo(DataType.FLOAT);
        return new org.nd4j.linalg.dataset.MultiDataSet(uniform(s.random(), s.examples(), in[0], in[1], in[2]), y);
    }

    /** YOLO: one object per image, in a random grid cell of the 32-pixel grid, with a box inside the image. */
    private static MultiDataSet detection(Shape s) {
        int[] in = s.input();
        int gh = in[1] / 32;
        int gw = in[2] / 32;
        INDArray y = Nd4j.zeros(DataType.FLOAT, s.examples(), 4 + CLASSES, gh, gw);
        Random r = s.random();
        for (int i = 0; i < s.examples(); i++) {
            int cy = r.nextInt(gh);
            int cx = r.nextInt(gw);
            y.putScalar(new int[] {i, 0, cy, cx}, cx + 0.1f);
            y.putScalar(new int[] {i, 1, cy, cx}, cy + 0.1f);
            y.putScalar(new int[] {i, 2, cy, cx}, cx + 0.9f);
            y.putScalar(new int[] {i, 3, cy, cx}, cy + 0.9f);
            y.putScalar(new int[] {i, 4 + r.nextInt(CLASSES), cy, cx}, 1);
        }
        return new org.nd4j.linalg.dataset.MultiDataSet(uniform(r, s.examples(), in[0], in[1], in[2]), y);
    }

    /** TextGenerationLSTM: one-hot characters, [mb, characters, length], the next character as the label. */
    private static MultiDataSet characters(Shape s) {
        int chars = s.input()[0];
        int length = s.input()[1];
        Random r = s.random();
        INDArray seq = Nd4j.zeros(DataType.FLOAT, s.examples(), chars, length + 1);
        for (int i = 0; i < s.examples(); i++) {
            for (int t = 0; t <= length; t++) {
                seq.putScalar(new int[] {i, r.nextInt(chars), t}, 1);
            }
        }
        INDArray x = seq.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, length)).dup();
        INDArray y = seq.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(1, length + 1)).dup();
        return new org.nd4j.linalg.dataset.MultiDataSet(x, y);
    }

    static boolean isYolo(NeuralNetwork net) {
        return net instanceof ComputationGraph g && g.getOutputLayer(0).conf().getLayer() instanceof Yolo2OutputLayer
                || net instanceof MultiLayerNetwork m && m.getOutputLayer().conf().getLayer() instanceof Yolo2OutputLayer;
    }
}
