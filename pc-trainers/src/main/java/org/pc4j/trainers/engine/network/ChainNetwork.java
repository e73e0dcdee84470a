package org.pc4j.trainers.engine.network;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/** The engine's bridge to a {@code MultiLayerNetwork}. */
record ChainNetwork(MultiLayerNetwork net) implements TrainedNetwork {
    @Override
    public Topology topology() {
        return Topology.of(net);
    }

    @Override
    public void clearRnnState() {
        net.rnnClearPreviousState();
    }

    @Override
    public int tbpttForwardLength() {
        return net.getLayerWiseConfigurations().getTbpttFwdLength();
    }

    @Override
    public int tbpttBackwardLength() {
        return net.getLayerWiseConfigurations().getTbpttBackLength();
    }

    @Override
    public BackpropType backpropType() {
        return net.getLayerWiseConfigurations().getBackpropType();
    }

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
