package org.pc4j.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.pc4j.trainers.BatchGradient;
import org.pc4j.trainers.PcConfig;
import org.pc4j.trainers.PcSession;
import org.pc4j.trainers.PcTrainer;

/**
 * A worker's part of one gradient-averaging round: rebuilds the driver's network at the round's parameters and reads
 * the gradient of each batch it holds for the round ({@link PcSession#gradient}), without updating anything.
 */
final class GradientWorker implements FlatMapFunction<Iterator<MultiDataSet>, WorkerGradient> {

    private static final long serialVersionUID = 1L;

    private final Broadcast<NetworkBlueprint> blueprint;
    private final Broadcast<byte[]> params;
    private final String recipe;

    /** @param recipe the workers' trainer recipe as {@link PcConfig#toJson() JSON}, or null for DL4J's backprop gradient */
    GradientWorker(Broadcast<NetworkBlueprint> blueprint, Broadcast<byte[]> params, String recipe) {
        this.blueprint = blueprint;
        this.params = params;
        this.recipe = recipe;
    }

    @Override
    public Iterator<WorkerGradient> call(Iterator<MultiDataSet> batches) throws Exception {
        List<WorkerGradient> out = new ArrayList<>();
        if (!batches.hasNext()) {
            return out.iterator();
        }
        NeuralNetwork net = blueprint.value().build(ArrayBytes.array(params.value()));
        if (recipe == null) { // the backprop baseline
            while (batches.hasNext()) {
                out.add(BackpropGradient.of(net, batches.next()));
            }
            return out.iterator();
        }
        try (PcSession session = PcTrainer.builder().config(PcConfig.fromJson(recipe)).build().open(net, false)) {
            while (batches.hasNext()) {
                BatchGradient g = session.gradient(batches.next());
                out.add(new WorkerGradient(ArrayBytes.of(g.gradient()), g.examples(), g.lossPerExample() * g.examples()));
            }
        }
        return out.iterator();
    }
}
