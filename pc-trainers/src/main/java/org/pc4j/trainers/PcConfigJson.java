package org.pc4j.trainers;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;
import org.nd4j.shade.jackson.databind.node.ArrayNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import org.pc4j.layers.energy.CategoricalEnergy;
import org.pc4j.layers.energy.Energy;
import org.pc4j.layers.energy.GaussianEnergy;
import org.pc4j.layers.energy.GaussianVarianceEnergy;
import org.pc4j.layers.energy.PrecisionWeightedEnergy;

/**
 * A {@link PcConfig} as JSON, with logical type names (not Java class names), as DL4J writes its network
 * configurations (through the same Jackson, the copy DL4J shades). Format version 1:
 *
 * <pre>{@code
 * {
 *   "format" : "pc4j-config", "version" : 1,
 *   "schedule" : {"type" : "pc", "valueSteps" : 20, "tolerance" : 0.0},     // or ipc {valueSteps, tolerance},
 *                                                                          // zil {levelled}, faZil {window, extraSteps}
 *   "inferenceRate" : 0.1,
 *   "valueInit" : {"type" : "forwardPass"},                                 // or perturbed {sigma, seed}, or zero
 *   "divergenceFactor" : 100.0,                                             // or "Infinity"
 *   "workspaceMode" : "ENABLED",                                            // or NONE
 *   "kernelPath" : "AUTO",                                                  // GENERAL, KERNEL; absent: AUTO
 *   "convolutionPath" : "AUTO",                                             // IM2COL, OPERATIONS; absent: AUTO
 *   "energies" : {"automatic" : true, "overrides" : {"layer1" : {"type" : "gaussian"}}},
 *                          // gaussian, categorical, gaussianVariance, precisionWeighted {variances, learningRate}
 *   "inferenceRateControl" : true,
 *   "valueOptimizer" : {"type" : "gradientDescent"}                         // or momentum {beta}, adam {beta1, beta2, epsilon}
 * }
 * }</pre>
 *
 * <p>Reading is strict: a missing field, an unknown field or type name, a value of the wrong kind, or numbers the
 * records refuse give an {@link IllegalArgumentException} naming the field (its path from the top), and nothing is
 * built. An energy of the user's own class has no JSON form: writing a configuration with one is refused, naming the
 * node.
 */
final class PcConfigJson {

    static final String FORMAT = "pc4j-config";
    static final int VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PcConfigJson() {
    }

