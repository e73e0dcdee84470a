package org.pc4j.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.pc4j.zoo.data.DataSources;
import org.pc4j.zoo.data.ImageSet;

/**
 * pc4j against PyTorch written by hand, on the same initial parameters and batches: backprop, PC(20) and iPC(5) end
 * at the same test accuracy (to one test image in 500) in both PyTorch styles, which says the two sides run one
 * algorithm. Needs Debian's python3-torch ({@code scripts/install-torch.sh}); in the {@code slow} profile
 * ({@code mvn -Pslow test -pl pc-app -Dtest=TorchAgreementTest}).
 */
@Tag("slow")
class TorchAgreementTest {

    @Test
    void pc4jAndHandWrittenPyTorchReachTheSameAccuracyWithEveryMethod(@TempDir Path tmp) {
        TorchBench bench = new TorchBench(System.getProperty("pc4j.python", "/usr/bin/python3"), 20, 5, 0.1, 2);
        assertThat(bench.unavailable()).as("PyTorch is needed: scripts/install-torch.sh").isNull();
        ImageSet set = (ImageSet) DataSources.load("fashion-sample", null, 42);
        TorchBench.Result r = bench.run(TorchBench.Model.MLP, (DataSet) set.train().getRange(0, 640), set.test(), tmp);
        assertThat(r.rows()).hasSize(3);
        for (TorchBench.Row row : r.rows()) {
            assertThat(row.pc4jAccuracy()).as("%s learns (chance 0.1)", row.method()).isGreaterThan(0.3);
            assertThat(row.autogradAccuracy()).as("%s: PyTorch autograd vs pc4j", row.method()).isCloseTo(row.pc4jAccuracy(),
                    org.assertj.core.data.Offset.offset(0.0021));
            assertThat(row.manualAccuracy()).as("%s: PyTorch written out vs pc4j", row.method()).isCloseTo(row.pc4jAccuracy(),
                    org.assertj.core.data.Offset.offset(0.0021));
            assertThat(row.pc4jMs()).isPositive();
            assertThat(row.autogradMs()).isPositive();
        }
    }
}
