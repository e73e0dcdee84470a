package org.pc4j.it.examples;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link ConformanceTest} on four times the data and epochs ({@code mvn -Pslow}); writes target/conformance-longer.md. */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConformanceLongerTest {

    private final List<Conformance.Outcome> outcomes = new ArrayList<>();

    Stream<Example> examples() {
        return ConformanceTest.programs(OfficialExamples.Cut.LONGER).stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyScheduleTrainsTheProgramOrRefusesItUpFront(Example example) {
        Conformance.Outcome o = Conformance.run(example);
        outcomes.add(o);
        ConformanceTest.check(o);
    }

    @AfterAll
    void writeTable() throws IOException {
        ConformanceTest.write(outcomes, "conformance-longer.md");
    }
}
