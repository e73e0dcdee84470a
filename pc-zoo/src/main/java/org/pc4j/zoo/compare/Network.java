package org.pc4j.zoo.compare;

import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.pc4j.trainers.BatchResult;
import org.pc4j.trainers.PcTrainer;
import org.pc4j.trainers.engine.PredictorGraph;

/**
 * A network under comparison, a {@link MultiLayerNetwork} or a {@link ComputationGraph} with one input and one
 * output, behind the few operations the comparison needs: copy it, train it one epoch with backprop
 * ({@code net.fit}) or with a {@link PcTrainer}, count its weight updates, and run it forward.
 */
public sealed interface Network permits Network.Chain, Network.Graph {

    /** @return the network as a comparison network */
    static Network of(Model model) {
        if (model instanceof MultiLayerNetwork n) {
            return new Chain(n);
        }
        if (model instanceof ComputationGraph g) {
            if (g.getNumInputArrays() != 1 || g.getNumOutputArrays() != 1) {
                throw new IllegalArgumentException("the comparison needs a graph with one input and one output, got "
                        + g.getNumInputArrays() + " inputs and " + g.getNumOutputArrays() + " outputs");
            }
            return new Graph(g);
        }
        throw new IllegalArgumentException("not a MultiLayerNetwork or ComputationGraph: " + model.getClass().getName());
    }

    /** @return the DL4J model itself */
    Model model();

    /** @return an independent copy: same configuration, parameters and updater state */
    Network copy();

    /** Trains one pass over {@code data} with DL4J's own backprop. */
    void fitBackprop(DataSetIterator data);

    /** Trains one pass over {@code data} with {@code trainer}. */
    void fitPc(PcTrainer trainer, DataSetIterator data);

    /** Trains on one batch with {@code trainer} and returns its inference trace. */
    BatchResult fitBatch(PcTrainer trainer, DataSet batch);

    /** @return DL4J's iteration counter: the weight updates made so far */
    int iterations();

    /** @return the network's output for {@code features} (inference mode) */
    INDArray output(INDArray features, INDArray featuresMask);

    /** @return DL4J's loss on {@code batch} (inference mode, mean over examples) */
    double score(DataSet batch);

    /** @return the parameters by name ("0_W", "dense_b", ...), DL4J's own views */
    Map<String, INDArray> paramTable();

    /** @return a copy in {@code type} precision (DL4J's {@code convertDataType}) */
    default Network convertTo(org.nd4j.linalg.api.buffer.DataType type) {
        return model() instanceof MultiLayerNetwork n ? new Chain(n.convertDataType(type)) : new Graph(((ComputationGraph) model()).convertDataType(type));
    }

    /** @return the steps the output error needs to reach every layer (predictive coding's depth) */
    /** @return the fewest steps PC and iPC need on this network ({@code PcTrainer.minimumSteps}) */
    default MethodSpec.StepsNeeded stepsNeeded() {
        if (model() instanceof MultiLayerNetwork n) {
            return new MethodSpec.StepsNeeded(org.pc4j.trainers.PcTrainer.minimumSteps(org.pc4j.trainers.Schedule.Kind.PC, n),
                    org.pc4j.trainers.PcTrainer.minimumSteps(org.pc4j.trainers.Schedule.Kind.IPC, n));
        }
        ComputationGraph g = (ComputationGraph) model();
        return new MethodSpec.StepsNeeded(org.pc4j.trainers.PcTrainer.minimumSteps(org.pc4j.trainers.Schedule.Kind.PC, g),
                org.pc4j.trainers.PcTrainer.minimumSteps(org.pc4j.trainers.Schedule.Kind.IPC, g));
    }

    default int depth() {
        return model() instanceof MultiLayerNetwork n ? PredictorGraph.of(n).depth() : PredictorGraph.of((ComputationGraph) model()).depth();
    }

    /** @return the number of parameters */
    default long numParams() {
        return model().numParams();
    }

    /** A {@link MultiLayerNetwork}. */
    record Chain(MultiLayerNetwork net) implements Network {
        @Override
        public Model model() {
            return net;
        }

        @Override
        public Network copy() {
            return new Chain(net.clone());
        }

        @Override
        public void fitBackprop(DataSetIterator data) {
            net.fit(data);
        }

        @Override
        public void fitPc(PcTrainer trainer, DataSetIterator data) {
            trainer.fit(net, data);
        }

        @Override
        public BatchResult fitBatch(PcTrainer trainer, DataSet batch) {
            return trainer.fitBatch(net, batch);
        }

        @Override
        public int iterations() {
            return net.getIterationCount();
        }

        @Override
        public INDArray output(INDArray features, INDArray featuresMask) {
            return net.output(features, false, featuresMask, null);
        }

        @Override
        public double score(DataSet batch) {
            return net.score(batch, false);
        }

        @Override
        public Map<String, INDArray> paramTable() {
            return net.paramTable();
        }
    }

    /** A {@link ComputationGraph} with one input and one output. */
    record Graph(ComputationGraph net) implements Network {
        @Override
        public Model model() {
            return net;
        }

        @Override
        public Network copy() {
            return new Graph(net.clone());
        }

        @Override
        public void fitBackprop(DataSetIterator data) {
            net.fit(data);
            net.setLabels((INDArray[]) null); // DL4J leaves the labels set, which breaks a later output()
        }

        @Override
        public void fitPc(PcTrainer trainer, DataSetIterator data) {
            trainer.fit(net, data, 1);
        }

        @Override
        public BatchResult fitBatch(PcTrainer trainer, DataSet batch) {
            return trainer.fitBatch(net, batch);
        }

        @Override
        public int iterations() {
            return net.getConfiguration().getIterationCount();
        }

        @Override
        public INDArray output(INDArray features, INDArray featuresMask) {
            return net.output(false, new INDArray[] {features}, featuresMask == null ? null : new INDArray[] {featuresMask})[0];
        }

        @Override
        public double score(DataSet batch) {
            return net.score(batch, false);
        }

        @Override
        public Map<String, INDArray> paramTable() {
            return net.paramTable();
        }
    }
}
