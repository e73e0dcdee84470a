package org.pc4j.layers.conf;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What pc4j's layer configurations share: parameters declared as {@link ParamBlocks}, the wiring of the runtime
 * layer DL4J's {@code instantiate} expects, and a memory report from the blocks. A subclass states its blocks, its
 * output type and its runtime class.
 */
public abstract class PcLayer extends FeedForwardLayer implements ParamBlocks.Declared {

    /** For JSON. */
    protected PcLayer() {
    }

    protected PcLayer(FeedForwardLayer.Builder<?> builder) {
        super(builder);
    }

    /** @return a new runtime layer for this configuration */
    protected abstract BaseLayer<?> createRuntime(NeuralNetConfiguration conf, DataType dataType);

    /** @return how many activations per example the layer's backprop works on, for the memory report */
    protected long workingElementsPerExample(InputType inputType) {
        return 2L * inputType.arrayElementsPerExample();
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
                                                       int layerIndex, INDArray params, boolean initializeParams,
                                                       DataType dataType) {
        BaseLayer<?> layer = createRuntime(conf, dataType);
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(params);
        Map<String, INDArray> table = initializer().init(conf, params, initializeParams);
        layer.setParamTable(table);
        layer.setConf(conf);
        return layer;
    }

    @Override
    public ParamInitializer initializer() {
        return ParamBlocks.INSTANCE;
    }

    /** Fills a weight block with the layer's weight initialisation and the block's fan-in and fan-out. */
    @Override
    public void initWeights(ParamBlocks.Block block, INDArray view) {
        getWeightInitFn().init(block.fanIn(), block.fanOut(), block.shape(), 'c', view);
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long n = initializer().numParams(this);
        InputType out = getOutputType(-1, inputType);
        return new LayerMemoryReport.Builder(layerName, getClass(), inputType, out)
                .standardMemory(n, getIUpdater() == null ? 0 : getIUpdater().stateSize(n))
                .workingMemory(0, 0, 0, workingElementsPerExample(inputType))
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS).build();
    }

    @Override
    public PcLayer clone() {
        return (PcLayer) super.clone();
    }
}
