package org.pc4j.app.graph;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.pc4j.trainers.graph.GraphListener;
import org.pc4j.trainers.graph.GraphQuery;
import org.pc4j.trainers.graph.PcGraph;
import org.pc4j.trainers.graph.QueryResult;
import org.pc4j.app.compare.ProgressBar;
import org.pc4j.zoo.data.ImageSet;
import org.pc4j.app.memory.MemoryKey;
import org.pc4j.app.memory.MemoryMethod;
import org.pc4j.app.memory.MemoryResult;

/**
 * Trains a {@link PcGraph} on labelled images (sensory neurons: the pixels, then the label one-hot) and asks it one
 * {@link GraphQueryKind} on test images, with an autoencoder trained by backprop on the same images as the baseline
 * of completion and denoising, and a classifier trained by backprop on them ({@link BackpropJudge}) as the referee of
 * generation.
 */
public final class GraphExperiment {

    /** Images per grid row for generation (one row per label) and rows shown for the other queries. */
    public static final int SHOWN = 8;

    private final ImageSet data;
    private final int trainImages;
    private final int testImages;
    private final int batch;
    private final PrintWriter log;
    /** Whether queries take Nesterov's accelerated steps ({@link GraphQuery.Builder#accelerated}). */
    private boolean accelerated;
    /** The queried test images, flattened to {@code [testImages, pixels]}, and their one-hot labels: made once. */
    private final INDArray testPixels;
    private final INDArray testLabels;

    /**
     * @param data        the images
     * @param trainImages the first training images used (1..all)
     * @param testImages  the first test images queried (1..all)
     * @param batch       the batch size of training and queries
     */
    public GraphExperiment(ImageSet data, int trainImages, int testImages, int batch, PrintWriter log) {
        if (trainImages < 1 || trainImages > data.train().numExamples()) {
            throw new IllegalArgumentException("training images must be in 1.." + data.train().numExamples() + ", got " + trainImages);
        }
        if (testImages < 1 || testImages > data.test().numExamples()) {
            throw new IllegalArgumentException("test images must be in 1.." + data.test().numExamples() + ", got " + testImages);
        }
        if (batch < 1) {
            throw new IllegalArgumentException("the batch size must be >= 1, got " + batch);
        }
        this.data = data.limit(trainImages, testImages);
        this.testPixels = flat(this.data.test().getFeatures());
        this.testLabels = this.data.test().getLabels().castTo(DataType.FLOAT);
        this.trainImages = trainImages;
        this.testImages = testImages;
        this.batch = batch;
        this.log = log;
    }

    /**
     * Makes every query of this experiment (evaluations, classification, generation, completion, denoising) take
     * Nesterov's accelerated steps with a per-example restart ({@link GraphQuery.Builder#accelerated}); default false.
     *
     * @return this
     */
    public GraphExperiment accelerated(boolean accelerated) {
        this.accelerated = accelerated;
        return this;
    }

    /** @return the pixels of the image set, {@code channels * height * width} */
    public int pixels() {
        return data.channels() * data.height() * data.width();
    }

    /** Trains {@code graph} for {@code epochs} epochs, a progress bar per epoch. @return the wall time in seconds */
    public double train(PcGraph graph, int epochs, boolean interactive) {
        return train(graph, epochs, interactive, 0, 1, 0, null).seconds();
    }

    /**
     * One point of a learning curve.
     *
     * @param images   training images seen (epochs count every pass)
     * @param accuracy classification accuracy on the test images then
     * @param seconds  training wall time until then (the evaluations not counted)
     */
    public record CurvePoint(long images, double accuracy, double seconds) {
    }

    /**
     * What training took.
     *
     * @param seconds training wall time, the evaluations not counted
     * @param curve   the learning curve (empty when not asked for)
     */
    public record Training(double seconds, List<CurvePoint> curve) {
        public Training {
            curve = List.copyOf(curve);
        }
    }

