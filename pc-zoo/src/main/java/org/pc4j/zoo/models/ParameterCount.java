package org.pc4j.zoo.models;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A network's size read from its configuration, before anything is allocated, and the check that it fits: a model
 * asked for with an impossible width or depth is refused with its numbers instead of failing deep inside a native
 * allocation ({@code bad_alloc}) or running for minutes.
 */
public final class ParameterCount {

    /** Arrays per parameter that training holds at least: parameters, gradients and two updater states (Adam). */
    static final int ARRAYS_PER_PARAMETER = 4;

    private ParameterCount() {
    }

    /** @return the number of parameters {@code conf} describes. */
    public static long of(MultiLayerConfiguration conf) {
        return perLayer(conf).values().stream().mapToLong(Long::longValue).sum();
    }

    /** @return the number of parameters {@code conf} describes. */
    public static long of(ComputationGraphConfiguration conf) {
        return perLayer(conf).values().stream().mapToLong(Long::longValue).sum();
    }

    /** @return each layer's parameter count by index ({@code "0"}, {@code "1"}, ...), in order */
    static Map<String, Long> perLayer(MultiLayerConfiguration conf) {
        Map<String, Long> out = new LinkedHashMap<>();
        List<NeuralNetConfiguration> confs = conf.getConfs();
        for (int i = 0; i < confs.size(); i++) {
            out.put(String.valueOf(i), confs.get(i).getLayer().initializer().numParams(confs.get(i)));
        }
        return out;
    }

    /** @return each vertex's parameter count by name */
    static Map<String, Long> perLayer(ComputationGraphConfiguration conf) {
        Map<String, Long> out = new TreeMap<>();
        conf.getVertices().forEach((name, v) -> out.put(name, v.numParams(true)));
        return out;
    }

    /**
     * @param model a description for the message ("mlp, width 64, depth 2")
     * @throws IllegalArgumentException if training {@code parameters} of {@code type} needs more memory than ND4J may
     *                                  allocate in this process
     */
    public static void requireFits(long parameters, DataType type, String model) {
        long limit = Pointer.maxBytes() > 0 ? Pointer.maxBytes() : Runtime.getRuntime().maxMemory();
        double needed = (double) parameters * type.width() * ARRAYS_PER_PARAMETER;
        if (parameters < 0 || needed > limit) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s would have %,d parameters and need at least "
                    + "%.3g GB to train (parameters, gradients, updater state), more than the %.3g GB ND4J may allocate in "
                    + "this process (-Dorg.bytedeco.javacpp.maxbytes); choose a smaller width or depth",
                    model, parameters, needed / 1e9, limit / 1e9));
        }
    }

    static void requireFits(MultiLayerConfiguration conf, String model) {
        requireFits(of(conf), conf.getDataType(), model);
    }

    static void requireFits(ComputationGraphConfiguration conf, String model) {
        requireFits(of(conf), conf.getDataType(), model);
    }
}
