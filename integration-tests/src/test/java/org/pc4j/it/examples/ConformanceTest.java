package org.pc4j.it.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pc4j.testkit.NdAssertions.assertBitIdentical;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
 * refuses it before any computation, with its reason, and changes nothing ({@link #HEAVY}: in the default run only the
 * exactness on two batches). The table of results is written to
 * {@code target/conformance-smoke.md} (and by {@link ConformanceLongerTest} to {@code target/conformance-longer.md}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConformanceTest {

    /**
     * The programs whose rows take longest on two cores: the centre-loss LeNet, the character LSTM and the AlphaGo Zero
     * residual network (their PC and iPC rows: 250 of the suite's 350 seconds), and UCISequenceClassification (an LSTM
     * over 45 batches, 30 seconds, whose PC and iPC rows are refusals of DL4J's Nadam, {@code NadamRefusalTest}). The
     * default run checks on them what must hold exactly, Z-IL and Fa-Z-IL against {@code net.fit} on their first two
     * batches; their full rows run in {@link ConformanceLongerTest} ({@code mvn -Pslow}).
     */
    static final Set<String> HEAVY = Set.of("GenerateTxtCharCompGraphModel", "DualResnetModel (AlphaGo Zero)", "CenterLossLeNetMNIST",
            "UCISequenceClassification");

    private final List<Outcome> outcomes = new ArrayList<>();

    Stream<Example> examples() {
        return programs(OfficialExamples.Cut.SMOKE).stream().filter(e -> !HEAVY.contains(e.name()));
    }

    Stream<Example> heavyExamples() {
        List<Example> heavy = programs(OfficialExamples.Cut.SMOKE).stream().filter(e -> HEAVY.contains(e.name())).toList();
        if (heavy.size() != HEAVY.size()) {
            throw new IllegalStateException("HEAVY names a program the suite does not have: " + HEAVY);
        }
        return heavy.stream();
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
        checkExactness(o);
        for (String m : List.of("pc", "ipc")) {
            Run r = o.run(m);
            if (r.refused() != null) {
                continue; // refused before any computation, with its reason (checked by the refusal tests)
            }
            if (ex.stops().containsKey(m)) {
                assertThat(r.stopped()).as("%s: %s stops in its first batch with advice", ex, m)
                        .isNotNull().contains("at iteration").contains(ex.stops().get(m));
                continue;
            }
            assertThat(r.stopped()).as("%s: %s stopped", ex, m).isNull();
            assertThat(o.improvement(m)).as("%s: %s (%s) improves the held-out metric by at least half of backprop's (%.4f)",
                    ex, m, r.settings(), o.improvement("bp")).isGreaterThanOrEqualTo(0.5 * o.improvement("bp"));
        }
        return o;
    }

    /** Z-IL bit-identical to {@code net.fit}; Fa-Z-IL(4) equal to it within 1e-10, or refused with its reason. */
    static void checkExactness(Outcome o) {
        Example ex = o.example();
        Run zil = o.run("zil");
        assertThat(zil.refused()).as("%s: Z-IL refused", ex).isNull();
        assertBitIdentical(String.format("%s: Z-IL is bit-identical to net.fit", ex), zil.params(), o.run("bp").params());
        Run fazil = o.run("fazil");
        if (fazil.refused() == null) {
            assertThat(o.relativeDifferenceToBackprop("fazil")).as("%s: Fa-Z-IL(4) equals net.fit", ex).isLessThanOrEqualTo(1e-10);
        } else {
            assertThat(fazil.refused()).as("%s: Fa-Z-IL's refusal gives its reason", ex).contains("Fa-Z-IL");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("heavyExamples")
    void onTheHeavyProgramsZilAndFaZilTrainExactlyAsNetFitOnTwoBatches(Example example) {
        Example twoBatches = new Example(example.name(), example.source(), example.changes(), example.network(),
                example.train().subList(0, 2), 1, example.test(), example.metric(), example.refusal(), example.stops());
        Outcome o = Conformance.run(twoBatches, List.of("bp", "zil", "fazil"));
        assertThat(o.run("bp").stopped()).as("%s: backprop", example).isNull();
        assertThat(o.run("bp").params().equalsWithEps(example.network().get().params(), 0))
                .as("%s: net.fit moves the parameters", example).isFalse();
        checkExactness(o);
    }

    /**
     * GenerateTxtCharCompGraphModel as the program has it, with truncated backprop through time of length 50: on one
     * segment Z-IL trains exactly as the program's {@code net.fit}; on sequences of two segments every schedule trains
     * (one update per segment, T per segment for iPC) and the parameters stay finite.
     */
    @org.junit.jupiter.api.Test
    void theCharacterModelTrainsWithTheProgramsTruncatedBptt() {
        java.util.function.Supplier<org.deeplearning4j.nn.graph.ComputationGraph> program = () -> {
            org.deeplearning4j.nn.conf.ComputationGraphConfiguration conf = new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder()
                    .seed(12345).l2(0.0001).updater(new org.nd4j.linalg.learning.config.Adam(0.005)).graphBuilder()
                    .addInputs("input")
                    .addLayer("first", new org.deeplearning4j.nn.conf.layers.LSTM.Builder().nIn(77).nOut(77).build(), "input")
                    .addLayer("outputLayer", new org.deeplearning4j.nn.conf.layers.RnnOutputLayer.Builder().nIn(77).nOut(77)
                            .activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build(), "first")
                    .setOutputs("outputLayer")
                    .backpropType(org.deeplearning4j.nn.conf.BackpropType.TruncatedBPTT).tBPTTForwardLength(50).tBPTTBackwardLength(50)
                    .build();
            org.deeplearning4j.nn.graph.ComputationGraph net = new org.deeplearning4j.nn.graph.ComputationGraph(conf);
            net.init();
            return net;
        };
        org.nd4j.linalg.dataset.DataSet segment = ExampleData.characterBatches(1, 4, 50, 0, 1).get(0);
        org.deeplearning4j.nn.graph.ComputationGraph zil = program.get();
        org.deeplearning4j.nn.graph.ComputationGraph bp = program.get();
        org.pc4j.trainers.PcTrainer.recommended(org.pc4j.trainers.Schedule.Kind.ZIL, zil).fit(zil, segment);
        bp.fit(segment);
        assertThat(zil.params().equalsWithEps(bp.params(), 0)).as("Z-IL = the program's net.fit, exactly").isTrue();

        org.nd4j.linalg.dataset.DataSet twoSegments = ExampleData.characterBatches(1, 4, 100, 0, 1).get(0);
        for (org.pc4j.trainers.Schedule.Kind kind : org.pc4j.trainers.Schedule.Kind.values()) {
            if (kind == org.pc4j.trainers.Schedule.Kind.FA_ZIL) {
                continue; // its one update per segment is Z-IL's (LayerCatalogue and zoo tests)
            }
            org.deeplearning4j.nn.graph.ComputationGraph net = program.get();
            org.nd4j.linalg.api.ndarray.INDArray before = net.params().dup();
            org.pc4j.trainers.PcTrainer trainer = org.pc4j.trainers.PcTrainer.recommended(kind, net);
            trainer.fit(net, twoSegments);
            int perSegment = trainer.config().schedule() instanceof org.pc4j.trainers.IpcSchedule i ? i.valueSteps() : 1;
            assertThat(net.getIterationCount()).as("%s: one batch of the schedule per segment", kind).isEqualTo(2 * perSegment);
            assertThat(net.params().equalsWithEps(before, 0)).as("%s learns", kind).isFalse();
            assertThat(Double.isFinite(net.params().sumNumber().doubleValue())).isTrue();
        }
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
