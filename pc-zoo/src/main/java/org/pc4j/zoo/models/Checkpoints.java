package org.pc4j.zoo.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.pc4j.zoo.data.DataFileException;

/**
 * Loading a zoo model's local checkpoint ({@code ModelSerializer} zip): the file must exist and hold a network of
 * the model's architecture (same layers and shapes); nothing is ever downloaded.
 */
final class Checkpoints {

    private Checkpoints() {
    }

    static MultiLayerNetwork load(Path file, MultiLayerConfiguration expected, String model) {
        requireFile(file, model);
        try {
            MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(file.toFile(), true);
            MultiLayerNetwork reference = new MultiLayerNetwork(expected.clone());
            reference.init();
            if (net.numParams() != reference.numParams()
                    || net.getLayerWiseConfigurations().getConfs().size() != expected.getConfs().size()) {
                throw new DataFileException("The checkpoint " + file + " does not hold a " + model + " of these options ("
                        + net.numParams() + " parameters)");
            }
            return net;
        } catch (IOException | RuntimeException e) {
            if (e instanceof DataFileException d) {
                throw d;
            }
            throw new DataFileException("Cannot load the " + model + " checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    static ComputationGraph load(Path file, ComputationGraphConfiguration expected, String model) {
        requireFile(file, model);
        try {
            ComputationGraph net = ModelSerializer.restoreComputationGraph(file.toFile(), true);
            ComputationGraph reference = new ComputationGraph(expected.clone());
            reference.init();
            if (net.numParams() != reference.numParams()
                    || !net.getConfiguration().getVertices().keySet().equals(expected.getVertices().keySet())) {
                throw new DataFileException("The checkpoint " + file + " does not hold a " + model + " of these options ("
                        + net.numParams() + " parameters, " + reference.numParams() + " expected)");
            }
            return net;
        } catch (IOException | RuntimeException e) {
            if (e instanceof DataFileException d) {
                throw d;
            }
            throw new DataFileException("Cannot load the " + model + " checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    private static void requireFile(Path file, String model) {
        if (file == null || !Files.isRegularFile(file)) {
            throw new DataFileException("No " + model + " checkpoint at " + file + " (pc4j never downloads weights: save one "
                    + "with ModelSerializer.writeModel(net, file, true))");
        }
    }
}