    static String write(PcConfig c) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.set("schedule", schedule(c.schedule()));
        root.put("inferenceRate", c.inferenceRate());
        root.set("valueInit", valueInit(c.valueInit()));
        if (Double.isInfinite(c.divergenceFactor())) {
            root.put("divergenceFactor", "Infinity");
        } else {
            root.put("divergenceFactor", c.divergenceFactor());
        }
        root.put("workspaceMode", c.workspaceMode().name());
        ObjectNode energies = root.putObject("energies");
        energies.put("automatic", c.energies().automatic());
        ObjectNode overrides = energies.putObject("overrides");
        new TreeMap<>(c.energies().overrides()).forEach((node, e) -> overrides.set(node, energy(node, e)));
        root.put("inferenceRateControl", c.inferenceRateControl());
        root.set("valueOptimizer", valueOptimizer(c.valueOptimizer()));
        root.put("kernelPath", c.kernelPath().name());
        root.put("convolutionPath", c.convolutionPath().name());
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of numbers and strings could not be written as JSON", e);
        }
    }

    private static ObjectNode schedule(Schedule s) {
        ObjectNode n = MAPPER.createObjectNode();
        switch (s.kind()) {
            case PC -> {
                PcSchedule pc = (PcSchedule) s;
                n.put("type", "pc").put("valueSteps", pc.valueSteps()).put("tolerance", pc.tolerance());
            }
            case IPC -> {
                IpcSchedule ipc = (IpcSchedule) s;
                n.put("type", "ipc").put("valueSteps", ipc.valueSteps()).put("tolerance", ipc.tolerance());
            }
            case ZIL -> n.put("type", "zil").put("levelled", ((ZilSchedule) s).levelled());
            case FA_ZIL -> {
                FaZilSchedule fa = (FaZilSchedule) s;
                n.put("type", "faZil").put("window", fa.window()).put("extraSteps", fa.extraSteps());
            }
            default -> throw new IllegalStateException("a schedule of no known kind: " + s);
        }
        return n;
    }

    private static ObjectNode valueInit(ValueInit v) {
        ObjectNode n = MAPPER.createObjectNode();
        if (v instanceof ValueInit.Perturbed p) {
            n.put("type", "perturbed").put("sigma", p.sigma()).put("seed", p.seed());
        } else if (v instanceof ValueInit.Zero) {
            n.put("type", "zero");
        } else {
            n.put("type", "forwardPass");
        }
        return n;
    }

    private static ObjectNode energy(String node, Energy e) {
        ObjectNode n = MAPPER.createObjectNode();
        if (e instanceof GaussianEnergy) {
            n.put("type", "gaussian");
        } else if (e instanceof CategoricalEnergy) {
            n.put("type", "categorical");
        } else if (e instanceof GaussianVarianceEnergy) {
            n.put("type", "gaussianVariance");
        } else if (e instanceof PrecisionWeightedEnergy p) {
            n.put("type", "precisionWeighted");
            ArrayNode a = n.putArray("variances");
            for (double s : p.variances()) {
                a.add(s);
            }
            n.put("learningRate", p.learningRate());
        } else {
            throw new IllegalArgumentException("the energy of node '" + node + "' is " + e.getClass().getName()
                    + ", which has no JSON form (pc4j writes gaussian, categorical, gaussianVariance and precisionWeighted); "
                    + "keep the configuration in code, or set that node's energy where the configuration is read");
        }
        return n;
    }

    private static ObjectNode valueOptimizer(ValueOptimizer o) {
        ObjectNode n = MAPPER.createObjectNode();
        if (o instanceof ValueOptimizer.Momentum m) {
            n.put("type", "momentum").put("beta", m.beta());
        } else if (o instanceof ValueOptimizer.Nesterov) {
            n.put("type", "nesterov");
        } else if (o instanceof ValueOptimizer.Adam a) {
            n.put("type", "adam").put("beta1", a.beta1()).put("beta2", a.beta2()).put("epsilon", a.epsilon());
        } else {
            n.put("type", "gradientDescent");
        }
        return n;
    }

    static PcConfig read(String json) {
        if (json == null || json.isBlank()) {
            throw new IllegalArgumentException("no pc4j configuration: the JSON text is empty");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a pc4j configuration: the text is not JSON (" + e.getOriginalMessage() + ")", e);
        }
        Node r = new Node(root, "");
        r.fields("format", "version", "schedule", "inferenceRate", "valueInit", "divergenceFactor", "workspaceMode", "energies",
                "inferenceRateControl", "valueOptimizer", "kernelPath", "convolutionPath");
        if (!FORMAT.equals(r.text("format"))) {
            throw new IllegalArgumentException("not a pc4j configuration: format is '" + r.text("format") + "', expected '" + FORMAT + "'");
        }
        int version = r.integer("version");
        if (version != VERSION) {
            throw new IllegalArgumentException("a pc4j configuration of format version " + version + "; this pc4j reads version "
                    + VERSION);
        }
        try {
            return new PcConfig(schedule(r.object("schedule")), r.number("inferenceRate"), valueInit(r.object("valueInit")),
                    r.number("divergenceFactor"), workspaceMode(r), energies(r.object("energies")), r.bool("inferenceRateControl"),
                    valueOptimizer(r.object("valueOptimizer")), kernelPath(root), convolutionPath(root));
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("pc4j configuration")) {
                throw e;
            }
            throw new IllegalArgumentException("pc4j configuration: " + e.getMessage(), e);
        }
    }

    private static Schedule schedule(Node n) {
        return switch (n.type("pc", "ipc", "zil", "faZil")) {
            case "pc" -> {
                n.fields("type", "valueSteps", "tolerance");
                yield new PcSchedule(n.integer("valueSteps"), n.number("tolerance"));
            }
            case "ipc" -> {
                n.fields("type", "valueSteps", "tolerance");
                yield new IpcSchedule(n.integer("valueSteps"), n.number("tolerance"));
            }
            case "zil" -> {
                n.fields("type", "levelled");
                yield new ZilSchedule(n.bool("levelled"));
            }
            default -> {
                n.fields("type", "window", "extraSteps");
                yield new FaZilSchedule(n.integer("window"), n.integer("extraSteps"));
            }
        };
    }

    private static ValueInit valueInit(Node n) {
        String type = n.type("forwardPass", "perturbed", "zero");
        if ("perturbed".equals(type)) {
            n.fields("type", "sigma", "seed");
            return ValueInit.perturbed(n.number("sigma"), n.longInteger("seed"));
        }
        if ("zero".equals(type)) {
            n.fields("type");
            return ValueInit.zero();
        }
        n.fields("type");
        return ValueInit.forwardPass();
    }

    /** @return the kernel path, AUTO where the field is absent (configurations written before it existed) */
    private static KernelPath kernelPath(JsonNode root) {
        JsonNode v = root.get("kernelPath");
        if (v == null) {
            return KernelPath.AUTO;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("pc4j configuration: kernelPath must be AUTO, GENERAL or KERNEL, got " + v);
        }
        try {
            return KernelPath.valueOf(v.asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("pc4j configuration: kernelPath is '" + v.asText() + "'; expected AUTO, GENERAL or KERNEL", e);
        }
    }

    /** @return the convolution path, AUTO where the field is absent (configurations written before it existed) */
    private static ConvolutionPath convolutionPath(JsonNode root) {
        JsonNode v = root.get("convolutionPath");
        if (v == null) {
            return ConvolutionPath.AUTO;
        }
        String expected = "AUTO, IM2COL or OPERATIONS";
        if (!v.isTextual()) {
            throw new IllegalArgumentException("pc4j configuration: convolutionPath must be " + expected + ", got " + v);
        }
        try {
            return ConvolutionPath.valueOf(v.asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("pc4j configuration: convolutionPath is '" + v.asText() + "'; expected " + expected, e);
        }
    }

    private static WorkspaceMode workspaceMode(Node r) {
        String mode = r.text("workspaceMode");
        return switch (mode) {
            case "ENABLED" -> WorkspaceMode.ENABLED;
            case "NONE" -> WorkspaceMode.NONE;
            default -> throw new IllegalArgumentException("pc4j configuration: workspaceMode is '" + mode + "'; expected ENABLED or NONE");
        };
    }

    private static NodeEnergies energies(Node n) {
        n.fields("automatic", "overrides");
        Node overrides = n.object("overrides");
        Map<String, Energy> chosen = new TreeMap<>();
        for (Iterator<String> it = overrides.json.fieldNames(); it.hasNext(); ) {
            String node = it.next();
            chosen.put(node, energy(overrides.object(node)));
        }
        return new NodeEnergies(n.bool("automatic"), chosen);
    }

    private static Energy energy(Node n) {
        return switch (n.type("gaussian", "categorical", "gaussianVariance", "precisionWeighted")) {
            case "gaussian" -> {
                n.fields("type");
                yield GaussianEnergy.INSTANCE;
            }
            case "categorical" -> {
                n.fields("type");
                yield CategoricalEnergy.INSTANCE;
            }
            case "gaussianVariance" -> {
                n.fields("type");
                yield GaussianVarianceEnergy.INSTANCE;
            }
            default -> {
                n.fields("type", "variances", "learningRate");
                yield PrecisionWeightedEnergy.of(n.numbers("variances"), n.number("learningRate"));
            }
        };
    }

    private static ValueOptimizer valueOptimizer(Node n) {
        return switch (n.type("gradientDescent", "momentum", "nesterov", "adam")) {
            case "momentum" -> {
                n.fields("type", "beta");
                yield ValueOptimizer.momentum(n.number("beta"));
            }
            case "nesterov" -> {
                n.fields("type");
                yield ValueOptimizer.nesterov();
            }
            case "adam" -> {
                n.fields("type", "beta1", "beta2", "epsilon");
                yield new ValueOptimizer.Adam(n.number("beta1"), n.number("beta2"), n.number("epsilon"));
            }
            default -> {
                n.fields("type");
                yield ValueOptimizer.gradientDescent();
            }
        };
    }

    /** A JSON object being read, with its path for messages. */
    private record Node(JsonNode json, String path) {

        private String at(String field) {
            return path.isEmpty() ? field : path + "." + field;
        }

        private JsonNode get(String field) {
            JsonNode v = json.get(field);
            if (v == null || v.isNull()) {
                throw new IllegalArgumentException("pc4j configuration: " + at(field) + " is missing");
            }
            return v;
        }

        /** Refuses fields other than these (a misspelt name must not be ignored silently). */
        void fields(String... allowed) {
            if (!json.isObject()) {
                throw new IllegalArgumentException("pc4j configuration: " + (path.isEmpty() ? "the top level" : path) + " must be an object");
            }
            Set<String> names = Set.of(allowed);
            List<String> unknown = new ArrayList<>();
            json.fieldNames().forEachRemaining(f -> {
                if (!names.contains(f)) {
                    unknown.add(at(f));
                }
            });
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("pc4j configuration: unknown field(s) " + unknown + "; expected " + List.of(allowed));
            }
        }

        Node object(String field) {
            JsonNode v = get(field);
            if (!v.isObject()) {
                throw new IllegalArgumentException("pc4j configuration: " + at(field) + " must be an object, got " + v);
            }
            return new Node(v, at(field));
        }

        String type(String... names) {
            String t = text("type");
            if (!List.of(names).contains(t)) {
                throw new IllegalArgumentException("pc4j configuration: " + at("type") + " is '" + t + "'; expected one of " + List.of(names));
            }
            return t;
        }

        String text(String field) {
            JsonNode v = get(field);
            if (!v.isTextual()) {
                throw new IllegalArgumentException("pc4j configuration: " + at(field) + " must be a string, got " + v);
            }
            return v.asText();
        }

        boolean bool(String field) {
            JsonNode v = get(field);
            if (!v.isBoolean()) {
                throw new IllegalArgumentException("pc4j configuration: " + at(field) + " must be true or false, got " + v);
            }
            return v.asBoolean();
        }

        int integer(String field) {
            JsonNode v = get(field);
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw new IllegalArgumentException("pc4j configuration: " + at(field) + " must be an integer, got " + v);
            }
            return v.asInt();
        }

        long longInteger(String field) {
            JsonNode v = get(field);
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                throw new IllegalArgumentException("pc4j configuration: " + at(field) + " must be an integer, got " + v);
            }
            return v.asLong();
        }

        double number(String field) {
            return number(get(field), at(field));
        }

        private static double number(JsonNode v, String where) {
            if (v.isNumber()) {
                return v.asDouble();
            }
            if (v.isTextual() && v.asText().equals("Infinity")) {
                return Double.POSITIVE_INFINITY;
            }
            throw new IllegalArgumentException("pc4j configuration: " + where + " must be a number, got " + v);
        }

        double[] numbers(String field) {
            JsonNode v = get(field);
            if (!v.isArray()) {
                throw new IllegalArgumentException("pc4j configuration: " + at(field) + " must be an array of numbers, got " + v);
            }
            double[] out = new double[v.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = number(v.get(i), at(field) + "[" + i + "]");
            }
            return out;
        }
    }
}
