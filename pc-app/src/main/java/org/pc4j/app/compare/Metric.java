package org.pc4j.app.compare;

import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.pc4j.layers.conf.GaussianSampling;

/**
 * How a comparison scores a trained network on the test batches. Every metric runs the network in inference mode
 * (DL4J's forward pass; no dropout, batch-norm running statistics, a VAE's latent at its mean).
 */
public enum Metric {

    /** Classification accuracy, in [0, 1], with DL4J's {@link Evaluation}. Higher is better. */
    ACCURACY("test accuracy", true) {
        @Override
        public double evaluate(Network net, Iterable<DataSet> test) {
            Evaluation eval = new Evaluation();
            for (DataSet b : test) {
                eval.eval(b.getLabels(), net.output(b.getFeatures(), b.getFeaturesMaskArray()));
            }
            return eval.accuracy();
        }
    },

    /**
     * A VAE's negative evidence lower bound per example, with the latent at its mean: the output layer's loss
     * (binary cross-entropy summed over pixels) plus {@code klWeight * KL(N(u, e^s) || N(0, I))} of the bottleneck,
     * {@code KL = 1/2 sum(e^s + u^2 - 1 - s)}. Lower is better.
     */
    LOSS("test loss (-ELBO per example)", false) {
        @Override
        public double evaluate(Network net, Iterable<DataSet> test) {
            double total = 0;
            long n = 0;
            for (DataSet b : test) {
                long mb = b.numExamples();
                total += net.score(b) * mb + kl(net, b.getFeatures());
                n += mb;
            }
            return total / n;
        }
    },

    /**
     * Perplexity {@code exp(-mean log p(label))} over the positions the labels mask counts (every position for a
     * causal LM, the chosen positions for a masked LM). Lower is better.
     */
    PERPLEXITY("test perplexity", false) {
        @Override
        public double evaluate(Network net, Iterable<DataSet> test) {
            double nll = 0;
            double count = 0;
            for (DataSet b : test) {
                INDArray probs = net.output(b.getFeatures(), b.getFeaturesMaskArray()); // [mb, V, T]
                INDArray p = probs.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
                        .mul(b.getLabels().castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)).sum(1); // [mb, T]
                INDArray mask = b.getLabelsMaskArray() == null ? Nd4j.onesLike(p) : b.getLabelsMaskArray().castTo(p.dataType());
                INDArray logs = Transforms.log(Transforms.max(p, 1e-300, false), false).muli(mask);
                nll -= logs.sumNumber().doubleValue();
                count += mask.sumNumber().doubleValue();
            }
            if (count == 0) {
                throw new IllegalStateException("the test batches count no position");
            }
            return Math.exp(nll / count);
        }
    };

    private final String label;
    private final boolean higherIsBetter;

    Metric(String label, boolean higherIsBetter) {
        this.label = label;
        this.higherIsBetter = higherIsBetter;
    }

    /** @return what the metric is, for tables and charts */
    public String label() {
        return label;
    }

    /** @return true if a larger value is better */
    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    /** @return the metric of {@code net} on the test batches */
    public abstract double evaluate(Network net, Iterable<DataSet> test);

    /** @return the summed KL terms of the batch's examples, 0 if the network has no {@link GaussianSampling} layer */
    static double kl(Network net, INDArray features) {
        if (!(net.model() instanceof MultiLayerNetwork mln)) {
            return 0;
        }
        double total = 0;
        for (int i = 1; i < mln.getnLayers(); i++) {
            if (mln.getLayer(i).conf().getLayer() instanceof GaussianSampling g) {
                List<INDArray> acts = mln.feedForwardToLayer(i - 1, features, false);
                INDArray ms = acts.get(i).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE); // [mb, 2k]: mean, log-variance
                long k = ms.size(1) / 2;
                INDArray u = ms.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, k));
                INDArray s = ms.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(k, 2 * k));
                double kl = 0.5 * (Transforms.exp(s, true).sumNumber().doubleValue() + u.mul(u).sumNumber().doubleValue()
                        - s.length() - s.sumNumber().doubleValue());
                total += g.getKlWeight() * kl;
            }
        }
        return total;
    }
}
