package org.pc4j.app.graph;

import java.util.Locale;

/**
 * A {@code pc4j graph} query: {@code classify} (condition the pixels, read the label), {@code generate} (condition the
 * label, read the pixels), {@code complete:P} (condition the top fraction P of the image's rows, read the rest) or
 * {@code denoise:V} (initialise the pixels at the image plus Gaussian noise of variance V, as the thesis' §5.6 with
 * V = 0.5, and let them move).
 *
 * @param kind     which query
 * @param fraction P or V (0 for classify and generate)
 */
public record GraphQueryKind(Kind kind, double fraction) {

    /** The kinds. */
    public enum Kind { CLASSIFY, GENERATE, COMPLETE, DENOISE }

    public GraphQueryKind {
        if (kind == Kind.COMPLETE && !(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("complete:P keeps a fraction P of the rows, 0 < P < 1; got " + fraction);
        }
        if (kind == Kind.DENOISE && (!(fraction > 0) || Double.isInfinite(fraction))) {
            throw new IllegalArgumentException("denoise:V adds noise of variance V > 0; got " + fraction);
        }
    }

    /** @return the query of {@code classify}, {@code generate}, {@code complete:P} or {@code denoise:V} */
    public static GraphQueryKind parse(String token) {
        String t = token.trim().toLowerCase(Locale.ROOT);
        if (t.equals("classify")) {
            return new GraphQueryKind(Kind.CLASSIFY, 0);
        }
        if (t.equals("generate")) {
            return new GraphQueryKind(Kind.GENERATE, 0);
        }
        String[] parts = t.split(":", 2);
        if (parts.length == 2 && (parts[0].equals("complete") || parts[0].equals("denoise"))) {
            double v;
            try {
                v = Double.parseDouble(parts[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + token + "': the number after ':' is not a number");
            }
            return new GraphQueryKind(parts[0].equals("complete") ? Kind.COMPLETE : Kind.DENOISE, v);
        }
        throw new IllegalArgumentException("unknown query '" + token + "': use classify, generate, complete:P or denoise:V");
    }

    @Override
    public String toString() {
        return switch (kind) {
            case CLASSIFY -> "classify";
            case GENERATE -> "generate";
            case COMPLETE -> "complete:" + fraction;
            case DENOISE -> "denoise:" + fraction;
        };
    }
}
