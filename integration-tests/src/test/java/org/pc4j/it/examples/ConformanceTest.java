package org.pc4j.it.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pc4j.it.examples.Conformance.Outcome;
import org.pc4j.it.examples.Conformance.Run;

/**
 * The conformance suite: official DL4J example programs, ported with their networks and hyper-parameters, trained by
 * {@code net.fit} and by pc4j's schedules with the trainer's recommended settings. Every program either trains under
 * every schedule, with Z-IL bit-identical to backprop, Fa-Z-IL equal to it where pc4j accepts the network for Fa-Z-IL,
 * and PC and iPC improving the held-out metric by at least half of backprop's improvement on the same batches; or pc4j
 * refuses it before any computation, with its reason, and changes nothing. The table of results is written to
 * {@code target/conformance-smoke.md} (and by {@link ConformanceLongerTest} to {@code target/conformance-longer.md}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConformanceTest {

    private final List<Outcome> outcomes = new ArrayList<>();

    Stream<Example> examples() {
        return programs(OfficialExamples.Cut.SMOKE).stream();
    }

    static List<Example> programs(OfficialExamples.Cut cut) {
        List<Example> list = new ArrayList<>(OfficialExamples.all(cut));
        list.add(1, OfficialExamples.mnistDoubleLayerCorrectedNadam(cut));
        return list;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyScheduleTrainsTheProgramOrRefusesItUpFront(Example example) {
        Outcome o = Conformance.run(example);
        outcomes.add(o);
        check(o);
    }

    static Outcome check(Outcome o) {
        Example ex = o.example();
        Run bp = o.run("bp");
        assertThat(bp.stopped()).as("%s: backprop", ex).isNull();
        if (ex.refusal() != null) {
            for (String m : List.of("zil", "fazil", "pc", "ipc")) {
                assertThat(o.run(m).refused()).as("%s: %s refuses", ex, m).isNotNull().contains(ex.refusal());
                assertThat(o.run(m).changedOnRefusal()).as("%s: %s changed the network while refusing it", ex, m).isFalse();
            }
            return o;
        }
        assertThat(o.improvement("bp")).as("%s: backprop improves the held-out metric (the cut is too short otherwise)", ex)
                .isPositive();
        Run zil = o.run("zil");
        assertThat(zil.refused()).as("%s: Z-IL refused", ex).isNull();
        assertThat(zil.params()).as("%s: Z-IL is bit-identical to net.fit", ex).isEqualTo(bp.params());
        Run fazil = o.run("fazil");
        if (fazil.refused() == null) {
            assertThat(o.relativeDifferenceToBackprop("fazil")).as("%s: Fa-Z-IL(4) equals net.fit", ex).isLessThanOrEqualTo(1e-10);
        } else {
            assertThat(fazil.refused()).as("%s: Fa-Z-IL's refusal gives its reason", ex).contains("Fa-Z-IL");
        }
        for (String m : List.of("pc", "ipc")) {
            Run r = o.run(m);
            if (r.refused() != null) {
                continue; // refused before any computation, with its reason (checked by the refusal tests)
            }
            assertThat(r.stopped()).as("%s: %s stopped", ex, m).isNull();
            assertThat(o.improvement(m)).as("%s: %s (%s) improves the held-out metric by at least half of backprop's (%.4f)",
                    ex, m, r.settings(), o.improvement("bp")).isGreaterThanOrEqualTo(0.5 * o.improvement("bp"));
        }
        return o;
    }

    @AfterAll
    void writeTable() throws IOException {
        write(outcomes, "conformance-smoke.md");
    }

    static void write(List<Outcome> outcomes, String file) throws IOException {
        Path target = Path.of("target");
        Files.createDirectories(target);
        Files.writeString(target.resolve(file), Conformance.table(outcomes));
    }
}