    /**
     * Trains {@code graph} for {@code epochs} epochs, a progress bar per epoch, and, every {@code evalEvery} training
     * images (0: never) and at the end, classifies the test images (queries of at most {@code evalSteps} steps with
     * the given tolerance): the learning curve.
     *
     * @param shuffleSeed {@code null}: the training images in their order every epoch; otherwise each epoch {@code e}
     *                    sees them in the order of {@code Collections.shuffle(images, new Random(shuffleSeed + e))}
     * @throws IllegalArgumentException if {@code evalEvery < 0} or {@code evalSteps < 1}
     */
    public Training train(PcGraph graph, int epochs, boolean interactive, int evalEvery, int evalSteps, double tolerance, Long shuffleSeed) {
        if (evalEvery < 0 || evalSteps < 1) {
            throw new IllegalArgumentException("evaluate every >= 0 images with >= 1 step, got " + evalEvery + " and " + evalSteps);
        }
        List<DataSet> images = data.train().asList();
        int batches = (trainImages + batch - 1) / batch;
        ProgressBar bar = new ProgressBar(log, interactive);
        List<CurvePoint> curve = new ArrayList<>();
        long[] seen = {0};
        long[] evaluating = {0}; // nanoseconds spent evaluating, not training
        long t0 = System.nanoTime();
        for (int e = 0; e < epochs; e++) {
            ListDataSetIterator<DataSet> it = new ListDataSetIterator<>(epochOrder(images, shuffleSeed, e), batch);
            bar.start(String.format(Locale.ROOT, "[graph] epoch %d/%d", e + 1, epochs), batches);
            int[] done = {0};
            double[] last = {Double.NaN};
            graph.listeners(new GraphListener() {
                @Override
                public void onBatchEnd(int index, double[] energies) {
                    last[0] = energies[energies.length - 1];
                    long before = seen[0];
                    seen[0] += Math.min(batch, trainImages - (long) done[0] * batch);
                    bar.update(++done[0]);
                    if (evalEvery > 0 && seen[0] / evalEvery > before / evalEvery) {
                        long t1 = System.nanoTime();
                        double trained = (t1 - t0 - evaluating[0]) / 1e9;
                        try (org.nd4j.linalg.api.memory.MemoryWorkspace out = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                            curve.add(new CurvePoint(seen[0], classifyAll(graph, evalSteps, tolerance).eval().accuracy(), trained));
                        }
                        evaluating[0] += System.nanoTime() - t1;
                    }
                }
            }).fit(it, 1);
            graph.listeners();
            bar.finish(String.format(Locale.ROOT, "energy at the last weight step %.4g", last[0]));
        }
        double seconds = (System.nanoTime() - t0 - evaluating[0]) / 1e9;
        if (evalEvery > 0) {
            if (curve.isEmpty() || curve.get(curve.size() - 1).images() != seen[0]) {
                curve.add(new CurvePoint(seen[0], classifyAll(graph, evalSteps, tolerance).eval().accuracy(), seconds));
            }
            for (CurvePoint c : curve) {
                log.printf(Locale.ROOT, "  after %,d training images (%.0f s): accuracy %.4f on %d test images%n", c.images(), c.seconds(),
                        c.accuracy(), testImages);
            }
        }
        return new Training(seconds, curve);
    }

    /**
     * @return the training images in the order epoch {@code epoch} sees them: as given when {@code shuffleSeed} is
     *         {@code null}, otherwise {@code Collections.shuffle(copy, new Random(shuffleSeed + epoch))}
     */
    static List<DataSet> epochOrder(List<DataSet> images, Long shuffleSeed, int epoch) {
        List<DataSet> order = new ArrayList<>(images);
        if (shuffleSeed != null) {
            Collections.shuffle(order, new Random(shuffleSeed + epoch));
        }
        return order;
    }

