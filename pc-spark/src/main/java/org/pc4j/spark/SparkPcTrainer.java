package org.pc4j.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.pc4j.trainers.PcConfig;
import org.pc4j.trainers.PcException;
import org.pc4j.trainers.PcSession;
import org.pc4j.trainers.PcTrainer;
import org.pc4j.trainers.Schedule;
import scala.Tuple2;

/**
 * Data-parallel predictive-coding training of an unchanged DL4J network on Apache Spark, by <b>gradient
 * averaging</b> or by parameter averaging, chosen as a {@link SparkStrategy} ({@link #builder(SparkStrategy)}, with listeners;
 * or {@link #gradientAveraging}, {@link #parameterAveraging}, {@link #backprop}). The trainer's recipe, a
 * {@link PcConfig}, travels to the executors as JSON. Gradient averaging: the RDD's elements are minibatches; in each synchronous round every partition contributes its next
 * batch, each worker rebuilds the network at the driver's parameters and reads that batch's PC / Z-IL / Fa-Z-IL weight
 * gradient ({@link PcSession#gradient}: the energy's parameter gradient summed over the batch), the driver sums them
 * and applies one step of the network's own updater with the round's examples as the batch size
 * ({@link PcSession#apply}). Since DL4J averages the gradient over the batch, a round equals one {@code fit} on the
 * union of the round's batches: under Z-IL, exactly backprop on the union batch. Except for BatchNorm: each worker
 * normalises by its own batch's statistics (as under any data-parallel training, DL4J's own included), and the
 * running mean and variance, which DL4J's updater moves by an undivided step, move by the mean of the workers' steps
 * ({@code UndividedParameters}).
 *
 * <p>Why a pc4j class and not a DL4J {@code TrainingMaster}: DL4J's Spark training ({@code dl4j-spark_2.12}) exists
 * only as 1.0.0-M2, built on DL4J M2's modules, so it cannot run beside M2.1; this class uses Spark's Java API alone.
 *
 * <p>Checked on the driver before any job: the network (pc4j's own checks), the schedule (iPC updates the weights at
 * every inference step, so it has no batch gradient to average), the RDD (not empty). A worker's failure or a
 * non-finite summed gradient stops the fit with a {@link SparkTrainingException}; the driver's network then holds the
 * last good round's parameters. Spark is the cluster's ({@code provided}); on Java 17 the JVMs need Spark's
 * {@code --add-opens} flags (docs/spark.md).
 */
public final class SparkPcTrainer {

    private final SparkStrategy strategy;
    private final List<SparkPcListener> listeners;

    private SparkPcTrainer(SparkStrategy strategy, List<SparkPcListener> listeners) {
        this.strategy = strategy;
        this.listeners = List.copyOf(listeners);
    }

    /**
     * @param strategy {@link SparkStrategy#gradientAveraging}, {@link SparkStrategy#parameterAveraging} or
     *                 {@link SparkStrategy#backprop}
     * @return a builder, where listeners are attached
     */
    public static Builder builder(SparkStrategy strategy) {
        return new Builder(Objects.requireNonNull(strategy, "strategy"));
    }

    /** @return a gradient-averaging trainer with this recipe and no listeners ({@link SparkStrategy.GradientAveraging}) */
    public static SparkPcTrainer gradientAveraging(PcConfig config) {
        return builder(SparkStrategy.gradientAveraging(config)).build();
    }

    /** @return a parameter-averaging trainer with this recipe and no listeners ({@link SparkStrategy.ParameterAveraging}) */
    public static SparkPcTrainer parameterAveraging(PcConfig config, int every) {
        return builder(SparkStrategy.parameterAveraging(config, every)).build();
    }

    /** @return the backprop baseline on Spark, with no listeners ({@link SparkStrategy.Backprop}) */
    public static SparkPcTrainer backprop() {
        return builder(SparkStrategy.backprop()).build();
    }

    /** @return how this trainer spreads the work */
    public SparkStrategy strategy() {
        return strategy;
    }

    /** Builds a {@link SparkPcTrainer}: its strategy, and the listeners that see every round (as {@code PcTrainer.builder()}). */
    public static final class Builder {
        private final SparkStrategy strategy;
        private final List<SparkPcListener> listeners = new ArrayList<>();

        private Builder(SparkStrategy strategy) {
            this.strategy = strategy;
        }

        /** Adds listeners called on the driver after every round. */
        public Builder listeners(SparkPcListener... listeners) {
            for (SparkPcListener l : listeners) {
                this.listeners.add(Objects.requireNonNull(l, "listener"));
            }
            return this;
        }

        /** @return the trainer */
        public SparkPcTrainer build() {
            return new SparkPcTrainer(strategy, listeners);
        }
    }

