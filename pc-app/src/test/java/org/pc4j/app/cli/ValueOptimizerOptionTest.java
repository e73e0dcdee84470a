package org.pc4j.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.pc4j.trainers.ValueOptimizer;

class ValueOptimizerOptionTest {

    @Test
    void parsesEveryFormAndNamesThemWhenRefusing() {
        assertThat(ValueOptimizerOption.parse("gd")).isEqualTo(ValueOptimizer.gradientDescent());
        assertThat(ValueOptimizerOption.parse(" SGD ")).isEqualTo(ValueOptimizer.gradientDescent());
        assertThat(ValueOptimizerOption.parse("momentum")).isEqualTo(ValueOptimizer.momentum(0.9));
        assertThat(ValueOptimizerOption.parse("momentum:0.5")).isEqualTo(ValueOptimizer.momentum(0.5));
        assertThat(ValueOptimizerOption.parse("Nesterov")).isEqualTo(ValueOptimizer.nesterov());
        assertThat(ValueOptimizerOption.parse("adam")).isEqualTo(ValueOptimizer.adam());
        assertThatThrownBy(() -> ValueOptimizerOption.parse("lbfgs")).hasMessageContaining("--recall-optimizer")
                .hasMessageContaining("gd, momentum, momentum:BETA, nesterov or adam");
        assertThatThrownBy(() -> ValueOptimizerOption.parse("momentum:x")).hasMessageContaining("momentum:BETA needs a number");
        assertThatThrownBy(() -> ValueOptimizerOption.parse("momentum:1")).hasMessageContaining("[0, 1)");
    }
}
