package org.pc4j.trainers.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link KernelVec} against its definition: a new vector is zeros; a stored value reads back rounded to the vector's
 * type (float32: the nearest float, float64: exactly); a vector over an ND4J array reads and writes that array's memory
 * (no copy); an index outside the vector is refused, not read from the memory next to it; a type other than FLOAT and
 * DOUBLE is refused; and its gemm equals ND4J's {@code mmul} for every combination of transposes (double: 1e-12
 * relative, float: 1e-5).
 */
class KernelVecTest {

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void aNewVectorIsZerosAndAStoredValueReadsBackRoundedToItsType(DataType type) {
        KernelVec v = KernelVec.allocate(type, 5);
        assertThat(v.length).isEqualTo(5);
        for (int i = 0; i < 5; i++) {
            assertThat(v.get(i)).isEqualTo(0.0);
        }
        v.put(3, 0.1);
        assertThat(v.get(3)).isEqualTo(type == DataType.FLOAT ? (double) 0.1f : 0.1);
        assertThat(v.get(2)).isEqualTo(0.0);
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void aVectorOverAnArrayReadsAndWritesTheArraysMemory(DataType type) {
        INDArray a = Nd4j.linspace(type, 1, 6, 1).reshape('c', 2, 3);
        KernelVec v = KernelVec.of(a);
        assertThat(v.length).isEqualTo(6);
        for (int i = 0; i < 6; i++) {
            assertThat(v.get(i)).isEqualTo(i + 1.0);
        }
        v.put(4, -2.5);
        assertThat(a.getDouble(1, 1)).isEqualTo(-2.5);
        a.putScalar(0, 2, 9.0);
        assertThat(v.get(2)).isEqualTo(9.0);
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void anIndexOutsideTheVectorIsRefused(DataType type) {
        KernelVec v = KernelVec.of(Nd4j.ones(type, 4));
        assertThatThrownBy(() -> v.get(4)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> v.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> v.put(4, 1.0)).isInstanceOf(IndexOutOfBoundsException.class);
        KernelVec own = KernelVec.allocate(type, 3);
        assertThatThrownBy(() -> own.put(3, 1.0)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @org.junit.jupiter.api.Test
    void onlyFloatAndDoubleAreHeld() {
        assertThatThrownBy(() -> KernelVec.allocate(DataType.HALF, 3)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HALF");
        assertThatThrownBy(() -> KernelVec.of(Nd4j.ones(DataType.INT, 3))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("INT");
        assertThat(KernelVec.allocate(DataType.FLOAT, 3)).hasToString("KernelVec[FLOAT, 3]");
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void gemmEqualsNd4jsProductForEveryTranspose(DataType type) {
        int m = 3;
        int n = 4;
        int k = 5;
        Nd4j.getRandom().setSeed(11);
        double tolerance = type == DataType.FLOAT ? 1e-5 : 1e-12;
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                INDArray a = Nd4j.randn(type, ta ? k : m, ta ? m : k).dup('c');
                INDArray b = Nd4j.randn(type, tb ? n : k, tb ? k : n).dup('c');
                INDArray expected = (ta ? a.transpose() : a).mmul(tb ? b.transpose() : b).muli(-0.5);
                INDArray c = Nd4j.create(type, new long[] {m, n}, 'c');
                KernelVec.gemm(ta, tb, m, n, k, -0.5, KernelVec.of(a), (int) a.size(1), KernelVec.of(b), (int) b.size(1), KernelVec.of(c), n);
                double scale = expected.norm2Number().doubleValue();
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        assertThat(c.getDouble(i, j)).as("ta %s tb %s (%d, %d)", ta, tb, i, j)
                                .isCloseTo(expected.getDouble(i, j), within(tolerance * scale));
                    }
                }
            }
        }
    }
}
