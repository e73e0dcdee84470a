package org.pc4j.layers.conf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The {@link ParamInitializer} of pc4j's layers: each layer lists its parameters as named blocks
 * ({@link Block}: key, shape, weight or bias, how to initialise), laid out one after the other in the network's
 * flattened parameter and gradient views, in {@code 'c'} order.
 */
public final class ParamBlocks implements ParamInitializer {

    /** The one instance; the blocks come from the layer configuration. */
    public static final ParamBlocks INSTANCE = new ParamBlocks();

    /** How a block starts. */
    public enum Init {
        /** All ones (a gain). */
        ONES,
        /** All zeros (a bias). */
        ZEROS,
        /** The layer's weight initialisation with the block's fan-in and fan-out. */
        WEIGHT_INIT
    }

    /**
     * One parameter array.
     *
     * @param key    the parameter's name ({@code "Wq"}, {@code "g"}, ...)
     * @param shape  its shape
     * @param weight true for a weight (regularised with the layer's l1/l2/weight decay), false for a bias or gain
     * @param init   how it starts
     * @param fanIn  for {@link Init#WEIGHT_INIT}
     * @param fanOut for {@link Init#WEIGHT_INIT}
     */
    public record Block(String key, long[] shape, boolean weight, Init init, double fanIn, double fanOut) {
        long length() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    /** A layer configuration whose parameters are blocks. */
    public interface Declared {
        /** @return the layer's parameter blocks, in layout order */
        List<Block> paramBlocks();

        /** Fills a {@link Init#WEIGHT_INIT} block with the layer's weight initialisation. */
        void initWeights(Block block, INDArray view);
    }

    private ParamBlocks() {
    }

    private static List<Block> blocks(Layer layer) {
        if (!(layer instanceof Declared d)) {
            throw new IllegalArgumentException("not a pc4j layer: " + layer.getClass().getName());
        }
        return d.paramBlocks();
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        return blocks(layer).stream().mapToLong(Block::length).sum();
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return blocks(layer).stream().map(Block::key).toList();
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return blocks(layer).stream().filter(Block::weight).map(Block::key).toList();
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return blocks(layer).stream().filter(b -> !b.weight()).map(Block::key).toList();
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return weightKeys(layer).contains(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return biasKeys(layer).contains(key);
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        Map<String, INDArray> views = views(conf, paramsView);
        if (initializeParams) {
            Declared d = (Declared) conf.getLayer();
            for (Block b : d.paramBlocks()) {
                INDArray view = views.get(b.key());
                switch (b.init()) {
                    case ONES -> view.assign(1.0);
                    case ZEROS -> view.assign(0.0);
                    case WEIGHT_INIT -> d.initWeights(b, view);
                    default -> throw new IllegalStateException("unknown init " + b.init());
                }
            }
        }
        for (String key : views.keySet()) {
            conf.addVariable(key);
        }
        return views;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return views(conf, gradientView);
    }

    private Map<String, INDArray> views(NeuralNetConfiguration conf, INDArray flat) {
        long expected = numParams(conf);
        if (expected == 0) {
            return Collections.synchronizedMap(new LinkedHashMap<>()); // DL4J passes no view to a parameter-free layer
        }
        if (flat == null || flat.length() != expected) {
            throw new IllegalStateException("Expected a parameter view of length " + expected + ", got "
                    + (flat == null ? "none" : String.valueOf(flat.length())));
        }
        INDArray line = flat.reshape(flat.length());
        Map<String, INDArray> out = Collections.synchronizedMap(new LinkedHashMap<>());
        long offset = 0;
        for (Block b : blocks(conf.getLayer())) {
            out.put(b.key(), line.get(NDArrayIndex.interval(offset, offset + b.length())).reshape('c', b.shape()));
            offset += b.length();
        }
        return out;
    }

    /** @return a list of blocks (for implementations). */
    static List<Block> of(Block... blocks) {
        return new ArrayList<>(List.of(blocks));
    }
}
