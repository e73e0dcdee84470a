package org.pc4j.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * The JVM options Spark 3.5 needs on Java 17 (the {@code --add-opens} flags of its launcher's
 * {@code JavaModuleOptions}): a driver started by hand needs them on its own command line, and executors in their own
 * JVMs need them in {@code spark.executor.extraJavaOptions}. The list is kept in one place, the
 * {@code spark.java17.options} property of pc4j's root pom, from which the build copies it into this jar.
 */
public final class SparkJavaOptions {

    private static final String RESOURCE = "java17.properties";

    /** The options, one per element: {@code --add-opens=java.base/java.lang=ALL-UNNAMED}, ... */
    public static final List<String> JAVA_17 = read();

    private SparkJavaOptions() {
    }

    /** @return {@link #JAVA_17} joined by spaces, as {@code spark.executor.extraJavaOptions} takes them */
    public static String line() {
        return String.join(" ", JAVA_17);
    }

    private static List<String> read() {
        try (InputStream in = SparkJavaOptions.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("pc-spark's jar lacks org/pc4j/spark/" + RESOURCE);
            }
            Properties p = new Properties();
            p.load(in);
            String options = p.getProperty("options", "").trim();
            if (options.isEmpty() || options.startsWith("${")) {
                throw new IllegalStateException("pc-spark's org/pc4j/spark/" + RESOURCE + " was not filled in by the build: " + options);
            }
            return List.copyOf(Arrays.asList(options.split("\\s+")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
