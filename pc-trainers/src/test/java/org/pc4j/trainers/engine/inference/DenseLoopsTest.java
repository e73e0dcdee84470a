package org.pc4j.trainers.engine.inference;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.pc4j.trainers.kernel.KernelVec;
import org.pc4j.trainers.kernel.PointwiseActivation;

/**
 * The float32 loops (heap chunks, float arithmetic) against the float64 loops on the same numbers widened to double,
 * whose agreement with the general path {@code KernelPathTest} checks to 1e-12: each float32 result within the
 * roundings its float operations add (stated per loop), on arrays that end mid-chunk and rows wider and narrower than a
 * chunk. The bias sum is exact in both (one rounding).
 */
class DenseLoopsTest {

    private static final double FLOAT_ULP = Math.ulp(1f);

    private static INDArray uniform(long seed, int n, double low, double high) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.FLOAT, n).muli(high - low).addi(low);
    }

    private static KernelVec single(INDArray a) {
        return KernelVec.of(a.dup());
    }

    private static KernelVec wide(INDArray a) {
        return KernelVec.of(a.castTo(DataType.DOUBLE));
    }

    /** tanh in float32 is the kernels' float tanh (tested against Math.tanh), the others the double function rounded once. */
    private static float activation(PointwiseActivation f, float z) {
        if (f == PointwiseActivation.TANH) {
            float[] out = new float[1];
            PointwiseActivation.tanh(new float[] {z}, out, 1);
            return out[0];
        }
        return (float) f.apply(z);
    }

    @ParameterizedTest
    @EnumSource(PointwiseActivation.class)
    void addBiasAndActivateInFloat32GivesTheSumRoundedOnceAndItsActivation(PointwiseActivation f) {
        for (int cols : new int[] {7, DenseLoops.CHUNK, DenseLoops.CHUNK + 37}) {
            int rows = 2 * DenseLoops.CHUNK / cols + 3;
            INDArray z = uniform(1, rows * cols, -3, 3);
            INDArray bias = uniform(2, cols, -1, 1);
            KernelVec zs = single(z);
            KernelVec ms = KernelVec.allocate(DataType.FLOAT, rows * cols);
            KernelVec zd = wide(z);
            KernelVec md = KernelVec.allocate(DataType.DOUBLE, rows * cols);
            DenseLoops.addBiasAndActivate(zs, single(bias), ms, f, rows, cols, new DenseLoops.Scratch());
            DenseLoops.addBiasAndActivate(zd, wide(bias), md, f, rows, cols, new DenseLoops.Scratch());
            for (int i = 0; i < rows * cols; i++) {
                assertThat(zs.get(i)).as("%s z, %d columns, element %d", f, cols, i).isEqualTo((double) (float) zd.get(i));
                float zi = (float) zd.get(i);
                assertThat(ms.get(i)).as("%s mu, %d columns, element %d", f, cols, i).isEqualTo((double) activation(f, zi));
            }
        }
    }

    /**
     * {@code e = x - mu} exact as a float sum; {@code delta = -e f'(mu)} with {@code f'} rounded in float (a few roundings
     * of 1 where {@code 1 - mu^2} cancels) and the product rounded: within {@code 4 ulp(1) |e| + 2 ulp(|delta|)}; the
     * energy, squares rounded in float and added per element, within {@code 1e-6} relative.
     */
    @ParameterizedTest
    @EnumSource(PointwiseActivation.class)
    void errorsInFloat32AreTheFloat64LoopsWithinFloatRounding(PointwiseActivation f) {
        int n = 3 * DenseLoops.CHUNK + 101;
        INDArray x = uniform(3, n, -1, 1);
        INDArray z = uniform(4, n, -2, 2);
        INDArray mu = Nd4j.create(DataType.FLOAT, n);
        for (int i = 0; i < n; i++) {
            mu.putScalar(i, (float) f.apply(z.getFloat(i)));
        }
        KernelVec es = KernelVec.allocate(DataType.FLOAT, n);
        KernelVec ds = KernelVec.allocate(DataType.FLOAT, n);
        KernelVec ed = KernelVec.allocate(DataType.DOUBLE, n);
        KernelVec dd = KernelVec.allocate(DataType.DOUBLE, n);
        double energy = DenseLoops.errors(single(x), single(mu), single(z), es, ds, f, n, new DenseLoops.Scratch());
        double expected = DenseLoops.errors(wide(x), wide(mu), wide(z), ed, dd, f, n, new DenseLoops.Scratch());
        for (int i = 0; i < n; i++) {
            assertThat(es.get(i)).as("%s e, element %d", f, i).isEqualTo((double) (float) ed.get(i));
            double tolerance = 4 * FLOAT_ULP * Math.abs(ed.get(i)) + 2 * Math.ulp((float) dd.get(i));
            assertThat(Math.abs(ds.get(i) - dd.get(i))).as("%s delta, element %d: %s against %s", f, i, ds.get(i), dd.get(i)).isLessThanOrEqualTo(tolerance);
        }
        assertThat(expected).isPositive();
        assertThat(Math.abs(energy - expected)).as("%s energy %s against %s", f, energy, expected).isLessThanOrEqualTo(1e-6 * expected);
    }

    /** {@code x - rate (e + m)}: three float roundings and the rate's, within {@code 2 ulp(|x|) + 3 ulp(|rate (e + m)|)}. */
    @Test
    void aMoveInFloat32IsTheFloat64MoveWithinFloatRounding() {
        int n = 2 * DenseLoops.CHUNK + 5;
        INDArray x = uniform(5, n, -1, 1);
        INDArray e = uniform(6, n, -1, 1);
        INDArray m = uniform(7, n, -1, 1);
        double rate = 0.1;
        KernelVec xs = single(x);
        KernelVec xd = wide(x);
        DenseLoops.move(xs, single(e), single(m), rate, n, new DenseLoops.Scratch());
        DenseLoops.move(xd, wide(e), wide(m), rate, n, new DenseLoops.Scratch());
        for (int i = 0; i < n; i++) {
            double step = rate * ((double) e.getFloat(i) + m.getFloat(i));
            double tolerance = 2 * Math.ulp((float) xd.get(i)) + 3 * Math.ulp((float) Math.abs(step));
            assertThat(Math.abs(xs.get(i) - xd.get(i))).as("element %d", i).isLessThanOrEqualTo(tolerance);
            assertThat(xs.get(i)).as("element %d moved", i).isNotEqualTo((double) x.getFloat(i));
        }
    }

    /** A bias gradient: each column summed in double in both types, then rounded once to float32. */
    @Test
    void columnSumsInFloat32AreTheFloat64SumsRoundedOnce() {
        for (int cols : new int[] {10, DenseLoops.CHUNK + 3}) {
            int rows = 67;
            INDArray d = uniform(8, rows * cols, -1, 1);
            KernelVec out = KernelVec.allocate(DataType.FLOAT, 4 + cols);
            KernelVec outd = KernelVec.allocate(DataType.DOUBLE, 4 + cols);
            DenseLoops.columnSums(single(d), out, 4, rows, cols, new DenseLoops.Scratch());
            DenseLoops.columnSums(wide(d), outd, 4, rows, cols, new DenseLoops.Scratch());
            for (int j = 0; j < cols; j++) {
                double sum = 0;
                for (int i = 0; i < rows; i++) {
                    sum += d.getFloat(i * cols + j);
                }
                assertThat(outd.get(4 + j)).as("float64, column %d", j).isEqualTo(sum);
                assertThat(out.get(4 + j)).as("float32, %d columns, column %d", cols, j).isEqualTo((double) (float) sum);
            }
            assertThat(out.get(0)).as("before the offset untouched").isZero();
        }
    }
}
