package org.pc4j.app.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.pc4j.trainers.PcTrainer;
import org.pc4j.trainers.Schedule;
import org.pc4j.app.compare.ComparisonResult.ParameterDifference;

/**
 * Z-IL against backprop on one batch: two copies of the same network take one weight update each, one with DL4J's
 * {@code fit}, one with {@code Schedule.zil()}; for every parameter array, the largest element-wise relative
 * difference between the two updates. Z-IL is exact, so this is 0 up to floating-point rounding (pc4j's tests hold it
 * to 1e-10 in double precision; on the CPU backend it is usually exactly 0). Both copies draw from the same point of
 * ND4J's random stream, so dropout masks and a VAE's sampling noise are identical.
 */
public final class Equivalence {

    private Equivalence() {
    }

    /** @return per parameter array, the difference between Z-IL's and backprop's first update of {@code initial} */
    public static List<ParameterDifference> firstUpdate(Network initial, DataSet batch) {
        Network bp = initial.copy();
        Network zil = initial.copy();
        // the same random stream for both, so that dropout masks and a VAE's noise are the same draws
        long seed = Nd4j.getRandom().nextLong();
        Nd4j.getRandom().setSeed(seed);
        bp.fitBackprop(new TimedBatches(List.of(batch), i -> { }));
        Nd4j.getRandom().setSeed(seed);
        zil.fitBatch(PcTrainer.builder().schedule(Schedule.zil()).build(), batch);
        return compare(initial.paramTable(), bp.paramTable(), zil.paramTable());
    }

    /** @return per parameter array, the difference between the updates {@code a - before} and {@code b - before} */
    static List<ParameterDifference> compare(Map<String, INDArray> before, Map<String, INDArray> a, Map<String, INDArray> b) {
        List<ParameterDifference> out = new ArrayList<>();
        for (Map.Entry<String, INDArray> e : before.entrySet()) {
            INDArray p0 = e.getValue().castTo(DataType.DOUBLE);
            INDArray da = a.get(e.getKey()).castTo(DataType.DOUBLE).sub(p0);
            INDArray db = b.get(e.getKey()).castTo(DataType.DOUBLE).sub(p0);
            out.add(difference(e.getKey(), da, db));
        }
        return out;
    }

    /** @return the largest element-wise relative and absolute differences between {@code a} and {@code b} */
    static ParameterDifference difference(String name, INDArray a, INDArray b) {
        INDArray diff = Transforms.abs(a.sub(b), false);
        INDArray scale = Transforms.max(Transforms.abs(a, true), Transforms.abs(b, true), false);
        double[] d = diff.data().asDouble();
        double[] s = scale.data().asDouble();
        double rel = 0;
        for (int i = 0; i < d.length; i++) {
            if (d[i] > 0) {
                rel = Math.max(rel, d[i] / s[i]);
            }
        }
        return new ParameterDifference(name, rel, diff.maxNumber().doubleValue());
    }

    /** @return the largest relative difference over all parameter arrays of two networks (element-wise) */
    static double parameterDifference(Map<String, INDArray> a, Map<String, INDArray> b) {
        double worst = 0;
        for (Map.Entry<String, INDArray> e : a.entrySet()) {
            worst = Math.max(worst, difference(e.getKey(), e.getValue().castTo(DataType.DOUBLE), b.get(e.getKey()).castTo(DataType.DOUBLE))
                    .maxRelativeDifference());
        }
        return worst;
    }
}
