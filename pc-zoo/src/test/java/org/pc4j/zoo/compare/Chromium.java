package org.pc4j.zoo.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Where the test finds Chromium: {@code $PC4J_CHROMIUM}, or Debian's {@code chromium} on the PATH's usual places. */
public final class Chromium {

    private Chromium() {
    }

    static String executable() {
        String own = System.getenv("PC4J_CHROMIUM");
        if (own != null && !own.isBlank()) {
            return own;
        }
        for (String p : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/local/bin/chromium",
                "/Applications/Chromium.app/Contents/MacOS/Chromium")) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        throw new AssertionError("Chromium is needed to check that the report renders: run scripts/install-chromium.sh "
                + "(Debian's chromium package) or set PC4J_CHROMIUM to a Chromium executable");
    }

    /** Runs headless Chromium on a local file; returns its standard output. */
    public static String run(Path tmp, String... args) throws Exception {
        String exe = executable();
        List<String> cmd = new ArrayList<>(List.of(exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createTempDirectory(tmp, "chromium")));
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile(tmp, "chromium", ".log");
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        assertThat(p.exitValue()).as("chromium's exit status; its log:\n%s", Files.readString(log)).isZero();
        return new String(out, StandardCharsets.UTF_8);
    }
}
