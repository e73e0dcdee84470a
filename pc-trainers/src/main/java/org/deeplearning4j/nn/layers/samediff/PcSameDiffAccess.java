package org.deeplearning4j.nn.layers.samediff;

import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.samediff.SDVertexParams;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.layers.PcDl4jVersion;
import org.deeplearning4j.nn.params.SameDiffParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What pc4j needs to know about DL4J's SameDiff layers and vertices beyond their public members.
 *
 * <p><b>DL4J 1.0.0-M2.1 doubles their backprop.</b> A SameDiff layer's backprop feeds the incoming error to its
 * output through ND4J's {@code ExternalErrorsFunction}, whose {@code doDiff} both registers the error placeholder as the
 * output's gradient and returns it, so SameDiff adds it twice: the output's gradient is {@code eps + eps}, and every
 * parameter gradient and input gradient after it is exactly twice the true one, for layers and vertices alike (one that
 * only returns its input too; measured against central differences in {@code SameDiffDiscrepancyTest}).
 * {@link #errorScale} is the factor that makes the backprop right when applied to the error: 1/2, a power of two, so
 * the result is exactly half of DL4J's. On another DL4J version (or with {@code pc4j.dl4jPath=dl4j}) it is 1: DL4J's
 * own gradients ({@link PcDl4jVersion}).
 *
 * <p>It lives in DL4J's package because a vertex's configuration is protected. Used only by pc4j; not part of DL4J.
 */
public final class PcSameDiffAccess {

    private PcSameDiffAccess() {
    }

    /**
     * @param layer a SameDiff layer (DL4J's runtime {@link SameDiffLayer})
     * @return 1/2 on DL4J M2.1 ({@link PcDl4jVersion#copiesEnabled()}), else 1
     */
    public static double errorScale(Layer layer) {
        if (!(layer instanceof SameDiffLayer)) {
            throw new IllegalArgumentException("not a SameDiff layer: " + layer.getClass().getName());
        }
        return PcDl4jVersion.copiesEnabled() ? 0.5 : 1.0;
    }

    /**
     * @param vertex a SameDiff vertex (DL4J's {@link SameDiffGraphVertex})
     * @return 1/2 on DL4J M2.1 ({@link PcDl4jVersion#copiesEnabled()}), else 1
     */
    public static double errorScale(GraphVertex vertex) {
        if (!(vertex instanceof SameDiffGraphVertex)) {
            throw new IllegalArgumentException("not a SameDiff vertex: " + vertex.getClass().getName());
        }
        return PcDl4jVersion.copiesEnabled() ? 0.5 : 1.0;
    }

    /** @return true if {@code vertex} is one of DL4J's SameDiff vertices (its own attention vertex, a user's) */
    public static boolean isSameDiffVertex(GraphVertex vertex) {
        return vertex instanceof SameDiffGraphVertex;
    }

    /** @return the vertex's gradient view split per parameter, as its backprop writes them, keyed by parameter name */
    public static Map<String, INDArray> gradientViews(GraphVertex vertex) {
        SameDiffGraphVertex sd = (SameDiffGraphVertex) vertex;
        SDVertexParams vp = sd.config.getVertexParams();
        return SameDiffParamInitializer.getInstance().subsetAndReshape(vp.getParameterKeys(), vp.getParamShapes(),
                sd.getGradientsViewArray(), null, sd.config);
    }
}
