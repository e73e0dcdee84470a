package org.pc4j.zoo.compare;

import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * One method as written on the command line, before it is resolved against a model ({@link MethodSpec#resolve}):
 * {@code bp}, {@code zil}, or {@code pc}, {@code ipc}, {@code fazil} with an optional step count or window
 * ({@code pc:20}). picocli splits {@code --methods} at commas and reads each item with {@link Converter}.
 *
 * @param kind  one of {@link #KINDS}
 * @param steps the number after the colon, or null
 */
public record MethodToken(String kind, Integer steps) {

    /** The method names. */
    public static final List<String> KINDS = List.of("bp", "pc", "ipc", "zil", "fazil");

    public MethodToken {
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("unknown method '" + kind + "': use " + String.join(", ", KINDS)
                    + " (pc, ipc and fazil take a number: pc:20, ipc:5, fazil:4)");
        }
        if (steps != null && steps < 1) {
            throw new IllegalArgumentException("method '" + kind + ":" + steps + "' needs a number >= 1");
        }
        if (steps != null && (kind.equals("bp") || kind.equals("zil"))) {
            throw new IllegalArgumentException("method '" + kind + ":" + steps + "' takes no number");
        }
    }

    /**
     * @return the method {@code text} names ({@code "ipc:5"}), case and surrounding spaces ignored
     * @throws IllegalArgumentException if it names no method or its number is not a whole number >= 1
     */
    public static MethodToken parse(String text) {
        String token = text.trim().toLowerCase(Locale.ROOT);
        String[] parts = token.split(":", 2);
        if (parts.length == 1) {
            return new MethodToken(parts[0], null);
        }
        try {
            return new MethodToken(parts[0], Integer.parseInt(parts[1]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("method '" + token + "' needs a whole number after ':', e.g. pc:20");
        }
    }

    @Override
    public String toString() {
        return steps == null ? kind : kind + ":" + steps;
    }

    /** picocli's converter for one item of {@code --methods}. */
    public static final class Converter implements ITypeConverter<MethodToken> {
        @Override
        public MethodToken convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