    /**
     * Trains {@code net} for {@code epochs} passes over {@code batches}.
     *
     * @param net     a {@code MultiLayerNetwork} or {@code ComputationGraph}, on the driver; updated in place
     * @param batches the minibatches; each partition gives one batch per round, so a round has as many workers as
     *                there are partitions with batches left
     * @return each round's statistics
     * @throws org.pc4j.trainers.UnsupportedNetworkException if pc4j cannot train the network (before any job)
     * @throws IllegalArgumentException for an iPC schedule, an empty RDD or epochs below 1 (before any training job)
     * @throws SparkTrainingException   if a round fails; the network keeps the last good round's parameters
     */
    public List<RoundStats> fit(NeuralNetwork net, JavaRDD<DataSet> batches, int epochs) {
        return fitMultiDataSet(net, batches.map(Batches::toMulti), epochs);
    }

    /**
     * As {@link #fit}, for batches with one features array per network input and one labels array per output (a
     * {@code ComputationGraph} with several inputs or outputs; masks as DL4J's {@code fit(MultiDataSet)} takes them).
     */
    public List<RoundStats> fitMultiDataSet(NeuralNetwork net, JavaRDD<MultiDataSet> batches, int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        PcConfig config = strategy instanceof SparkStrategy.GradientAveraging g ? g.config()
                : strategy instanceof SparkStrategy.ParameterAveraging p ? p.config()
                : PcTrainer.builder().schedule(Schedule.zil()).build().config(); // the baseline's driver update and checks
        String recipe = strategy instanceof SparkStrategy.Backprop ? null : config.toJson();
        PcTrainer local = PcTrainer.builder().config(config).build();
        NetworkBlueprint blueprint = NetworkBlueprint.of(net);
        local.check(net); // throws UnsupportedNetworkException before any job
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(batches.context());
        JavaPairRDD<Integer, MultiDataSet> indexed = batches.mapPartitionsToPair(it -> {
            List<Tuple2<Integer, MultiDataSet>> out = new ArrayList<>();
            int i = 0;
            while (it.hasNext()) {
                out.add(new Tuple2<>(i++, it.next()));
            }
            return out.iterator();
        }).persist(StorageLevel.MEMORY_ONLY());
        try {
            int perPartition;
            try {
                perPartition = indexed.isEmpty() ? 0 : indexed.keys().reduce(Math::max) + 1;
            } catch (Exception e) { // Spark's SparkException is checked in Java's eyes but undeclared
                throw new SparkTrainingException("the batches could not be read, so nothing was trained: " + rootMessage(e), e);
            }
            if (perPartition == 0) {
                throw new IllegalArgumentException("the RDD holds no batches");
            }
            int period = strategy instanceof SparkStrategy.ParameterAveraging p ? p.every() : 1;
            int rounds = (perPartition + period - 1) / period;
            Broadcast<NetworkBlueprint> shared = sc.broadcast(blueprint);
            List<RoundStats> stats = new ArrayList<>();
            UndividedParameters undivided = UndividedParameters.of(net);
            try (PcSession driver = local.open(net, false)) {
                for (int epoch = 0; epoch < epochs; epoch++) {
                    driver.startEpoch();
                    for (int r = 0; r < rounds; r++) {
                        RoundStats s = !(strategy instanceof SparkStrategy.ParameterAveraging)
                                ? round(sc, indexed, r, shared, net, driver, undivided, stats.size(), recipe)
                                : averagingRound(sc, indexed, r, period, shared, net, stats.size(), recipe);
                        stats.add(s);
                        for (SparkPcListener l : listeners) {
                            l.onRound(s);
                        }
                    }
                    driver.endEpoch();
                }
            } finally {
                shared.destroy();
            }
            return stats;
        } finally {
            indexed.unpersist(false);
        }
    }

    /**
     * As {@link #fit}, from minibatches saved on disk as DL4J's Spark training exports them ({@code DataSet.save},
     * one file per batch): each worker reads its files, which must be reachable from it (a shared file system).
     *
     * @param paths the batch files, as the workers see them
     * @throws SparkTrainingException if a worker cannot read a file (its path and the cause in the message)
     */
    public List<RoundStats> fitPaths(NeuralNetwork net, JavaRDD<String> paths, int epochs) {
        return fit(net, paths.map(SparkPcTrainer::load), epochs);
    }

    private static DataSet load(String path) {
        java.io.File file = new java.io.File(path);
        if (!file.isFile()) {
            throw new java.io.UncheckedIOException(new java.io.FileNotFoundException("no batch file " + path + " on this worker"));
        }
        DataSet batch = new DataSet();
        try {
            batch.load(file);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the batch file " + path + " is not a saved DL4J DataSet: " + e.getMessage(), e);
        }
        return batch;
    }

