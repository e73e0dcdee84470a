package org.pc4j.app.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

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

    /**
     * Takes a screenshot of {@code page} and counts its dark pixels (every second row and column; red + green + blue
     * below 200): text, chart lines and dark image tiles, so that a blank page counts 0.
     */
    public static long darkPixels(Path tmp, Path page, String windowSize) throws Exception {
        Path shot = Files.createTempFile(tmp, "screenshot", ".png");
        run(tmp, "--screenshot=" + shot, "--window-size=" + windowSize, page.toUri().toString());
        BufferedImage img = ImageIO.read(shot.toFile());
        long dark = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y);
                if (((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff) < 200) {
                    dark++;
                }
            }
        }
        return dark;
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
