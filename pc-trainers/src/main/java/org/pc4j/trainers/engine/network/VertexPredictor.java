package org.pc4j.trainers.engine.network;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A parameter-free {@code ComputationGraph} vertex (element-wise add or product, merge, subset, scale, shift,
 * reshape, preprocessor, L2 normalisation, ...) as a predictor with its own value node:
 * {@code mu = g(x_1, ..., x_n)}. Its error travels to its inputs through the vertex's own {@code doBackward}, the
 * vector-Jacobian product DL4J's backprop uses. It has no parameters, so it contributes no weight gradient.
 */
final class VertexPredictor extends Predictor {

    private final GraphVertex vertex;

    VertexPredictor(int index, int level, GraphVertex vertex, String description) {
        super(index, level, description);
        this.vertex = vertex;
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
        vertex.setEpsilon(dEdPrediction);
        try (MemoryWorkspace ignored = mgr.notifyScopeEntered(ArrayType.BP_WORKING_MEM)) {
            return vertex.doBackward(false, mgr).getSecond();
        }
    }

    @Override
    public INDArray gradientView() {
        return null;
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
