package org.pc4j.trainers.testing;

import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A user's own layer and vertex kinds, which pc4j has no adapter for (a subclass is not its parent: it may change what
 * the engine relies on): the refusals' fixtures, now that pc4j trains every kind DL4J itself trains.
 */
public final class Custom {

    private Custom() {
    }

    /** A user's subclass of DL4J's dense layer configuration. */
    public static final class CustomDense extends DenseLayer {
        public CustomDense(int nIn, int nOut) {
            setNIn(nIn);
            setNOut(nOut);
        }
    }

    /** A user's vertex: DL4J's scale vertex under another runtime class. */
    public static final class CustomScaleVertex extends ScaleVertex {
        public CustomScaleVertex() {
            super(2.0);
        }

        @Override
        public CustomScaleVertex clone() {
            return new CustomScaleVertex();
        }

        @Override
        public GraphVertex instantiate(ComputationGraph graph, String name, int idx, INDArray paramsView,
                                       boolean initializeParams, DataType networkDatatype) {
            return new Runtime(graph, name, idx, networkDatatype);
        }

        /** Its runtime vertex. */
        public static final class Runtime extends org.deeplearning4j.nn.graph.vertex.impl.ScaleVertex {
            Runtime(ComputationGraph graph, String name, int idx, DataType type) {
                super(graph, name, idx, 2.0, type);
            }
        }
    }
}
