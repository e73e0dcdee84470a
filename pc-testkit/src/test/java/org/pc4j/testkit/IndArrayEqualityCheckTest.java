package org.pc4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compiler check, run on small sources by javac with this module's classpath (ND4J, AssertJ, the plug-in). */
class IndArrayEqualityCheckTest {

    @TempDir
    Path out;

    private String compile(String body) throws IOException {
        String source = """
                import static org.assertj.core.api.Assertions.assertThat;
                import org.nd4j.linalg.api.ndarray.INDArray;
                import org.nd4j.linalg.factory.Nd4j;
                class Probe {
                    static INDArray make() { return Nd4j.zeros(2); }
                    void probe(INDArray a, INDArray b, INDArray[] many, double x) {
                %s
                    }
                }
                """.formatted(body);
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///Probe.java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        boolean ok = javac.getTask(diagnostics, null, null, List.of("-Xplugin:IndArrayEquality", "-proc:none", "-d", out.toString(),
                "-cp", System.getProperty("java.class.path")), null, List.of(file)).call();
        return ok ? "" : diagnostics.toString();
    }

    @Test
    void refusesAssertJsIsEqualToOnAnIndArrayEvenThroughDescriptionsAndHelpers() throws IOException {
        assertThat(compile("assertThat(a).isEqualTo(b);")).contains("AssertJ's isEqualTo on an INDArray").contains("assertBitIdentical");
        assertThat(compile("assertThat(a).as(\"w\").isNotEqualTo(b);")).contains("AssertJ's isNotEqualTo on an INDArray");
        assertThat(compile("assertThat(make()).describedAs(\"w\").isEqualTo(b);")).contains("isEqualTo on an INDArray");
        assertThat(compile("assertThat(many).isEqualTo(new INDArray[] {b});")).contains("isEqualTo on an INDArray");
    }

    @Test
    void refusesJunitsAssertEqualsOnAnIndArray() throws IOException {
        assertThat(compile("org.junit.jupiter.api.Assertions.assertEquals(a, b);")).contains("JUnit's assertEquals on an INDArray");
    }

    @Test
    void acceptsEqualityOnWhatIsNotAnIndArray() throws IOException {
        assertThat(compile("""
                assertThat(a.length()).isEqualTo(2L);
                assertThat(a.shape()).isEqualTo(new long[] {2});
                assertThat(a.getDouble(0)).isEqualTo(x);
                assertThat(a).isSameAs(b);
                assertThat(a.equalsWithEps(b, 0)).isTrue();
                org.junit.jupiter.api.Assertions.assertEquals(1, 1);
                """)).isEmpty();
    }
}