    private RoundStats round(JavaSparkContext sc, JavaPairRDD<Integer, MultiDataSet> indexed, int r, Broadcast<NetworkBlueprint> blueprint,
                             NeuralNetwork net, PcSession driver, UndividedParameters undivided, int number, String recipe) {
        long start = System.nanoTime();
        byte[] params = ArrayBytes.of(net.params());
        Broadcast<byte[]> shared = sc.broadcast(params);
        List<WorkerGradient> parts;
        try {
            final int round = r;
            parts = indexed.filter(t -> t._1() == round).values().mapPartitions(new GradientWorker(blueprint, shared, recipe)).collect();
        } catch (Exception e) { // Spark's SparkException is checked in Java's eyes but undeclared
            throw new SparkTrainingException("round " + number + " failed on a worker, so its update was not applied (the network "
                    + "keeps the last good round's parameters): " + rootMessage(e), e);
        } finally {
            shared.destroy();
        }
        INDArray sum = null;
        int examples = 0;
        double loss = 0;
        long bytes = (long) params.length * parts.size();
        for (WorkerGradient part : parts) {
            INDArray g = ArrayBytes.array(part.gradient());
            sum = sum == null ? g : sum.addi(g);
            examples += part.examples();
            loss += part.lossSum();
            bytes += part.gradient().length;
        }
        undivided.average(sum, parts.size()); // BatchNorm's running statistics: the workers' mean step, not their sum
        try {
            driver.apply(sum, examples, loss / examples);
        } catch (PcException e) {
            throw new SparkTrainingException("round " + number + ": " + e.getMessage(), e);
        }
        return new RoundStats(number, parts.size(), examples, loss / examples, (System.nanoTime() - start) / 1e9, bytes);
    }

    /** One parameter-averaging round: batches [r k, (r + 1) k) of every partition. */
    private RoundStats averagingRound(JavaSparkContext sc, JavaPairRDD<Integer, MultiDataSet> indexed, int r, int every,
                                      Broadcast<NetworkBlueprint> blueprint, NeuralNetwork net, int number, String recipe) {
        long start = System.nanoTime();
        byte[] params = ArrayBytes.of(net.params());
        INDArray state = UpdaterState.of(net);
        byte[] stateBytes = state == null ? null : ArrayBytes.of(state);
        Broadcast<byte[]> sharedParams = sc.broadcast(params);
        Broadcast<byte[]> sharedState = sc.broadcast(stateBytes);
        List<WorkerParameters> parts;
        try {
            final int from = r * every;
            final int to = from + every;
            parts = indexed.filter(t -> t._1() >= from && t._1() < to).values()
                    .mapPartitions(new AveragingWorker(blueprint, sharedParams, sharedState, recipe, Counters.iteration(net),
                            Counters.epoch(net))).collect();
        } catch (Exception e) { // Spark's SparkException is checked in Java's eyes but undeclared
            throw new SparkTrainingException("round " + number + " failed on a worker, so nothing was averaged (the network keeps "
                    + "the last good round's parameters): " + rootMessage(e), e);
        } finally {
            sharedParams.destroy();
            sharedState.destroy();
        }
        INDArray meanParams = null;
        INDArray meanState = null;
        int examples = 0;
        double loss = 0;
        int iterations = Counters.iteration(net);
        long bytes = (long) (params.length + (stateBytes == null ? 0 : stateBytes.length)) * parts.size();
        for (WorkerParameters part : parts) {
            INDArray p = ArrayBytes.array(part.params());
            meanParams = meanParams == null ? p : meanParams.addi(p);
            if (part.updaterState() != null) {
                INDArray s = ArrayBytes.array(part.updaterState());
                meanState = meanState == null ? s : meanState.addi(s);
                bytes += part.updaterState().length;
            }
            examples += part.examples();
            loss += part.lossSum();
            iterations = Math.max(iterations, part.iterations());
            bytes += part.params().length;
        }
        meanParams.divi(parts.size());
        if (!Double.isFinite(meanParams.sumNumber().doubleValue())) {
            throw new SparkTrainingException("round " + number + ": a worker's parameters are NaN or infinite (it diverged); nothing was "
                    + "averaged: lower the learning rate or the inference rate", null);
        }
        net.params().assign(meanParams.reshape(net.params().shape()));
        if (meanState != null && state != null) {
            state.assign(meanState.divi(parts.size()).reshape(state.shape()));
        }
        Counters.set(net, iterations, Counters.epoch(net)); // on by the workers' updates (the most, where their batches differ)
        return new RoundStats(number, parts.size(), examples, loss / examples, (System.nanoTime() - start) / 1e9, bytes);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        String message = e.getMessage();
        while (t != null) {
            if (t.getMessage() != null && !(t instanceof org.apache.spark.SparkException)) {
                message = t.getClass().getSimpleName() + ": " + t.getMessage();
            }
            if (t.getCause() == t) {
                break;
            }
            t = t.getCause();
        }
        return message;
    }
}
