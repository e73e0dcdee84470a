package org.pc4j.trainers;

import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.pc4j.trainers.engine.inference.Preflight;
import org.pc4j.trainers.engine.network.NetworkView;

/**
 * What pc4j can say about a network before training it: whether it can train it and why not, its vertices with their
 * levels, its depth (the steps the output error needs to reach every layer), and the fewest inference steps PC and
 * iPC need on it. Each call
 * initialises a network whose {@code init()} was not called, as training would, and changes nothing else.
 */
public final class PcNetworks {

    private PcNetworks() {
    }

    /**
     * @return the largest level plus one: the inference steps the output error needs to reach every layer
     * @throws UnsupportedNetworkException if pc4j cannot train the network
     */
    public static int depth(NeuralNetwork net) {
        return NetworkView.of(initialised(net)).depth();
    }

    /**
     * The fewest steps with which PC or iPC lets every layer with parameters learn from the labels, by the schedules'
     * one rule (PC reads its gradients after T value steps, iPC at steps 0 to T - 1); training with fewer logs a warning.
     *
     * @param kind {@link Schedule.Kind#PC} or {@link Schedule.Kind#IPC} (Z-IL and Fa-Z-IL choose their steps: 0)
     * @throws UnsupportedNetworkException if pc4j cannot train the network
     */
    public static int minimumSteps(Schedule.Kind kind, NeuralNetwork net) {
        return switch (kind) {
            case PC -> Preflight.minimumSteps(NetworkView.of(initialised(net)), Schedule.pc(1));
            case IPC -> Preflight.minimumSteps(NetworkView.of(initialised(net)), Schedule.ipc(1));
            default -> 0;
        };
    }

    /**
     * @return the inference steps (energy evaluations) a batch of {@code schedule} runs on {@code net}: T + 1 for
     *         pc(T), T for ipc(T), the depth for Z-IL, the depth plus the extra steps for Fa-Z-IL; at most this many
     *         under {@code untilConverged}
     * @throws UnsupportedNetworkException if pc4j cannot train the network
     */
    public static int stepsPerBatch(Schedule schedule, NeuralNetwork net) {
        return Preflight.stepsPerBatch(Objects.requireNonNull(schedule, "schedule"), NetworkView.of(initialised(net)));
    }

    /**
     * @return the warnings training {@code net} with {@code config} would log (empty if none)
     * @throws UnsupportedNetworkException if pc4j cannot train the network with this configuration
     */
    public static List<String> check(NeuralNetwork net, PcConfig config) {
        NetworkView view = NetworkView.of(initialised(net));
        Preflight.requireTrainable(view, config);
        return Preflight.warnings(view, config);
    }

    /**
     * One vertex of the network as the engine sees it.
     *
     * @param name             the layer's or vertex's name ({@code "layer2"} for an unnamed layer of a chain)
     * @param description      how pc4j's messages name it ({@code layer 2 'layer2' (DenseLayer)})
     * @param level            the longest path from it to an output (0 for an output layer): Z-IL reads it at this step
     * @param shortestDistance the shortest path to an output: where no message is delayed, the step at which the
     *                         output error first reaches it under forward-pass initialisation
     * @param hasParameters    true if it has parameters the schedules update
     */
    public record Vertex(String name, String description, int level, int shortestDistance, boolean hasParameters) {
    }

    /**
     * @return every non-input vertex in the engine's topological order (a chain's layers in order)
     * @throws UnsupportedNetworkException if pc4j cannot train the network
     */
    public static List<Vertex> vertices(NeuralNetwork net) {
        NetworkView view = NetworkView.of(initialised(net));
        List<Vertex> out = new java.util.ArrayList<>();
        for (int k = 0; k < view.size(); k++) {
            var p = view.predictor(k);
            out.add(new Vertex(p.name(), p.toString(), p.level(), view.shortestDistance(k), p.gradientView() != null));
        }
        return out;
    }

    /**
     * @return why pc4j cannot train {@code net} (the message {@link PcTrainer#fit} would throw), or empty if it can;
     *         settings that depend on the trainer's configuration (DL4J's Nadam under PC or iPC) are checked by
     *         {@link #check}
     */
    public static java.util.Optional<String> whyUnsupported(NeuralNetwork net) {
        try {
            NetworkView.of(initialised(net));
            return java.util.Optional.empty();
        } catch (UnsupportedNetworkException e) {
            return java.util.Optional.of(e.getMessage());
        }
    }

    /** {@code net.fit} initialises a network whose {@code init()} was not called; so does pc4j. */
    static NeuralNetwork initialised(NeuralNetwork net) {
        Objects.requireNonNull(net, "net");
        if (net instanceof MultiLayerNetwork m && !m.isInitCalled()
                || net instanceof ComputationGraph g && (g.getVertices() == null || g.params() == null)) {
            net.init();
        }
        return net;
    }
}
