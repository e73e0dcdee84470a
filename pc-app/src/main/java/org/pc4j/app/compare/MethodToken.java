package org.pc4j.app.compare;

import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * One method as written on the command line, before it is resolved against a model ({@link MethodSpec#resolve}):
 * {@code bp}, {@code zil}, or {@code pc}, {@code ipc}, {@code fazil} with an optional step count or window
 * ({@code pc:20}), and for PC and iPC an optional convergence tolerance after a tilde ({@code pc:50~1e-3}: adaptive
 * inference, {@code Schedule.pc(50).untilConverged(1e-3)}). picocli splits {@code --methods} at commas and reads each
 * item with {@link Converter}.
 *
 * @param kind      one of {@link #KINDS}
 * @param steps     the number after the colon, or null
 * @param tolerance the number after the tilde, or null
 */
public record MethodToken(String kind, Integer steps, Double tolerance) {

    /** A method without a convergence tolerance. */
    public MethodToken(String kind, Integer steps) {
        this(kind, steps, null);
    }

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
        if (tolerance != null && !(kind.equals("pc") || kind.equals("ipc"))) {
            throw new IllegalArgumentException("only pc and ipc stop at convergence ('~tol'), not " + kind);
        }
        if (tolerance != null && !(tolerance > 0 && tolerance < 1)) {
            throw new IllegalArgumentException("a convergence tolerance ('~tol') must be in (0, 1), got " + tolerance);
        }
    }

    /**
     * @return the method {@code text} names ({@code "ipc:5"}), case and surrounding spaces ignored
     * @throws IllegalArgumentException if it names no method or its number is not a whole number >= 1
     */
    public static MethodToken parse(String text) {
        String token = text.trim().toLowerCase(Locale.ROOT);
        Double tol = null;
        int tilde = token.indexOf('~');
        String head = tilde < 0 ? token : token.substring(0, tilde);
        if (tilde >= 0) {
            try {
                tol = Double.parseDouble(token.substring(tilde + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("method '" + token + "' needs a number after '~', e.g. pc:50~1e-3");
            }
        }
        String[] parts = head.split(":", 2);
        if (parts.length == 1) {
            return new MethodToken(parts[0], null, tol);
        }
        try {
            return new MethodToken(parts[0], Integer.parseInt(parts[1]), tol);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("method '" + token + "' needs a whole number after ':', e.g. pc:20");
        }
    }

    @Override
    public String toString() {
        return (steps == null ? kind : kind + ":" + steps) + (tolerance == null ? "" : "~" + tolerance);
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
