package org.pc4j.zoo.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pc4j.trainers.Schedule;

/** Method lists: names, the models' recommended settings, and the depth rule. */
class MethodSpecTest {

    @Test
    void defaultsComeFromTheModelsRecipe() {
        List<MethodSpec> m = MethodSpec.parse("bp, pc, ipc, zil, fazil", ModelKind.VAE, null, new MethodSpec.StepsNeeded(7, 8));
        assertThat(m).extracting(MethodSpec::name).containsExactly("bp", "pc(32)", "ipc(8)", "zil", "faZil(4)");
        assertThat(m.get(0).isBackprop()).isTrue();
        assertThat(m.get(1).inferenceRate()).isEqualTo(0.05); // Vae.recommended: [000] App. E.2
        assertThat(m.get(3).inferenceRate()).isEqualTo(1.0);
    }

    @Test
    void defaultStepsAreRaisedToReachEveryLayer() {
        // SmallBert's causal iPC recipe has T = 4; a graph of 16 levels needs 16 iPC steps and 15 PC steps
        List<MethodSpec> m = MethodSpec.parse("pc,ipc", ModelKind.BERT_CLM, null, new MethodSpec.StepsNeeded(15, 16));
        assertThat(m.get(0).schedule()).isEqualTo(Schedule.pc(15));
        assertThat(m.get(1).schedule()).isEqualTo(Schedule.ipc(16));
    }

    @Test
    void explicitStepsAndRateAreKept() {
        List<MethodSpec> m = MethodSpec.parse("pc:25,ipc:3", ModelKind.MLP, 0.3, new MethodSpec.StepsNeeded(2, 3));
        assertThat(m.get(0).schedule()).isEqualTo(Schedule.pc(25));
        assertThat(m.get(1).schedule()).isEqualTo(Schedule.ipc(3));
        assertThat(m).allSatisfy(s -> assertThat(s.inferenceRate()).isEqualTo(0.3));
    }

    @Test
    void explicitStepsBelowTheDepthAreRejected() {
        assertThat(MethodSpec.parse("pc:2", ModelKind.MLP, null, new MethodSpec.StepsNeeded(2, 3))).hasSize(1); // levels 0..2: T = 2 reaches level 2
        assertThatThrownBy(() -> MethodSpec.parse("pc:1", ModelKind.MLP, null, new MethodSpec.StepsNeeded(2, 3))).hasMessageContaining("use pc:2");
        assertThatThrownBy(() -> MethodSpec.parse("ipc:2", ModelKind.MLP, null, new MethodSpec.StepsNeeded(2, 3))).hasMessageContaining("use ipc:3");
    }

    @Test
    void badRatesAndEmptyListsAreRejected() {
        assertThatThrownBy(() -> MethodSpec.parse("pc", ModelKind.MLP, -1.0, new MethodSpec.StepsNeeded(2, 3))).hasMessageContaining("inference rate");
        assertThatThrownBy(() -> MethodSpec.parse(" , ", ModelKind.MLP, null, new MethodSpec.StepsNeeded(2, 3))).hasMessageContaining("no method");
        assertThatThrownBy(() -> MethodSpec.parse("pc:0", ModelKind.MLP, null, new MethodSpec.StepsNeeded(2, 3))).hasMessageContaining(">= 1");
    }
}
