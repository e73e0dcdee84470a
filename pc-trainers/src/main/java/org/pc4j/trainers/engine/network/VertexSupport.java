package org.pc4j.trainers.engine.network;

import java.util.List;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.impl.ElementWiseVertex;
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
import org.deeplearning4j.nn.graph.vertex.impl.FrozenVertex;
import org.deeplearning4j.nn.graph.vertex.impl.PoolHelperVertex;
import org.deeplearning4j.nn.graph.vertex.impl.rnn.DuplicateToTimeSeriesVertex;
import org.deeplearning4j.nn.graph.vertex.impl.rnn.LastTimeStepVertex;
import org.deeplearning4j.nn.graph.vertex.impl.rnn.ReverseTimeSeriesVertex;
import org.deeplearning4j.nn.layers.samediff.PcSameDiffAccess;
import org.pc4j.trainers.UnsupportedNetworkException;

/**
 * Which parameter-free {@code ComputationGraph} vertices the engine trains, and the placement rules every vertex
 * (layer or not) follows: an output is an output layer feeding nothing, and every other vertex leads to an output.
 * Every supported vertex gets its own value node and is covered by a Z-IL &equiv; backprop test. A vertex type is
 * matched exactly.
 */
final class VertexSupport {

    /** The parameter-free vertex types (runtime classes) the engine trains, besides layer and input vertices. */
    static final List<Class<? extends GraphVertex>> SUPPORTED_VERTICES = List.of(
            ElementWiseVertex.class, MergeVertex.class, SubsetVertex.class, ScaleVertex.class, ShiftVertex.class,
            PreprocessorVertex.class, ReshapeVertex.class, L2NormalizeVertex.class, L2Vertex.class, StackVertex.class,
            UnstackVertex.class, LastTimeStepVertex.class, DuplicateToTimeSeriesVertex.class, ReverseTimeSeriesVertex.class,
            PoolHelperVertex.class, FrozenVertex.class);

    private VertexSupport() {
    }

    /** @throws UnsupportedNetworkException if a parameter-free vertex is of an unsupported type or misplaced */
    static void check(Topology.Vertex v, boolean isOutput, int consumers) {
        if (!SUPPORTED_VERTICES.contains(v.vertex().getClass()) && !PcSameDiffAccess.isSameDiffVertex(v.vertex())) {
            throw LayerRules.unsupported(v.description(), "unsupported vertex type " + v.vertex().getClass().getSimpleName()
                    + ". Supported vertices: layer vertices (" + LayerAdapters.supportedList() + "), SameDiff vertices "
                    + "(AttentionVertex, a SameDiffVertex or SameDiffLambdaVertex of your own) and " + supportedList());
        }
        if (isOutput) {
            throw LayerRules.unsupported(v.description(), "a network output must be an output layer whose loss is the "
                    + "energy of the clamped output node");
        }
        checkPlacement(v, false, consumers);
    }

    /** @throws UnsupportedNetworkException if an output feeds other vertices, or a vertex leads to no output */
    static void checkPlacement(Topology.Vertex v, boolean isOutput, int consumers) {
        if (isOutput && consumers > 0) {
            throw LayerRules.unsupported(v.description(), "a network output must not feed other vertices");
        }
        if (!isOutput && consumers == 0) {
            throw LayerRules.unsupported(v.description(), "it leads to no network output, so no energy constrains it. "
                    + "Remove it or make it a network output");
        }
    }

    /** @return the description used in messages: {@code vertex 'block1-add' (ElementWiseVertex)}. */
    static String describe(GraphVertex v, org.deeplearning4j.nn.conf.layers.Layer declared) {
        String type = declared != null ? declared.getClass().getSimpleName()
                : v instanceof LayerVertex lv ? lv.getLayer().conf().getLayer().getClass().getSimpleName()
                : v instanceof ElementWiseVertex ? "ElementWiseVertex " + opOf(v) : v.getClass().getSimpleName();
        return "vertex '" + v.getVertexName() + "' (" + type + ")";
    }

    private static String opOf(GraphVertex v) {
        String s = v.toString();
        int i = s.indexOf("op=");
        return i < 0 ? "" : s.substring(i + 3).replaceAll("[,)].*", "");
    }

    /** @return the supported parameter-free vertex types, comma separated. */
    static String supportedList() {
        return SUPPORTED_VERTICES.stream().map(Class::getSimpleName).collect(Collectors.joining(", "));
    }
}
