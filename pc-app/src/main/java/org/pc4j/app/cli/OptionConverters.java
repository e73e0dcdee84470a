package org.pc4j.app.cli;

import java.util.Locale;
import java.util.function.Function;
import org.nd4j.linalg.activations.Activation;
import org.pc4j.app.graph.GraphQueryKind;
import org.pc4j.app.graph.GraphTopology;
import org.pc4j.trainers.graph.PredictionForm;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * picocli converters for the options whose values are names of pc4j or DL4J types. A bad value is refused by picocli
 * while parsing, before the command runs, with the option named and the accepted values listed.
 */
final class OptionConverters {

    private OptionConverters() {
    }

    /** @return {@code parse(value)}, its refusal turned into picocli's conversion error (picocli names the option) */
    private static <T> T parsed(Function<String, T> parse, String value) {
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /** {@code --topology}: fc, feedforward, hierarchical, lateral or assembly. */
    static final class Topology implements ITypeConverter<GraphTopology> {
        @Override
        public GraphTopology convert(String value) {
            return parsed(GraphTopology::parse, value);
        }
    }

    /** {@code --query}: classify, generate, complete:P or denoise:V. */
    static final class Query implements ITypeConverter<GraphQueryKind> {
        @Override
        public GraphQueryKind convert(String value) {
            return parsed(GraphQueryKind::parse, value);
        }
    }

    /** {@code --activation}: one of DL4J's activation names, as {@link Activation#fromString} reads them. */
    static final class ActivationName implements ITypeConverter<Activation> {
        @Override
        public Activation convert(String value) {
            try {
                return Activation.fromString(value.trim());
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("unknown activation '" + value + "': use one of DL4J's, e.g. tanh, sigmoid, relu, "
                        + "identity, leakyrelu, elu, softplus");
            }
        }
    }

    /** {@code --key}: noise:ETA, keep:P or random. */
    static final class Key implements ITypeConverter<org.pc4j.app.memory.MemoryKey> {
        @Override
        public org.pc4j.app.memory.MemoryKey convert(String value) {
            return parsed(org.pc4j.app.memory.MemoryKey::parse, value);
        }
    }

    /** {@code --methods}: one of the memory command's methods. */
    static final class MemoryMethodName implements ITypeConverter<String> {
        /** The methods {@code pc4j memory} runs. */
        static final java.util.List<String> NAMES = java.util.List.of("pc", "mhn", "hopfield", "ae", "linear", "graph");

        @Override
        public String convert(String value) {
            String name = value.trim().toLowerCase(Locale.ROOT);
            if (!NAMES.contains(name)) {
                throw new TypeConversionException("unknown method '" + value + "': use " + String.join(", ", NAMES));
            }
            return name;
        }
    }

    /** {@code --form}: thesis (mu = W f(x)) or dl4j (mu = f(W x)). */
    static final class Form implements ITypeConverter<PredictionForm> {
        @Override
        public PredictionForm convert(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "thesis" -> PredictionForm.WEIGHTED_ACTIVITIES;
                case "dl4j" -> PredictionForm.ACTIVATED_SUMS;
                default -> throw new TypeConversionException("unknown form '" + value + "': use thesis (mu = W f(x)) or dl4j (mu = f(W x))");
            };
        }
    }

    /** {@code pc4j graph --start}: where a graph's free neurons start every batch and query: random or forward. */
    static final class GraphStart implements ITypeConverter<org.pc4j.trainers.graph.GraphConfig.ValueStart> {
        @Override
        public org.pc4j.trainers.graph.GraphConfig.ValueStart convert(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "random" -> org.pc4j.trainers.graph.GraphConfig.ValueStart.RANDOM;
                case "forward" -> org.pc4j.trainers.graph.GraphConfig.ValueStart.FORWARD;
                default -> throw new TypeConversionException("unknown start '" + value + "': use random (N(0, --start-std^2)) or "
                        + "forward (the predictions from the clamped neurons on, for graphs without cycles)");
            };
        }
    }

    /** {@code --start}: where a memory's value nodes start every storing epoch and recall: zero or forward. */
    static final class ValueStart implements ITypeConverter<org.pc4j.trainers.ValueInit> {
        @Override
        public org.pc4j.trainers.ValueInit convert(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "zero" -> org.pc4j.trainers.ValueInit.zero();
                case "forward" -> org.pc4j.trainers.ValueInit.forwardPass();
                default -> throw new TypeConversionException("unknown start '" + value + "': use zero (every latent and hidden value "
                        + "at 0) or forward (the forward pass from the prior)");
            };
        }
    }
}
