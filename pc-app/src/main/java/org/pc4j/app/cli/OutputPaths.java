package org.pc4j.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks where a command will write before it trains, so that a run is never lost to a path it cannot write: the
 * report folder or the CSV file must be creatable and writable (checked by creating, and deleting, a file in the
 * deepest folder of the path that exists). A problem is an {@link IllegalArgumentException}
 * naming the path and what is wrong (exit status 2).
 */
final class OutputPaths {

    private OutputPaths() {
    }

    /**
     * @param option the option's name, for the message
     * @return {@code dir}, which is an existing writable folder or can be created as one
     */
    static Path folder(String option, Path dir) {
        requireNonEmpty(option, dir);
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(option + " " + dir + " is an existing file, not a folder; give a folder");
        }
        requireWritableAncestor(option, dir);
        return dir;
    }

    /** @return {@code file}, which is a writable file or can be created as one */
    static Path file(String option, Path file) {
        requireNonEmpty(option, file);
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(option + " " + file + " is a folder; give a file name");
        }
        if (Files.exists(file) && !Files.isWritable(file)) {
            throw new IllegalArgumentException(option + " " + file + " exists and is not writable");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            requireWritableAncestor(option, parent);
        }
        return file;
    }

    private static void requireNonEmpty(String option, Path path) {
        if (path.toString().isBlank()) {
            throw new IllegalArgumentException(option + " needs a path, got an empty one");
        }
    }

    /** The deepest existing ancestor (or the path itself) must be a writable folder. */
    private static void requireWritableAncestor(String option, Path path) {
        Path p = path.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalArgumentException(option + " " + path + ": no part of it exists");
        }
        if (!Files.isDirectory(p)) {
            throw new IllegalArgumentException(option + " " + path + " lies under " + p + ", which is a file");
        }
        if (!Files.isWritable(p)) {
            throw new IllegalArgumentException(option + " " + path + ": " + p + " is not writable");
        }
        // "writable" is the permission bits' answer (root is told yes for /proc): create a file there to be sure
        try {
            Files.delete(Files.createTempFile(p, ".pc4j-write-check", ".tmp"));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(option + " " + path + ": no file can be created in " + p + " (" + e + ")");
        }
    }
}
