package org.pc4j.it.custom;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A user's own DL4J layer, of the kind DL4J's custom-layer guide builds: a dense layer {@code z = xW + b} whose first
 * half of outputs goes through the layer's activation and whose second half through a second one. Defined only in
 * this test module; pc4j trains it because {@link SplitActivationDenseAdapter} is registered for it.
 */
public class SplitActivationDense extends FeedForwardLayer {

    private IActivation secondActivation;

    /** For JSON deserialisation. */
    public SplitActivationDense() {
    }

    protected SplitActivationDense(Builder builder) {
        super(builder);
        this.secondActivation = builder.secondActivation;
    }

    public IActivation getSecondActivation() {
        return secondActivation;
    }

    public void setSecondActivation(IActivation secondActivation) {
        this.secondActivation = secondActivation;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int index,
                             INDArray paramsView, boolean initializeParams, DataType dataType) {
        SplitActivationDenseLayer layer = new SplitActivationDenseLayer(conf, dataType);
        layer.setListeners(listeners);
        layer.setIndex(index);
        layer.setParamsViewArray(paramsView);
        Map<String, INDArray> table = initializer().init(conf, paramsView, initializeParams);
        layer.setParamTable(table);
        layer.setConf(conf);
        return layer;
    }

    @Override
    public ParamInitializer initializer() {
        return DefaultParamInitializer.getInstance();
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        throw new UnsupportedOperationException("not needed by the test");
    }

    /** Builds a {@link SplitActivationDense}. */
    public static class Builder extends FeedForwardLayer.Builder<Builder> {
        private IActivation secondActivation = Activation.SIGMOID.getActivationFunction();

        public Builder secondActivation(Activation activation) {
            this.secondActivation = activation.getActivationFunction();
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public SplitActivationDense build() {
            return new SplitActivationDense(this);
        }
    }
}
