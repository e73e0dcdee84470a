package org.pc4j.app.compare;

import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.pc4j.trainers.BatchResult;
import org.pc4j.trainers.PcNetworks;
import org.pc4j.trainers.PcTrainer;
import org.pc4j.trainers.Schedule;

/**
 * A network under comparison, a {@link MultiLayerNetwork} or a {@link ComputationGraph} with one input and one
 * output, behind the few operations the comparison needs: copy it, train it one epoch with backprop
 * ({@code net.fit}) or with a {@link PcTrainer}, count its weight updates, and run it forward. DL4J gives the two kinds
 * of network no common type for copying, scoring and running forward; those four calls are told apart here, once.
 *
 * @param net the network
 */
public record Network(NeuralNetwork net) {

    /**
     * @return the model as a comparison network
     * @throws IllegalArgumentException if it is neither kind of network, or a graph with several inputs or outputs
     */
    public static Network of(Model model) {
        if (model instanceof ComputationGraph g && (g.getNumInputArrays() != 1 || g.getNumOutputArrays() != 1)) {
            throw new IllegalArgumentException("the comparison needs a graph with one input and one output, got "
                    + g.getNumInputArrays() + " inputs and " + g.getNumOutputArrays() + " outputs");
        }
        if (model instanceof MultiLayerNetwork || model instanceof ComputationGraph) {
            return new Network((NeuralNetwork) model);
        }
        throw new IllegalArgumentException("not a MultiLayerNetwork or ComputationGraph: " + model.getClass().getName());
    }

    /** @return the DL4J model itself */
    public Model model() {
        return (Model) net;
    }

    /** @return an independent copy: same configuration, parameters and updater state */
    public Network copy() {
        return new Network(net instanceof MultiLayerNetwork m ? m.clone() : ((ComputationGraph) net).clone());
    }

    /** @return a copy in {@code type} precision (DL4J's {@code convertDataType}) */
    public Network convertTo(DataType type) {
        return new Network(net instanceof MultiLayerNetwork m ? m.convertDataType(type)
                : ((ComputationGraph) net).convertDataType(type));
    }

    /** Trains one pass over {@code data} with DL4J's own backprop. */
    public void fitBackprop(DataSetIterator data) {
        net.fit(data);
        if (net instanceof ComputationGraph g) {
            g.setLabels((INDArray[]) null); // DL4J leaves the labels set, which breaks a later output()
        }
    }

    /** Trains one pass over {@code data} with {@code trainer}. */
    public void fitPc(PcTrainer trainer, DataSetIterator data) {
        trainer.fit(net, data);
    }

    /** Trains on one batch with {@code trainer} and returns its inference trace. */
    public BatchResult fitBatch(PcTrainer trainer, DataSet batch) {
        return trainer.fitBatch(net, batch);
    }

    /** @return DL4J's iteration counter: the weight updates made so far */
    public int iterations() {
        return net instanceof MultiLayerNetwork m ? m.getIterationCount() : ((ComputationGraph) net).getIterationCount();
    }

    /** @return the network's output for {@code features} (inference mode) */
    public INDArray output(INDArray features, INDArray featuresMask) {
        return net instanceof MultiLayerNetwork m ? m.output(features, false, featuresMask, null)
                : ((ComputationGraph) net).output(false, new INDArray[] {features},
                        featuresMask == null ? null : new INDArray[] {featuresMask})[0];
    }

    /** @return DL4J's loss on {@code batch} (inference mode, mean over examples) */
    public double score(DataSet batch) {
        return net instanceof MultiLayerNetwork m ? m.score(batch, false) : ((ComputationGraph) net).score(batch, false);
    }

    /** @return the parameters by name ("0_W", "dense_b", ...), DL4J's own views */
    public Map<String, INDArray> paramTable() {
        return model().paramTable();
    }

    /** @return the fewest steps PC and iPC need on this network ({@link PcNetworks#minimumSteps}) */
    public MethodSpec.StepsNeeded stepsNeeded() {
        return new MethodSpec.StepsNeeded(PcNetworks.minimumSteps(Schedule.Kind.PC, net),
                PcNetworks.minimumSteps(Schedule.Kind.IPC, net));
    }

    /** @return the steps the output error needs to reach every layer (predictive coding's depth) */
    public int depth() {
        return PcNetworks.depth(net);
    }

    /** @return the number of parameters */
    public long numParams() {
        return model().numParams();
    }
}
