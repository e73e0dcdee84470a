package org.pc4j.zoo.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where a data set's files are looked for, in this order: an explicit directory (then nowhere else), the data set's
 * environment variable, {@code $PC4J_DATA_DIR/<name>}, the system directories a package installs it in, and the
 * per-user cache {@code $XDG_CACHE_HOME/pc4j/<name>} (default {@code ~/.cache/pc4j/<name>}), which
 * {@code scripts/fetch-data.sh <name>} fills. A directory qualifies if it holds every required file, plain or
 * {@code .gz}. Nothing is ever downloaded from here.
 *
 * @param name        the data set's name, as {@code fetch-data.sh} knows it
 * @param envVariable the environment variable that may name its directory
 * @param systemDirs  directories a system package installs it in
 * @param files       the file names it needs (without {@code .gz})
 */
public record DataLocator(String name, String envVariable, List<Path> systemDirs, List<String> files) {

    /** The environment variable naming a directory with one subdirectory per data set. */
    public static final String DATA_DIR_VARIABLE = "PC4J_DATA_DIR";

    /**
     * @param explicit a directory the caller chose, or null to search
     * @param env      the environment (normally {@code System.getenv()})
     * @return the first directory that holds every file
     * @throws DataFileException listing every place looked in and how to get the data
     */
    public Path locate(Path explicit, Map<String, String> env) {
        List<Path> candidates = new ArrayList<>();
        if (explicit != null) {
            candidates.add(explicit);
        } else {
            String own = env.get(envVariable);
            if (own != null && !own.isBlank()) {
                candidates.add(Path.of(own));
            }
            String shared = env.get(DATA_DIR_VARIABLE);
            if (shared != null && !shared.isBlank()) {
                candidates.add(Path.of(shared, name));
            }
            candidates.addAll(systemDirs);
            candidates.add(cacheDir(env));
        }
        for (Path dir : candidates) {
            if (holdsAll(dir)) {
                return dir;
            }
        }
        StringBuilder where = new StringBuilder();
        for (Path dir : candidates) {
            where.append("\n  ").append(dir).append(Files.isDirectory(dir) ? " (exists, but lacks some of the files)" : " (no such directory)");
        }
        throw new DataFileException("The " + name + " data (" + String.join(", ", files) + ", plain or .gz) was not found. "
                + "Looked in:" + where + "\nGet it with: scripts/fetch-data.sh " + name
                + " (into " + cacheDir(env) + "), or point " + envVariable + " at a directory that holds it.");
    }

    /** @return the per-user cache directory of this data set. */
    public Path cacheDir(Map<String, String> env) {
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("pc4j").resolve(name);
    }

    /** @return the file {@code fileName} in {@code dir}, plain if present, else gzip-compressed. */
    public static Path file(Path dir, String fileName) {
        Path plain = dir.resolve(fileName);
        return Files.isRegularFile(plain) ? plain : dir.resolve(fileName + ".gz");
    }

    private boolean holdsAll(Path dir) {
        for (String f : files) {
            if (!Files.isRegularFile(file(dir, f))) {
                return false;
            }
        }
        return true;
    }
}
