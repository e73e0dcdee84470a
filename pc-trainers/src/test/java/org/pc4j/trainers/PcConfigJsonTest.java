package org.pc4j.trainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.junit.jupiter.api.Test;
import org.pc4j.layers.energy.CategoricalEnergy;
import org.pc4j.layers.energy.Energy;
import org.pc4j.layers.energy.GaussianEnergy;
import org.pc4j.layers.energy.GaussianVarianceEnergy;
import org.pc4j.layers.energy.PrecisionWeightedEnergy;
import org.pc4j.trainers.testing.NoJsonEnergy;

/**
 * A trainer's recipe written as JSON and read back is the same recipe: every schedule, value start, optimiser, energy
 * kind, workspace mode and an infinite divergence factor; the JSON names types logically (no Java class names); bad
 * JSON is refused naming the field.
 */
class PcConfigJsonTest {

    private static PcConfig config(Schedule s, ValueInit init, double factor, WorkspaceMode mode, NodeEnergies e, boolean control,
                                   ValueOptimizer o) {
        return new PcConfig(s, 0.05, init, factor, mode, e, control, o);
    }

    @Test
    void everyRecipeMadeOfSingletonEnergiesReadsBackEqual() {
        NodeEnergies some = NodeEnergies.defaults().with("layer1", CategoricalEnergy.INSTANCE).with("mu", GaussianVarianceEnergy.INSTANCE)
                .with("z", GaussianEnergy.INSTANCE);
        List<PcConfig> recipes = List.of(
                config(Schedule.pc(20), ValueInit.forwardPass(), 100, WorkspaceMode.ENABLED, NodeEnergies.defaults(), true,
                        ValueOptimizer.gradientDescent()),
                config(Schedule.pc(7).untilConverged(1e-4), ValueInit.perturbed(0.3, -42L), Double.POSITIVE_INFINITY, WorkspaceMode.NONE,
                        some, false, ValueOptimizer.momentum(0.5)),
                config(Schedule.ipc(5).untilConverged(0.25), ValueInit.perturbed(0, Long.MAX_VALUE), 1.5, WorkspaceMode.ENABLED,
                        new NodeEnergies(false, java.util.Map.of()), true, new ValueOptimizer.Adam(0.8, 0.99, 1e-6)),
                config(Schedule.pc(20), ValueInit.zero(), 100, WorkspaceMode.ENABLED, NodeEnergies.defaults(), true,
                        ValueOptimizer.gradientDescent()),
                config(Schedule.pc(9), ValueInit.zero(), 100, WorkspaceMode.ENABLED, NodeEnergies.defaults(), true,
                        ValueOptimizer.nesterov()),
                new PcConfig(Schedule.zil(), 1.0, ValueInit.forwardPass(), 1e3, WorkspaceMode.ENABLED),
                new PcConfig(Schedule.zil().withoutLevelling(), 0.5, ValueInit.forwardPass(), 1e3, WorkspaceMode.NONE),
                new PcConfig(Schedule.faZil(4, 3), 1.0, ValueInit.forwardPass(), 2, WorkspaceMode.ENABLED));
        for (PcConfig c : recipes) {
            String json = c.toJson();
            assertThat(PcConfig.fromJson(json)).as(json).isEqualTo(c);
            assertThat(json).doesNotContain("org.pc4j").doesNotContain("@class");
        }
    }

    @Test
    void precisionWeightedEnergiesKeepTheirVariancesAndLearningRate() {
        PrecisionWeightedEnergy learned = PrecisionWeightedEnergy.of(new double[] {0.5, 2.0, 1e-3}, 0.1);
        PcConfig c = PcTrainer.builder().schedule(Schedule.pc(4)).energy("layer0", learned)
                .energy("layer1", PrecisionWeightedEnergy.fixedPrecision(4)).build().config();
        PcConfig back = PcConfig.fromJson(c.toJson());
        PrecisionWeightedEnergy e0 = (PrecisionWeightedEnergy) back.energies().overrides().get("layer0");
        PrecisionWeightedEnergy e1 = (PrecisionWeightedEnergy) back.energies().overrides().get("layer1");
        assertThat(e0.variances()).containsExactly(0.5, 2.0, 1e-3);
        assertThat(e0.learningRate()).isEqualTo(0.1);
        assertThat(e0.isLearnable()).isTrue();
        assertThat(e1.variances()).containsExactly(0.25);
        assertThat(e1.isLearnable()).isFalse();
        assertThat(back.toJson()).isEqualTo(c.toJson());
    }

