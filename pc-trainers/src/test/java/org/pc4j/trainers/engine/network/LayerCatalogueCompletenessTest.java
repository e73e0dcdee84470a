package org.pc4j.trainers.engine.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.junit.jupiter.api.Test;

/**
 * The layer catalogue (docs/layers.md) against DL4J itself: every concrete layer and graph-vertex configuration class in
 * DL4J 1.0.0-M2.1's {@code deeplearning4j-nn} jar has a row, and a row's word matches what pc4j does with the kind (a
 * <em>trained</em> layer has an adapter, a <em>refused</em> one has none; a <em>trained</em> vertex is one the engine
 * supports).
 */
class LayerCatalogueCompletenessTest {

    /** DL4J's SameDiff vertex configurations, trained through their runtime class. */
    private static final Set<String> SAME_DIFF_VERTICES = Set.of("AttentionVertex", "SameDiffVertex", "SameDiffLambdaVertex");

    /** @return every concrete (or SameDiff base) layer and vertex configuration class of DL4J's jar, by simple name */
    private static Map<String, Class<?>> dl4jKinds() throws Exception {
        File jar = new File(Layer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Map<String, Class<?>> kinds = new TreeMap<>();
        try (JarFile j = new JarFile(jar)) {
            Enumeration<JarEntry> entries = j.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                if (!name.startsWith("org/deeplearning4j/nn/conf/") || !name.endsWith(".class") || name.contains("$")) {
                    continue;
                }
                Class<?> c = Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), false,
                        LayerCatalogueCompletenessTest.class.getClassLoader());
                boolean kind = Layer.class.isAssignableFrom(c) || GraphVertex.class.isAssignableFrom(c);
                boolean userBase = c.getPackageName().endsWith(".samediff") && !c.getSimpleName().startsWith("Abstract");
                if (kind && (!Modifier.isAbstract(c.getModifiers()) || userBase) && !c.isInterface()) {
                    kinds.put(c.getSimpleName(), c);
                }
            }
        }
        return kinds;
    }

    /** @return the catalogue's rows: kind -> what pc4j does ("trained", "trained, true gradient", "refused") */
    private static Map<String, String> catalogue() throws Exception {
        Path doc = Path.of("..", "docs", "layers.md");
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(doc)) {
            if (line.startsWith("| `")) {
                String[] cells = line.split("\\|");
                String kind = cells[1].trim().replaceAll("`", "").replace(" (a user's subclass)", "");
                rows.put(kind, cells[2].trim());
            }
        }
        return rows;
    }

    @Test
    void everyDl4jLayerAndVertexKindHasARowThatSaysWhatPc4jDoes() throws Exception {
        Map<String, Class<?>> kinds = dl4jKinds();
        Map<String, String> rows = catalogue();
        assertThat(kinds).as("the scan finds DL4J's kinds").hasSizeGreaterThan(80);
        assertThat(rows.keySet()).as("every DL4J M2.1 kind is in docs/layers.md").containsAll(kinds.keySet());
        assertThat(kinds.keySet()).as("every row is a DL4J kind").containsAll(rows.keySet());

        Set<String> adapted = LayerAdapters.of(LayerAdapters.builtIns(), List.of()).keySet().stream().map(Class::getSimpleName)
                .collect(Collectors.toSet());
        Set<String> vertices = VertexSupport.SUPPORTED_VERTICES.stream().map(Class::getSimpleName).collect(Collectors.toSet());
        for (Map.Entry<String, String> row : rows.entrySet()) {
            Class<?> c = kinds.get(row.getKey());
            boolean trained = row.getValue().startsWith("trained");
            assertThat(trained || row.getValue().equals("refused")).as("%s: %s", row.getKey(), row.getValue()).isTrue();
            if (Layer.class.isAssignableFrom(c)) {
                boolean userBase = Modifier.isAbstract(c.getModifiers());
                assertThat(adapted.contains(row.getKey()) || userBase).as("%s is %s: has an adapter", row.getKey(), row.getValue())
                        .isEqualTo(trained);
            } else {
                boolean supported = vertices.contains(row.getKey()) || SAME_DIFF_VERTICES.contains(row.getKey())
                        || row.getKey().equals("LayerVertex");
                assertThat(supported).as("vertex %s is %s", row.getKey(), row.getValue()).isEqualTo(trained);
            }
        }
    }
}
