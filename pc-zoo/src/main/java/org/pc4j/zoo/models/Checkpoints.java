package org.pc4j.zoo.models;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.pc4j.zoo.data.DataFileException;

/**
 * Loading a zoo model's local checkpoint ({@code ModelSerializer} zip): the file must exist and hold a network of
 * the model's architecture, checked by configuration (the same layers or vertices, each with the same number of
 * parameters, counted by {@link ParameterCount} without building a network); nothing is ever downloaded.
 */
final class Checkpoints {

    /** Reads a network from a checkpoint file. */
    @FunctionalInterface
    private interface Restore<T> {
        T from(File file) throws IOException;
    }

    private Checkpoints() {
    }

    static MultiLayerNetwork load(Path file, MultiLayerConfiguration expected, String model) {
        return load(file, model, f -> ModelSerializer.restoreMultiLayerNetwork(f, true),
                net -> ParameterCount.perLayer(net.getLayerWiseConfigurations()), ParameterCount.perLayer(expected));
    }

    static ComputationGraph load(Path file, ComputationGraphConfiguration expected, String model) {
        return load(file, model, f -> ModelSerializer.restoreComputationGraph(f, true),
                net -> ParameterCount.perLayer(net.getConfiguration()), ParameterCount.perLayer(expected));
    }

    /**
     * @param layout   each layer's (or vertex's) parameter count of a restored network
     * @param expected the same of the model's configuration
     * @throws DataFileException if the file is missing, unreadable, or holds another architecture
     */
    private static <T extends Model> T load(Path file, String model, Restore<T> restore, Function<T, Map<String, Long>> layout,
                                            Map<String, Long> expected) {
        if (file == null || !Files.isRegularFile(file)) {
            throw new DataFileException("No " + model + " checkpoint at " + file + " (pc4j never downloads weights: save one "
                    + "with ModelSerializer.writeModel(net, file, true))");
        }
        T net;
        try {
            net = restore.from(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new DataFileException("Cannot load the " + model + " checkpoint " + file + ": " + e.getMessage(), e);
        }
        Map<String, Long> found = layout.apply(net);
        if (!found.equals(expected)) {
            long total = expected.values().stream().mapToLong(Long::longValue).sum();
            throw new DataFileException("The checkpoint " + file + " does not hold a " + model + " of these options ("
                    + net.numParams() + " parameters in " + found.size() + " layers, " + total + " in " + expected.size()
                    + " expected)");
        }
        return net;
    }
}
