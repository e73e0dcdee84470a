package org.pc4j.spark;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Spark standalone cluster on 127.0.0.1 for tests: Spark's own {@code Master} and {@code Worker} JVMs, started
 * from the spark-core jar on this test's classpath. A worker launches its executors from {@code SPARK_HOME/jars}, so
 * the cluster gets a {@code SPARK_HOME} whose {@code jars} folder links every jar of this classpath; the classpath's
 * folders (the compiled classes) go to the executors as {@code spark.executor.extraClassPath}.
 */
public final class StandaloneCluster implements AutoCloseable {

    private final Path home;
    private final List<Process> processes = new ArrayList<>();
    private final String masterUrl;
    private final String folders;

    public StandaloneCluster(Path work, int workers) {
        try {
            this.home = work.resolve("spark-home");
            Path jars = Files.createDirectories(home.resolve("jars"));
            List<String> dirs = new ArrayList<>();
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path p = Path.of(entry);
                if (Files.isDirectory(p)) {
                    dirs.add(p.toAbsolutePath().toString());
                } else if (entry.endsWith(".jar") && Files.exists(p)) {
                    Path link = jars.resolve(p.getFileName());
                    if (!Files.exists(link)) {
                        Files.createSymbolicLink(link, p.toAbsolutePath());
                    }
                }
            }
            this.folders = String.join(File.pathSeparator, dirs);
            int port = freePort();
            this.masterUrl = "spark://127.0.0.1:" + port;
            start(work.resolve("master.log"), "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                    Integer.toString(port), "--webui-port", Integer.toString(freePort()));
            waitFor(work.resolve("master.log"), "I have been elected leader", 1);
            for (int w = 0; w < workers; w++) {
                start(work.resolve("worker" + w + ".log"), "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "1",
                        "--memory", "1500m", "--webui-port", Integer.toString(freePort()), "--work-dir",
                        Files.createDirectories(work.resolve("worker" + w)).toString(), masterUrl);
            }
            waitFor(work.resolve("master.log"), "Registering worker", workers);
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** @return the master's URL, spark://127.0.0.1:PORT */
    public String masterUrl() {
        return masterUrl;
    }

    /** @return the classpath folders the executors need beside SPARK_HOME/jars */
    public String executorClassPath() {
        return folders;
    }

    private void start(Path log, String main, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
        command.addAll(SparkJavaOptions.JAVA_17);
        command.addAll(List.of("-cp", home.resolve("jars").toString() + File.separator + "*" + File.pathSeparator + folders, main));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_HOME", home.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.12");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        processes.add(pb.start());
    }

    private void waitFor(Path log, String line, int times) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            try {
                if (Files.exists(log) && Files.readString(log).split(java.util.regex.Pattern.quote(line), -1).length - 1 >= times) {
                    return;
                }
                for (Process p : processes) {
                    if (!p.isAlive()) {
                        throw new IllegalStateException("a Spark JVM exited (" + p.exitValue() + "): " + Files.readString(log));
                    }
                }
                Thread.sleep(200);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        try {
            throw new IllegalStateException("the Spark cluster did not start in 90 s; " + log + ": " + Files.readString(log));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
