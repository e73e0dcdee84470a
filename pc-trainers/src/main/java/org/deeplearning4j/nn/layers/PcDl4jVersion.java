package org.deeplearning4j.nn.layers;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Properties;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether pc4j's copies of DL4J internals may run. pc4j's classes in DL4J's packages ({@link PcLayerAccess}'s message,
 * forward and backprop paths with pc4j's im2col, {@code PcSameDiffAccess}'s correction of the doubled SameDiff
 * gradient) reproduce DL4J <b>{@value #SUPPORTED}</b> exactly, and were checked only against it. On any other DL4J
 * version, read from the {@code deeplearning4j-nn} jar that holds DL4J's classes, they step aside: every layer takes
 * DL4J's own {@code activate} and {@code backpropGradient}, and SameDiff layers keep DL4J's own gradients; a warning
 * says so once. The system property {@code pc4j.dl4jPath=dl4j} forces the same fallback on {@value #SUPPORTED} (to
 * compare, or to rule pc4j's copies out when hunting a discrepancy). Used only by pc4j; not part of DL4J.
 */
public final class PcDl4jVersion {

    /** The DL4J version pc4j's copies reproduce. */
    public static final String SUPPORTED = "1.0.0-M2.1";

    /** The system property that, set to {@code dl4j}, makes every layer take DL4J's own path. */
    public static final String PROPERTY = "pc4j.dl4jPath";

    private static final Logger log = LoggerFactory.getLogger(PcDl4jVersion.class);
    private static final String FOUND = read();
    private static final boolean MATCHES = supports(FOUND);

    static {
        if (!MATCHES) {
            log.warn("pc4j reproduces DL4J {} internals, but DL4J {} is on the class path: every layer takes DL4J's own forward "
                    + "and backprop (slower for dense and convolution layers under PC), and SameDiff layers keep DL4J's own "
                    + "gradients (M2.1's are twice the true ones). Use DL4J {} for pc4j's checked paths.", SUPPORTED, FOUND, SUPPORTED);
        }
    }

    private PcDl4jVersion() {
    }

    /** @return the DL4J version on the class path, as its {@code deeplearning4j-nn} jar states it; "unknown" if it does not */
    public static String found() {
        return FOUND;
    }

    /** @return true if {@code version} is the one pc4j's copies reproduce */
    public static boolean supports(String version) {
        return SUPPORTED.equals(version);
    }

    /**
     * @return true if pc4j's copies of DL4J internals may run: DL4J {@value #SUPPORTED} is on the class path and
     *         {@value #PROPERTY} is not {@code dl4j}
     */
    public static boolean copiesEnabled() {
        return MATCHES && !"dl4j".equals(System.getProperty(PROPERTY));
    }

    /** Reads the version from the Maven metadata beside DL4J's own classes (the jar that holds NeuralNetConfiguration). */
    private static String read() {
        URL own = NeuralNetConfiguration.class.getResource("NeuralNetConfiguration.class");
        String suffix = NeuralNetConfiguration.class.getName().replace('.', '/') + ".class";
        if (own == null || !own.toString().endsWith(suffix)) {
            return "unknown";
        }
        String root = own.toString().substring(0, own.toString().length() - suffix.length());
        try (InputStream in = new URL(root + "META-INF/maven/org.deeplearning4j/deeplearning4j-nn/pom.properties").openStream()) {
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
