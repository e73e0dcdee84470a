package org.pc4j.app.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pc4j.trainers.Schedule;

/** Method lists: names, the models' recommended settings, and the depth rule. */
class MethodSpecTest {

    /** The items picocli hands over for {@code --methods} (it splits at commas, the converter reads each). */
    private static List<MethodToken> tokens(String list) {
        return java.util.Arrays.stream(list.split(",")).map(MethodToken::parse).toList();
    }

    @Test
    void defaultsComeFromTheModelsRecipe() {
        List<MethodSpec> m = MethodSpec.resolve(tokens("bp, pc, ipc, zil, fazil"), ModelKind.VAE, null, new MethodSpec.StepsNeeded(7, 8));
        assertThat(m).extracting(MethodSpec::name).containsExactly("bp", "pc(32)", "ipc(8)", "zil", "faZil(4)");
        assertThat(m.get(0).isBackprop()).isTrue();
        assertThat(m.get(1).inferenceRate()).isEqualTo(0.05); // Vae.recommended: [000] App. E.2
        assertThat(m.get(3).inferenceRate()).isEqualTo(1.0);
    }

    @Test
    void defaultStepsAreRaisedToReachEveryLayer() {
        // SmallBert's causal iPC recipe has T = 4; a graph of 16 levels needs 16 iPC steps and 15 PC steps
        List<MethodSpec> m = MethodSpec.resolve(tokens("pc,ipc"), ModelKind.BERT_CLM, null, new MethodSpec.StepsNeeded(15, 16));
        assertThat(m.get(0).schedule()).isEqualTo(Schedule.pc(15));
        assertThat(m.get(1).schedule()).isEqualTo(Schedule.ipc(16));
    }

    @Test
    void explicitStepsAndRateAreKept() {
        List<MethodSpec> m = MethodSpec.resolve(tokens("pc:25,ipc:3"), ModelKind.MLP, 0.3, new MethodSpec.StepsNeeded(2, 3));
        assertThat(m.get(0).schedule()).isEqualTo(Schedule.pc(25));
        assertThat(m.get(1).schedule()).isEqualTo(Schedule.ipc(3));
        assertThat(m).allSatisfy(s -> assertThat(s.inferenceRate()).isEqualTo(0.3));
    }

    @Test
    void explicitStepsBelowTheDepthAreRejected() {
        assertThat(MethodSpec.resolve(tokens("pc:2"), ModelKind.MLP, null, new MethodSpec.StepsNeeded(2, 3))).hasSize(1); // levels 0..2: T = 2 reaches level 2
        assertThatThrownBy(() -> MethodSpec.resolve(tokens("pc:1"), ModelKind.MLP, null, new MethodSpec.StepsNeeded(2, 3))).hasMessageContaining("use pc:2");
        assertThatThrownBy(() -> MethodSpec.resolve(tokens("ipc:2"), ModelKind.MLP, null, new MethodSpec.StepsNeeded(2, 3))).hasMessageContaining("use ipc:3");
    }

    @Test
    void badRatesAndEmptyListsAreRejected() {
        assertThatThrownBy(() -> MethodSpec.resolve(tokens("pc"), ModelKind.MLP, -1.0, new MethodSpec.StepsNeeded(2, 3)))
                .hasMessageContaining("inference rate");
        assertThatThrownBy(() -> MethodSpec.resolve(List.of(), ModelKind.MLP, null, new MethodSpec.StepsNeeded(2, 3))).hasMessageContaining("no method");
        assertThatThrownBy(() -> MethodToken.parse("pc:0")).hasMessageContaining(">= 1");
    }

    @Test
    void tokensNameAKnownMethodWithAWholeNumberWhereOneIsTaken() {
        assertThat(MethodToken.parse(" IPC:5 ")).isEqualTo(new MethodToken("ipc", 5));
        assertThat(MethodToken.parse("bp")).isEqualTo(new MethodToken("bp", null));
        assertThatThrownBy(() -> MethodToken.parse("sgd")).hasMessageContaining("unknown method 'sgd'");
        assertThatThrownBy(() -> MethodToken.parse("pc:many")).hasMessageContaining("needs a whole number");
        assertThatThrownBy(() -> MethodToken.parse("zil:3")).hasMessageContaining("takes no number");
        assertThatThrownBy(() -> MethodToken.parse("")).hasMessageContaining("unknown method ''");
    }

    @Test
    void aTildeGivesPcAndIpcAConvergenceTolerance() {
        assertThat(MethodToken.parse("pc:50~1e-3")).isEqualTo(new MethodToken("pc", 50, 1e-3));
        List<MethodSpec> m = MethodSpec.resolve(tokens("pc:50~1e-3,ipc:5~0.01,pc:20"), ModelKind.MLP, null, new MethodSpec.StepsNeeded(2, 3));
        assertThat(m.get(0).schedule()).isEqualTo(org.pc4j.trainers.Schedule.pc(50).untilConverged(1e-3));
        assertThat(m.get(0).name()).isEqualTo("pc(50).untilConverged(0.001)");
        assertThat(m.get(1).schedule()).isEqualTo(org.pc4j.trainers.Schedule.ipc(5).untilConverged(0.01));
        assertThat(m.get(2).schedule()).isEqualTo(org.pc4j.trainers.Schedule.pc(20));
        assertThatThrownBy(() -> MethodToken.parse("zil~0.1")).hasMessageContaining("only pc and ipc");
        assertThatThrownBy(() -> MethodToken.parse("pc:20~2")).hasMessageContaining("in (0, 1)");
        assertThatThrownBy(() -> MethodToken.parse("pc:20~x")).hasMessageContaining("needs a number after '~'");
    }
}
