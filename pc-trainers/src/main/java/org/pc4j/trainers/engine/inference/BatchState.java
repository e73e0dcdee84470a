package org.pc4j.trainers.engine.inference;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.pc4j.layers.energy.Energy;
import org.pc4j.layers.node.ValueNode;
import org.pc4j.trainers.engine.memory.BufferPool;
import org.pc4j.trainers.engine.network.NetworkView;

/**
 * The state one minibatch's inference parts share: value node {@code k} holds the output of predictor {@code k} (null
 * for outputs, whose node is the clamped label), {@code messages[c][s]} is the error message predictor {@code c} sent
 * this step to the node on its input {@code s}, {@code energies[k]} node {@code k}'s latest energy, and the
 * {@link Wavefront}. Created for one batch and dropped.
 */
final class BatchState {

    final NetworkView view;
    final MultiDataSet batch;
    final INDArray[] features;
    final INDArray[] labels;
    final int miniBatch;
    /**
     * The examples the updater divides by and the score averages over: the labels' count, as DL4J's
     * {@code batchSize()} (it differs from {@link #miniBatch} below a space-to-batch layer only).
     */
    final int labelledExamples;
    final int size;
    final ValueNode[] nodes;
    final INDArray[][] messages;
    final double[] energies;
    final Wavefront wavefront;
    /** The rate of the next value step: gamma, halved where a step raised the energy. */
    double rate;
    /** The summed output loss at the forward pass (DL4J's score before the batch's first update). */
    double initialLoss;
    /** Weight updates applied so far in this batch. */
    int updates;
    /** The steps this batch runs: the plan's, or fewer where PC's relaxation converged (then the last is the one). */
    int steps;

    BatchState(NetworkView view, MultiDataSet batch, Energy[] energyOf, BufferPool pool, double gamma) {
        this.view = view;
        this.batch = batch;
        this.features = batch.getFeatures();
        this.labels = batch.getLabels();
        this.miniBatch = (int) features[0].size(0);
        this.labelledExamples = labels == null || labels.length == 0 || labels[0] == null ? miniBatch : (int) labels[0].size(0);
        this.size = view.size();
        this.nodes = new ValueNode[size];
        this.messages = new INDArray[size][];
        for (int k = 0; k < size; k++) {
            if (!view.isOutput(k)) {
                nodes[k] = new ValueNode("node " + k, energyOf[k], pool);
            }
            messages[k] = new INDArray[view.sources(k).length];
        }
        this.energies = new double[size];
        this.wavefront = new Wavefront(size);
        this.rate = gamma;
    }

    /** @return the values feeding predictor {@code k}: value nodes, or network inputs. */
    INDArray[] inputsOf(int k) {
        int[] sources = view.sources(k);
        INDArray[] in = new INDArray[sources.length];
        for (int s = 0; s < sources.length; s++) {
            in[s] = sources[s] >= 0 ? nodes[sources[s]].value() : features[-sources[s] - 1];
        }
        return in;
    }

    /** @return the labels output predictor {@code k} is clamped to. */
    INDArray labelsOf(int k) {
        return labels[view.labelIndex(k)];
    }

    /** Node {@code k} moved: every predictor reading it is stale. */
    void moved(int k) {
        for (int c : view.consumers(k)) {
            wavefront.inputChanged(c);
        }
    }
}
