package org.pc4j.layers.runtime;

import java.util.Arrays;
import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.pc4j.layers.conf.GaussianSampling;
import org.pc4j.layers.noise.BatchNoise;

/**
 * The runtime of {@link GaussianSampling}. Backprop, with {@code sd = exp(s / 2)}: {@code dz/du = 1},
 * {@code dz/ds = e * sd / 2}, plus the KL term's {@code u} and {@code (exp(s) - 1) / 2} times {@code klWeight}.
 * The noise {@code e} of a forward pass is kept for the backprop that follows (and, while held, for the batch).
 */
public class GaussianSamplingLayer extends BaseLayer<GaussianSampling> implements BatchNoise {

    private INDArray noise;
    private boolean held;

    public GaussianSamplingLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private INDArray[] split(INDArray x) {
        long k = layerConf().getNOut();
        if (x.rank() != 2 || x.size(1) != 2 * k) {
            throw new DL4JInvalidInputException("GaussianSampling " + layerId() + " expects [minibatch, " + 2 * k
                    + "] (mean, log-variance), got " + Arrays.toString(x.shape()));
        }
        return new INDArray[] {x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, k)),
                x.get(NDArrayIndex.all(), NDArrayIndex.interval(k, 2 * k))};
    }

    /** @return the noise for this input: the held or last draw if it fits, else a new draw (outside any workspace) */
    private INDArray noiseFor(INDArray mean) {
        if (noise == null || !Arrays.equals(noise.shape(), mean.shape()) || noise.dataType() != mean.dataType()) {
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                noise = Nd4j.randn(mean.dataType(), mean.shape());
            }
        }
        return noise;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        INDArray[] us = split(input.castTo(dataType));
        INDArray z = training
                ? us[0].add(noiseFor(us[0]).mul(Transforms.exp(us[1].mul(0.5), false)))
                : us[0].dup();
        return mgr.leverageTo(ArrayType.ACTIVATIONS, z);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        assertInputSet(true);
        INDArray[] us = split(input.castTo(dataType));
        INDArray dz = epsilon.castTo(dataType);
        INDArray e = noiseFor(us[0]);
        INDArray sd = Transforms.exp(us[1].mul(0.5), false);
        INDArray du = dz.dup();
        INDArray ds = dz.mul(e).muli(sd).muli(0.5);
        double beta = layerConf().getKlWeight();
        if (beta > 0) {
            du.addi(us[0].mul(beta));
            ds.addi(sd.mul(sd).subi(1.0).muli(0.5 * beta));
        }
        INDArray eps = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, input.shape(), 'c');
        long k = layerConf().getNOut();
        eps.get(NDArrayIndex.all(), NDArrayIndex.interval(0, k)).assign(du);
        eps.get(NDArrayIndex.all(), NDArrayIndex.interval(k, 2 * k)).assign(ds);
        if (!held) {
            noise = null; // one draw per forward pass and its backprop, as DL4J's weight noise
        }
        return new Pair<>(new DefaultGradient(), eps);
    }

    @Override
    public void holdNoise() {
        held = true;
        noise = null;
    }

    @Override
    public void releaseNoise() {
        held = false;
        noise = null;
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public void clearNoiseWeightParams() {
    }
}
