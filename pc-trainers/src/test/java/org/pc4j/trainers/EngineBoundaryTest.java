package org.pc4j.trainers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The engine's packages stay closed: each public type in {@code org.pc4j.trainers.engine.*} is one another package of
 * the engine (or the API package) needs, listed here; a new one fails this test until it is justified and added. And no
 * code outside pc-trainers imports the engine: the zoo, the command line and the tests of other modules go through
 * the public API ({@link PcTrainer}, {@link PcSession}, {@link PcNetworks}).
 */
class EngineBoundaryTest {

    private static final Set<String> PUBLIC_ENGINE_TYPES = Set.of(
            "engine.TrainingSession",
            "engine.inference.Engine", "engine.inference.Preflight",
            "engine.memory.BufferPool", "engine.memory.DropoutMasks", "engine.memory.FrozenMaskDropout",
            "engine.memory.Scope", "engine.memory.StepMemory",
            "engine.network.BatchValidation", "engine.network.LayerPredictor", "engine.network.NetworkView",
            "engine.network.OutputPredictor", "engine.network.Predictor",
            "engine.network.TrainedNetwork");

    @Test
    void theEnginePackagesExportOnlyTheTypesTheirNeighboursNeed() throws Exception {
        Path classes = Path.of("target/classes/org/pc4j/trainers");
        Set<String> found = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classes.resolve("engine"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String rel = classes.relativize(p).toString().replace('/', '.').replaceAll("\\.class$", "");
                if (rel.matches(".*\\$\\d+.*") || rel.endsWith("package-info")) {
                    continue;
                }
                Class<?> c = Class.forName("org.pc4j.trainers." + rel, false, getClass().getClassLoader());
                if (Modifier.isPublic(c.getModifiers())) {
                    found.add(rel);
                }
            }
        }
        assertThat(found).isEqualTo(new TreeSet<>(PUBLIC_ENGINE_TYPES));
    }

    @Test
    void noOtherModuleImportsTheEngine() throws IOException {
        List<String> offenders = new java.util.ArrayList<>();
        for (String module : List.of("../pc-zoo/src", "../pc-app/src", "../pc-spark/src", "../integration-tests/src", "../examples")) {
            Path root = Path.of(module);
            if (!Files.exists(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    if (Files.readString(p).contains("org.pc4j.trainers.engine")) {
                        offenders.add(p.toString());
                    }
                }
            }
        }
        assertThat(Path.of("../pc-zoo/src")).exists();
        assertThat(Path.of("../pc-app/src")).exists();
        assertThat(offenders).isEmpty();
    }
}
