package org.pc4j.trainers.engine.inference;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.optimize.solvers.BaseOptimizer;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.pc4j.trainers.DivergenceException;
import org.pc4j.trainers.Schedule;
import org.pc4j.trainers.engine.network.NetworkView;
import org.pc4j.trainers.engine.network.TrainedNetwork;
import org.pc4j.trainers.kernel.Finite;

/**
 * Applies the gradients the engine left in the network's gradient view exactly as {@code net.fit} applies
 * backprop's: DL4J's own updater (division by the minibatch size, per-layer gradient normalisation, l1/l2,
 * the updater rule, weight decay), {@code params -= update}, the iteration counter, constraints, the score and the
 * network's {@link TrainingListener}s. One call is one DL4J iteration.
 */
final class WeightUpdate {

    private final NetworkView graph;

    WeightUpdate(NetworkView graph) {
        this.graph = graph;
    }

    /**
     * @param miniBatch      the batch size the updater divides by
     * @param lossPerExample the batch's loss without regularisation, reported as {@code net.score()} plus the
     *                       network's regularisation term, as under {@code net.fit}
     * @param updaterMgr     where the updater's temporaries live
     */
    void apply(int miniBatch, double lossPerExample, LayerWorkspaceMgr updaterMgr) {
        apply(miniBatch, lossPerExample, updaterMgr, false);
    }

    /**
     * As {@link #apply(int, double, LayerWorkspaceMgr)}; with {@code fused} true, DL4J's updater and the parameter
     * subtraction are {@link FusedAdam}'s single pass where {@link FusedAdam#unsupported} accepts the network (the kernel
     * path's choice), DL4J's otherwise.
     */
    void apply(int miniBatch, double lossPerExample, LayerWorkspaceMgr updaterMgr, boolean fused) {
        TrainedNetwork net = graph.network();
        INDArray flat = net.flattenedGradients();
        int iteration = net.iteration();
        int epoch = net.epoch();
        Collection<TrainingListener> listeners = net.listeners();
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            double score = lossPerExample + net.regularizationScore(); // before the update, as net.fit
            for (TrainingListener l : listeners) {
                l.onGradientCalculation(net.model());
            }
            if (fused && net.model() instanceof MultiLayerNetwork mln && FusedAdam.unsupported(mln) == null) {
                FusedAdam.apply(mln, miniBatch, iteration, epoch);
            } else {
                net.update(graph.gradient(), iteration, epoch, miniBatch, updaterMgr);
                net.params().subi(flat.reshape(flat.length()));
            }
            net.setScore(score);
            for (TrainingListener l : listeners) {
                l.iterationDone(net.model(), iteration, epoch);
            }
        }
        BaseOptimizer.incrementIterationCount(net.model(), 1);
        net.applyConstraints(iteration + 1, epoch);
        for (Layer l : net.layers()) {
            l.setIterationCount(iteration + 1);
            l.setEpochCount(epoch);
        }
    }

    /** @return true if the gradient about to be applied holds no NaN or infinite value (one pass, {@link Finite#all}). */
    boolean gradientIsFinite() {
        return Finite.all(graph.network().flattenedGradients());
    }

    /** @return the exception for a non-finite gradient at {@code step}, naming the first layer that has one. */
    DivergenceException divergence(int step, Schedule schedule, double gamma, MultiDataSet batch) {
        String where = "the network";
        for (int k = 0; k < graph.size(); k++) {
            INDArray v = graph.predictor(k).gradientView();
            if (!Finite.all(v)) {
                where = graph.predictor(k).toString();
                break;
            }
        }
        return new DivergenceException("Predictive-coding training diverged at iteration " + graph.network().iteration()
                + ", inference step " + step + ": the weight gradient of " + where + " is NaN or infinite. "
                + DivergenceAdvice.whatToChange(graph, schedule, gamma, batch) + " The update was not applied: parameters are "
                + "as after the last good update.", step);
    }
}
