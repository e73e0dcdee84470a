package org.pc4j.trainers.engine.network;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.layers.samediff.PcSameDiffAccess;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@code ComputationGraph} vertex that is not a layer (element-wise add or product, merge, subset, scale, shift,
 * reshape, preprocessor, L2 normalisation, the time-series vertices, a frozen vertex, a SameDiff vertex such as DL4J's
 * attention vertex) as a predictor with its own value node: {@code mu = g(x_1, ..., x_n; theta)}. Its error travels to
 * its inputs through the vertex's own {@code doBackward}, the vector-Jacobian product DL4J's backprop uses, which also
 * writes the gradient of the vertex's parameters, if it has any (SameDiff vertices), into its gradient view. A SameDiff
 * vertex's error is scaled first by {@link PcSameDiffAccess#errorScale}: DL4J M2.1 doubles what it sends back.
 */
final class VertexPredictor extends Predictor {

    private final GraphVertex vertex;
    private final boolean sameDiff;

    VertexPredictor(int index, int level, GraphVertex vertex, String description) {
        super(index, level, description);
        this.vertex = vertex;
        this.sameDiff = PcSameDiffAccess.isSameDiffVertex(vertex);
    }

    @Override
    public INDArray predict(INDArray[] inputs, int miniBatch, LayerWorkspaceMgr mgr) {
        countForward();
        for (int i = 0; i < inputs.length; i++) {
            vertex.setInput(i, inputs[i], mgr);
        }
        try (MemoryWorkspace ignored = mgr.notifyScopeEntered(ArrayType.FF_WORKING_MEM)) {
            return vertex.doForward(true, mgr);
        }
    }

    @Override
    public INDArray[] backprop(INDArray dEdPrediction, int miniBatch, LayerWorkspaceMgr mgr) {
        countBackward();
        if (gradientView() != null) {
            countGradient();
        }
        if (sameDiff && PcSameDiffAccess.errorScale(vertex) != 1.0) {
            dEdPrediction.muli(PcSameDiffAccess.errorScale(vertex));
        }
        vertex.setEpsilon(dEdPrediction);
        try (MemoryWorkspace ignored = mgr.notifyScopeEntered(ArrayType.BP_WORKING_MEM)) {
            return vertex.doBackward(false, mgr).getSecond();
        }
    }

    @Override
    public INDArray gradientView() {
        INDArray view = vertex.numParams() > 0 ? vertex.getGradientsViewArray() : null;
        return view == null || view.isEmpty() ? null : view;
    }

    /** @return the vertex's gradient view split per parameter (SameDiff vertices), else an empty map */
    java.util.Map<String, INDArray> gradientViews() {
        return gradientView() != null && sameDiff ? PcSameDiffAccess.gradientViews(vertex) : java.util.Map.of();
    }

    @Override
    public boolean consumesCache() {
        return false;
    }

    @Override
    public String name() {
        return vertex.getVertexName();
    }

    @Override
    public Layer layer() {
        return null;
    }
}
