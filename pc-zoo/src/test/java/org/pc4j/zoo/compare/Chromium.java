package org.pc4j.zoo.compare;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where the test finds Chromium: {@code $PC4J_CHROMIUM}, or Debian's {@code chromium} on the PATH's usual places. */
final class Chromium {

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
}
