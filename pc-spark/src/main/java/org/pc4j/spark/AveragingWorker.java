package org.pc4j.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.pc4j.trainers.PcConfig;
import org.pc4j.trainers.PcSession;
import org.pc4j.trainers.PcTrainer;

/**
 * A worker's part of one parameter-averaging round: rebuilds the driver's network at the round's parameters and
 * updater state, trains on its batches of the round with the trainer (any schedule, iPC included: each batch is an
 * ordinary {@code fit}), and sends back its parameters and updater state.
 */
final class AveragingWorker implements FlatMapFunction<Iterator<MultiDataSet>, WorkerParameters> {

    private static final long serialVersionUID = 1L;

    private final Broadcast<NetworkBlueprint> blueprint;
    private final Broadcast<byte[]> params;
    private final Broadcast<byte[]> updaterState;
    private final String recipe;
    private final int iteration;
    private final int epoch;

    /**
     * @param iteration the driver's iteration counter at the round's start (where the workers' updaters count from:
     *                  Adam's bias correction reads it)
     * @param epoch     the driver's epoch counter
     */
    AveragingWorker(Broadcast<NetworkBlueprint> blueprint, Broadcast<byte[]> params, Broadcast<byte[]> updaterState, String recipe,
                    int iteration, int epoch) {
        this.iteration = iteration;
        this.epoch = epoch;
        this.blueprint = blueprint;
        this.params = params;
        this.updaterState = updaterState;
        this.recipe = recipe;
    }

    @Override
    public Iterator<WorkerParameters> call(Iterator<MultiDataSet> batches) {
        List<WorkerParameters> out = new ArrayList<>();
        if (!batches.hasNext()) {
            return out.iterator();
        }
        NeuralNetwork net = blueprint.value().build(ArrayBytes.array(params.value()));
        Counters.set(net, iteration, epoch);
        INDArray state = UpdaterState.of(net);
        if (state != null && updaterState.value() != null) {
            state.assign(ArrayBytes.array(updaterState.value()).reshape(state.shape()));
        }
        int examples = 0;
        double loss = 0;
        try (PcSession session = PcTrainer.builder().config(PcConfig.fromJson(recipe)).build().open(net, false)) {
            while (batches.hasNext()) {
                MultiDataSet batch = batches.next();
                session.fit(batch);
                int n = Batches.examples(batch);
                examples += n;
                loss += UpdaterState.score(net) * n;
            }
        }
        INDArray after = UpdaterState.of(net);
        out.add(new WorkerParameters(ArrayBytes.of(net.params()), after == null ? null : ArrayBytes.of(after), examples, loss,
                Counters.iteration(net)));
        return out.iterator();
    }
}
