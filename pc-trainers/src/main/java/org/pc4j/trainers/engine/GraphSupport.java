package org.pc4j.trainers.engine;

import java.util.List;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.graph.vertex.impl.ElementWiseVertex;
import org.deeplearning4j.nn.graph.vertex.impl.InputVertex;
import org.deeplearning4j.nn.graph.vertex.impl.L2NormalizeVertex;
import org.deeplearning4j.nn.graph.vertex.impl.L2Vertex;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.graph.vertex.impl.MergeVertex;
import org.deeplearning4j.nn.graph.vertex.impl.PreprocessorVertex;
import org.deeplearning4j.nn.graph.vertex.impl.ReshapeVertex;
import org.deeplearning4j.nn.graph.vertex.impl.ScaleVertex;
import org.deeplearning4j.nn.graph.vertex.impl.ShiftVertex;
import org.deeplearning4j.nn.graph.vertex.impl.StackVertex;
import org.deeplearning4j.nn.graph.vertex.impl.SubsetVertex;
import org.deeplearning4j.nn.graph.vertex.impl.UnstackVertex;
import org.deeplearning4j.nn.graph.vertex.impl.rnn.LastTimeStepVertex;
import org.pc4j.trainers.UnsupportedNetworkException;

/**
 * Which {@code ComputationGraph} vertices the engine trains, the check that rejects everything else before any
 * computation, and the levels Z-IL schedules by. Layer vertices pass the same checks as the layers of a
 * {@code MultiLayerNetwork} ({@link LayerSupport}); every supported parameter-free vertex gets its own value node
 * and is covered by a Z-IL &equiv; backprop test. A vertex type is matched exactly.
 */
public final class GraphSupport {

    /** The parameter-free vertex types (runtime classes) the engine trains, besides layer and input vertices. */
    public static final List<Class<? extends GraphVertex>> SUPPORTED_VERTICES = List.of(
            ElementWiseVertex.class, MergeVertex.class, SubsetVertex.class, ScaleVertex.class, ShiftVertex.class,
            PreprocessorVertex.class, ReshapeVertex.class, L2NormalizeVertex.class, L2Vertex.class, StackVertex.class,
            UnstackVertex.class, LastTimeStepVertex.class);

    private GraphSupport() {
    }

    /**
     * @throws UnsupportedNetworkException naming the first vertex, layer or setting the engine cannot train
     */
    public static void validate(ComputationGraph graph) {
        if (graph.getVertices() == null || graph.params() == null) {
            throw new UnsupportedNetworkException("The graph is not initialised: call graph.init() before training it with pc4j");
        }
        if (graph.getConfiguration().getBackpropType() == BackpropType.TruncatedBPTT) {
            throw new UnsupportedNetworkException("Truncated BPTT is not supported: pc4j infers over whole sequences. "
                    + "Configure the graph with backpropType(BackpropType.Standard)");
        }
        List<String> outputs = graph.getConfiguration().getNetworkOutputs();
        for (int index : graph.topologicalSortOrder()) {
            GraphVertex v = graph.getVertices()[index];
            if (v instanceof InputVertex) {
                continue;
            }
            boolean isOutput = outputs.contains(v.getVertexName());
            if (v instanceof LayerVertex lv && lv.getClass() == LayerVertex.class) {
                boolean readsInput = true;
                for (VertexIndices in : v.getInputVertices()) {
                    readsInput &= graph.getVertices()[in.getVertexIndex()].isInputVertex();
                }
                LayerSupport.checkLayer(describe(v), lv.getLayer(), isOutput, readsInput);
            } else if (!SUPPORTED_VERTICES.contains(v.getClass())) {
                throw LayerSupport.unsupported(describe(v), "unsupported vertex type " + v.getClass().getSimpleName()
                        + ". Supported vertices: layer vertices (" + LayerSupport.supportedList() + ") and " + supportedList());
            } else if (isOutput) {
                throw LayerSupport.unsupported(describe(v), "a network output must be an output layer whose loss is the "
                        + "energy of the clamped output node");
            }
            int consumers = v.getOutputVertices() == null ? 0 : v.getOutputVertices().length;
            if (isOutput && consumers > 0) {
                throw LayerSupport.unsupported(describe(v), "a network output must not feed other vertices");
            }
            if (!isOutput && consumers == 0) {
                throw LayerSupport.unsupported(describe(v), "it leads to no network output, so no energy constrains it. "
                        + "Remove it or make it a network output");
            }
        }
    }

    /**
     * @param order       the non-input vertices in topological order
     * @param predictorOf for each vertex index, its position in {@code order} (or -1)
     * @return for each predictor, the length of the longest path from it to a network output
     */
    static int[] levels(ComputationGraph graph, int[] order, int[] predictorOf) {
        int[] level = new int[order.length];
        for (int k = order.length - 1; k >= 0; k--) {
            VertexIndices[] out = graph.getVertices()[order[k]].getOutputVertices();
            if (out == null) {
                continue;
            }
            for (VertexIndices o : out) {
                level[k] = Math.max(level[k], level[predictorOf[o.getVertexIndex()]] + 1);
            }
        }
        return level;
    }

    /** @return the description used in messages: {@code vertex 'block1-add' (ElementWiseVertex)}. */
    public static String describe(GraphVertex v) {
        String type = v instanceof LayerVertex lv ? lv.getLayer().conf().getLayer().getClass().getSimpleName()
                : v instanceof ElementWiseVertex ? "ElementWiseVertex " + opOf(v) : v.getClass().getSimpleName();
        return "vertex '" + v.getVertexName() + "' (" + type + ")";
    }

    private static String opOf(GraphVertex v) {
        String s = v.toString();
        int i = s.indexOf("op=");
        return i < 0 ? "" : s.substring(i + 3).replaceAll("[,)].*", "");
    }

    /** @return the supported parameter-free vertex types, comma separated. */
    public static String supportedList() {
        return SUPPORTED_VERTICES.stream().map(Class::getSimpleName).collect(Collectors.joining(", "));
    }
}
