package org.pc4j.trainers.engine;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * What the engine needs from a DL4J network besides its vertices, for {@code MultiLayerNetwork} and
 * {@code ComputationGraph} alike: parameters and gradient view, the network's own updater, counters, listeners,
 * masks. Each implementation calls the same DL4J methods the network's own {@code fit} calls.
 */
sealed interface TrainedNetwork permits TrainedNetwork.Chain, TrainedNetwork.Graph {

    /** @return the DL4J model (what listeners receive). */
    Model model();

    /** @return the network's layers. */
    Layer[] layers();

    /** @return the flattened parameters. */
    INDArray params();

    /** @return the flattened gradient view every layer's gradient lives in. */
    INDArray flattenedGradients();

    int iteration();

    int epoch();

    void incrementEpoch();

    Collection<TrainingListener> listeners();

    /** Runs the network's own updater on {@code gradient}, as its optimiser does inside {@code fit}. */
    void update(Gradient gradient, int iteration, int epoch, int miniBatch, LayerWorkspaceMgr mgr);

    double regularizationScore();

    void setScore(double score);

    void applyConstraints(int iteration, int epoch);

    /** Sets the batch's masks (and, for a graph, its inputs and labels, which some vertices read) on the network. */
    void startBatch(MultiDataSet batch);

    /** Clears what {@link #startBatch} set. */
    void endBatch();

    /** {@code MultiLayerNetwork}. */
    record Chain(MultiLayerNetwork net) implements TrainedNetwork {
        @Override
        public Model model() {
            return net;
        }

        @Override
        public Layer[] layers() {
            return net.getLayers();
        }

        @Override
        public INDArray params() {
            return net.params();
        }

        @Override
        public INDArray flattenedGradients() {
            if (net.getFlattenedGradients() == null) {
                net.initGradientsView();
            }
            return net.getFlattenedGradients();
        }

        @Override
        public int iteration() {
            return net.getIterationCount();
        }

        @Override
        public int epoch() {
            return net.getEpochCount();
        }

        @Override
        public void incrementEpoch() {
            net.incrementEpochCount();
        }

        @Override
        public Collection<TrainingListener> listeners() {
            return net.getListeners();
        }

        @Override
        public void update(Gradient gradient, int iteration, int epoch, int miniBatch, LayerWorkspaceMgr mgr) {
            net.getUpdater().update(net, gradient, iteration, epoch, miniBatch, mgr);
        }

        @Override
        public double regularizationScore() {
            return net.calcRegularizationScore(true);
        }

        @Override
        public void setScore(double score) {
            net.setScore(score);
        }

        @Override
        public void applyConstraints(int iteration, int epoch) {
            net.applyConstraints(iteration, epoch);
        }

        @Override
        public void startBatch(MultiDataSet batch) {
            net.setLayerMaskArrays(mask(batch.getFeaturesMaskArrays()), mask(batch.getLabelsMaskArrays()));
        }

        private static INDArray mask(INDArray[] masks) {
            return masks == null ? null : masks[0];
        }

        @Override
        public void endBatch() {
            net.clearLayerMaskArrays();
        }
    }

    /** {@code ComputationGraph}. */
    record Graph(ComputationGraph graph) implements TrainedNetwork {
        @Override
        public Model model() {
            return graph;
        }

        @Override
        public Layer[] layers() {
            return graph.getLayers();
        }

        @Override
        public INDArray params() {
            return graph.params();
        }

        @Override
        public INDArray flattenedGradients() {
            if (graph.getGradientsViewArray() == null) {
                graph.initGradientsView();
            }
            return graph.getGradientsViewArray();
        }

        @Override
        public int iteration() {
            return graph.getIterationCount();
        }

        @Override
        public int epoch() {
            return graph.getEpochCount();
        }

        @Override
        public void incrementEpoch() {
            graph.incrementEpochCount();
        }

        @Override
        public Collection<TrainingListener> listeners() {
            return graph.getListeners();
        }

        @Override
        public void update(Gradient gradient, int iteration, int epoch, int miniBatch, LayerWorkspaceMgr mgr) {
            graph.getUpdater(true).update(gradient, iteration, epoch, miniBatch, mgr);
        }

        @Override
        public double regularizationScore() {
            return graph.calcRegularizationScore(true);
        }

        @Override
        public void setScore(double score) {
            graph.setScore(score);
        }

        @Override
        public void applyConstraints(int iteration, int epoch) {
            graph.applyConstraints(iteration, epoch);
        }

        @Override
        public void startBatch(MultiDataSet batch) {
            graph.setInputs(batch.getFeatures());
            graph.setLabels(batch.getLabels());
            graph.setLayerMaskArrays(batch.getFeaturesMaskArrays(), batch.getLabelsMaskArrays());
        }

        @Override
        public void endBatch() {
            graph.clearLayerMaskArrays();
            graph.setInputs((INDArray[]) null);
            graph.setLabels((INDArray[]) null);
        }
    }
}