    @Test
    void theJsonUsesLogicalTypeNames() {
        String json = PcTrainer.builder().schedule(Schedule.faZil(4)).build().config().toJson();
        assertThat(json).contains("\"format\" : \"pc4j-config\"").contains("\"type\" : \"faZil\"").contains("\"window\" : 4")
                .contains("\"type\" : \"forwardPass\"").contains("\"type\" : \"gradientDescent\"");
    }

    @Test
    void aBuilderFromAConfigMakesTheSameTrainerAndItsSettersChangeSingleValues() {
        PcConfig c = config(Schedule.ipc(3), ValueInit.perturbed(0.1, 3), 50, WorkspaceMode.NONE, NodeEnergies.defaults(), false,
                ValueOptimizer.adam());
        assertThat(PcTrainer.builder().config(c).build().config()).isEqualTo(c);
        PcConfig changed = PcTrainer.builder().config(c).inferenceRate(0.2).build().config();
        assertThat(changed.inferenceRate()).isEqualTo(0.2);
        assertThat(changed.schedule()).isEqualTo(c.schedule());
    }

    @Test
    void anEnergyOfTheUsersOwnClassIsRefusedNamingTheNode() {
        Energy custom = new NoJsonEnergy();
        PcConfig c = PcTrainer.builder().schedule(Schedule.pc(4)).energy("hidden", custom).build().config();
        assertThatThrownBy(c::toJson).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'hidden'")
                .hasMessageContaining("no JSON form");
    }

    @Test
    void badJsonIsRefusedNamingTheField() {
        String good = PcTrainer.builder().schedule(Schedule.pc(20)).build().config().toJson();
        assertThat(PcConfig.fromJson(good).schedule()).isEqualTo(Schedule.pc(20));
        String[][] cases = {
                {"", "empty"},
                {"{not json", "not JSON"},
                {"[]", "must be an object"},
                {good.replace("\"pc4j-config\"", "\"dl4j\""), "format"},
                {good.replace("\"version\" : 1", "\"version\" : 2"), "version 2"},
                {good.replace("\"type\" : \"pc\"", "\"type\" : \"bp\""), "schedule.type"},
                {good.replace("\"valueSteps\" : 20", "\"valueSteps\" : 0"), "pc(T)"},
                {good.replace("\"valueSteps\" : 20", "\"valueSteps\" : 2.5"), "schedule.valueSteps must be an integer"},
                {good.replace("\"valueSteps\" : 20", "\"valueStep\" : 20"), "schedule.valueStep"},
                {good.replace("\"inferenceRate\" : 0.1", "\"inferenceRate\" : -1"), "inferenceRate"},
                {good.replace("\"inferenceRate\" : 0.1", "\"inferenceRate\" : \"fast\""), "inferenceRate must be a number"},
                {good.replace("\"inferenceRate\" : 0.1,", ""), "inferenceRate is missing"},
                {good.replace("\"workspaceMode\" : \"ENABLED\"", "\"workspaceMode\" : \"SINGLE\""), "workspaceMode"},
                {good.replace("\"automatic\" : true", "\"automatic\" : \"yes\""), "energies.automatic"},
                {good.replace("\"overrides\" : { }", "\"overrides\" : {\"l\" : {\"type\" : \"laplace\"}}"), "energies.overrides.l.type"},
                {good.replace("\"type\" : \"gradientDescent\"", "\"type\" : \"adam\""), "valueOptimizer.beta1 is missing"},
                {good.replaceFirst("\\{", "{\"extra\" : 1, "), "unknown field(s) [extra]"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> PcConfig.fromJson(c[0])).as(c[0]).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(c[1]);
        }
    }
}