    /** Every test image classified: DL4J's evaluation, the answers, each query's steps, the first query's energies and images. */
    private record Classified(Evaluation eval, int[] answers, List<Integer> used, double[] firstEnergies, INDArray firstImages) {
    }

    private Classified classifyAll(PcGraph graph, int steps, double tolerance) {
        int p = pixels();
        int c = graph.config().labels();
        int n = graph.config().neurons();
        INDArray images = testPixels;
        INDArray labels = testLabels;
        Evaluation eval = new Evaluation(c);
        int[] answers = new int[testImages];
        List<Integer> used = new ArrayList<>();
        double[] firstEnergies = null;
        for (int from = 0; from < testImages; from += batch) {
            int to = Math.min(testImages, from + batch);
            INDArray x = images.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
            QueryResult r = graph.query(GraphQuery.builder(to - from, n).condition(0, x).steps(steps).tolerance(tolerance)
                    .accelerated(accelerated).build());
            firstEnergies = firstEnergies == null ? r.energies() : firstEnergies;
            used.add(r.steps());
            INDArray answer = r.neurons(p, c).castTo(DataType.FLOAT);
            eval.eval(labels.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()), answer);
            System.arraycopy(answer.argMax(1).toIntVector(), 0, answers, from, to - from);
        }
        return new Classified(eval, answers, used, firstEnergies, images.get(NDArrayIndex.interval(0, Math.min(batch, testImages)),
                NDArrayIndex.all()));
    }

    /**
     * @param ae the baseline for completion and denoising (trained here on the same images), or null for none
     * @return the query's measures and images
     */
    public Outcome ask(PcGraph graph, GraphQueryKind query, int steps, double tolerance, MemoryMethod ae, long seed) {
        return ask(graph, query, steps, tolerance, ae, seed, false);
    }

    /**
     * @param conditionLabel completion and denoising only: also fix the label neurons to each image's label (the
     *                       thesis' label-conditioned completion, §5.4); the autoencoder has no label to use
     * @throws IllegalArgumentException if {@code conditionLabel} is given for classification or generation
     */
    public Outcome ask(PcGraph graph, GraphQueryKind query, int steps, double tolerance, MemoryMethod ae, long seed,
                       boolean conditionLabel) {
        if (conditionLabel && (query.kind() == GraphQueryKind.Kind.CLASSIFY || query.kind() == GraphQueryKind.Kind.GENERATE)) {
            throw new IllegalArgumentException("conditioning on the label applies to complete:P and denoise:V queries, not " + query);
        }
        int p = pixels();
        int c = graph.config().labels();
        int n = graph.config().neurons();
        INDArray images = testPixels;
        INDArray labels = testLabels;
        double[] firstEnergies = null; // the first batch's, for the chart
        List<Integer> used = new ArrayList<>(); // steps per query
        long t0 = System.nanoTime();
        return switch (query.kind()) {
            case CLASSIFY -> {
                Classified done = classifyAll(graph, steps, tolerance);
                double seconds = (System.nanoTime() - t0) / 1e9;
                Evaluation eval = done.eval();
                int[] truth = labels.argMax(1).toIntVector();
                log.printf(Locale.ROOT, "  classify: accuracy %.4f on %d test images%n", eval.accuracy(), testImages);
                ClassificationScore answered = ClassificationScore.of(eval, c, done.answers(), Arrays.copyOf(truth, testImages), SHOWN);
                yield new Outcome(eval.accuracy(), null, null, steps(steps, done.used(), seconds), done.firstEnergies(),
                        grid("classify", List.of("image"), List.of(done.firstImages())), null, answered, List.of());
            }
            case GENERATE -> {
                int k = SHOWN;
                INDArray oneHot = Nd4j.zeros(DataType.FLOAT, (long) c * k, c);
                for (int label = 0; label < c; label++) {
                    for (int s = 0; s < k; s++) {
                        oneHot.putScalar(label * k + s, label, 1.0);
                    }
                }
                QueryResult r = graph.query(GraphQuery.builder(c * k, n).condition(p, oneHot).steps(steps).tolerance(tolerance)
                        .accelerated(accelerated).build());
                double seconds = (System.nanoTime() - t0) / 1e9;
                INDArray gen = clip(r.neurons(0, p));
                float[][][] cells = new float[c][k][];
                for (int label = 0; label < c; label++) {
                    for (int s = 0; s < k; s++) {
                        cells[label][s] = gen.getRow(label * k + s).dup().castTo(DataType.FLOAT).toFloatVector();
                    }
                }
                List<String> columns = new ArrayList<>();
                for (int s = 0; s < k; s++) {
                    columns.add("sample " + (s + 1));
                }
                log.printf(Locale.ROOT, "  generate: %d images per label in %.1f s%n", k, seconds);
                BackpropJudge judge = BackpropJudge.train(data, seed);
                int[] judged = judge.labels(gen);
                int[][] perLabel = new int[c][k];
                for (int label = 0; label < c; label++) {
                    System.arraycopy(judged, label * k, perLabel[label], 0, k);
                }
                GenerationScore score = new GenerationScore(judge.description(), judge.testAccuracy(), perLabel);
                log.printf(Locale.ROOT, "  judged by %s: %d of %d generated images are the asked label (%.1f%%)%n",
                        judge.description(), score.asAsked(), c * k, 100 * score.fraction());
                yield new Outcome(null, null, null, steps(steps, List.of(r.steps()), seconds), r.energies(),
                        new MemoryResult.Grid("generate (row = label)", columns, cells), score, null, List.of());
            }
            case COMPLETE, DENOISE -> {
                MemoryKey key = query.kind() == GraphQueryKind.Kind.COMPLETE ? new MemoryKey(MemoryKey.Kind.KEEP, query.fraction())
                        : new MemoryKey(MemoryKey.Kind.NOISE, query.fraction());
                INDArray known = key.known(images, data.channels(), data.height(), data.width());
                INDArray keys = key.keys(images, known, seed);
                INDArray recalled = Nd4j.create(DataType.FLOAT, images.shape());
                for (int from = 0; from < testImages; from += batch) {
                    int to = Math.min(testImages, from + batch);
                    INDArray kb = keys.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
                    GraphQuery.Builder q = GraphQuery.builder(to - from, n).steps(steps).tolerance(tolerance).accelerated(accelerated);
                    if (key.partial()) {
                        q.condition(0, kb, known.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()));
                    } else {
                        q.initialise(0, kb);
                    }
                    if (conditionLabel) {
                        q.condition(p, labels.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()));
                    }
                    QueryResult r = graph.query(q.build());
                    firstEnergies = firstEnergies == null ? r.energies() : firstEnergies;
                    used.add(r.steps());
                    recalled.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).assign(r.neurons(0, p).castTo(DataType.FLOAT));
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                INDArray weight = key.partial() ? known.rsub(1.0) : Nd4j.onesLike(known);
                INDArray perImage = perImageMse(recalled, images, weight);
                double mse = perImage.meanNumber().doubleValue();
                Double aeMse = null;
                INDArray aeRecalled = null;
                INDArray aePerImage = null;
                if (ae != null) {
                    ae.store(flat(data.train().getFeatures()));
                    MemoryMethod.Recalled a = key.partial() ? ae.complete(keys, known) : ae.denoise(keys);
                    aeRecalled = a.patterns().castTo(DataType.FLOAT);
                    aePerImage = perImageMse(aeRecalled, images, weight);
                    aeMse = aePerImage.meanNumber().doubleValue();
                }
                log.printf(Locale.ROOT, "  %s%s: MSE %.5f (%s)%s%n", query, conditionLabel ? " given the label" : "", mse,
                        key.partial() ? "unknown pixels" : "all pixels",
                        aeMse == null ? "" : String.format(Locale.ROOT, "; autoencoder %.5f", aeMse));
                INDArray shownKey = key.partial() ? keys.mul(known).addi(known.rsub(1.0).muli(0.5)) : clip(keys);
                List<String> columns = new ArrayList<>(List.of("original", "key", "pc graph", "pc graph |error|"));
                List<INDArray> arrays = new ArrayList<>(List.of(images, shownKey, clip(recalled),
                        clip(Transforms.abs(recalled.sub(images)))));
                List<double[]> errors = new ArrayList<>();
                errors.add(shown(perImage));
                if (aeRecalled != null) {
                    columns.add("autoencoder");
                    arrays.add(clip(aeRecalled));
                    columns.add("autoencoder |error|");
                    arrays.add(clip(Transforms.abs(aeRecalled.sub(images))));
                    errors.add(shown(aePerImage));
                }
                yield new Outcome(null, mse, aeMse, steps(steps, used, seconds), firstEnergies,
                        grid(query.toString(), columns, arrays), null, null, errors);
            }
        };
    }

    /**
     * What a query measured.
     *
     * @param accuracy       classification accuracy, or null
     * @param mse            the graph's MSE (completion: unknown pixels; denoising: all pixels), or null
     * @param aeMse          the autoencoder's, or null
     * @param steps          the step budget, the steps each query (batch) took and the wall time per step
     * @param energies       the first batch's energies
     * @param grid           images to show
     * @param generation     generation: what a backprop classifier makes of the generated images; else null
     * @param classification classification: the confusion matrix and the shown images' answers; else null
     * @param shownMse       completion and denoising: each shown image's MSE, the graph's, then the autoencoder's if
     *                       any; else empty
     */
    public record Outcome(Double accuracy, Double mse, Double aeMse, QuerySteps steps, double[] energies,
                          MemoryResult.Grid grid, GenerationScore generation, ClassificationScore classification, List<double[]> shownMse) {
    }

    /** The queries' steps against the budget; the query time spread over the steps taken. */
    private static QuerySteps steps(int budget, List<Integer> used, double seconds) {
        int[] u = used.stream().mapToInt(Integer::intValue).toArray();
        return new QuerySteps(budget, u, seconds / Math.max(1, Arrays.stream(u).sum()));
    }

    private MemoryResult.Grid grid(String name, List<String> columns, List<INDArray> arrays) {
        int rows = (int) Math.min(SHOWN, arrays.get(0).size(0));
        float[][][] cells = new float[rows][columns.size()][];
        for (int i = 0; i < rows; i++) {
            for (int col = 0; col < columns.size(); col++) {
                cells[i][col] = arrays.get(col).getRow(i).dup().castTo(DataType.FLOAT).toFloatVector();
            }
        }
        return new MemoryResult.Grid(name, columns, cells);
    }

    /** @return each image's mean squared error over the pixels {@code weight} marks, {@code [B]} (double) */
    static INDArray perImageMse(INDArray recalled, INDArray target, INDArray weight) {
        INDArray w = weight.castTo(DataType.DOUBLE);
        INDArray d = recalled.castTo(DataType.DOUBLE).sub(target.castTo(DataType.DOUBLE));
        return d.muli(d).muli(w).sum(1).divi(Transforms.max(w.sum(1), 1.0, false));
    }

    /** The first shown rows of each image's MSE. */
    private static double[] shown(INDArray perImage) {
        return java.util.Arrays.copyOf(perImage.toDoubleVector(), (int) Math.min(SHOWN, perImage.length()));
    }

    private static INDArray clip(INDArray a) {
        return Transforms.min(Transforms.max(a, 0.0, true), 1.0, false);
    }

    private static INDArray flat(INDArray f) {
        return f.reshape(f.size(0), f.length() / f.size(0)).castTo(DataType.FLOAT);
    }
}
