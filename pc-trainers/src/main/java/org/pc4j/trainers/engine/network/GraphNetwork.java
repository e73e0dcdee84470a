package org.pc4j.trainers.engine.network;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/** The engine's bridge to a {@code ComputationGraph}. */
record GraphNetwork(ComputationGraph graph) implements TrainedNetwork {
    @Override
    public Topology topology() {
        return Topology.of(graph);
    }

    @Override
    public void clearRnnState() {
        graph.rnnClearPreviousState();
    }

    @Override
    public int tbpttForwardLength() {
        return graph.getConfiguration().getTbpttFwdLength();
    }

    @Override
    public int tbpttBackwardLength() {
        return graph.getConfiguration().getTbpttBackLength();
    }

    @Override
    public BackpropType backpropType() {
        return graph.getConfiguration().getBackpropType();
    }

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
