package org.pc4j.app.cli;

import java.util.Locale;
import org.pc4j.trainers.ValueOptimizer;
import picocli.CommandLine.ITypeConverter;

/**
 * The command line's form of a {@link ValueOptimizer} (a CLI concern, kept out of the core API): {@code gd} (or
 * {@code sgd}), {@code momentum} (beta 0.9), {@code momentum:BETA}, {@code nesterov} or {@code adam}.
 */
final class ValueOptimizerOption implements ITypeConverter<ValueOptimizer> {

    @Override
    public ValueOptimizer convert(String text) {
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.TypeConversionException(e.getMessage());
        }
    }

    /** @throws IllegalArgumentException naming the accepted forms */
    static ValueOptimizer parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("gd") || t.equals("sgd")) {
            return ValueOptimizer.gradientDescent();
        }
        if (t.equals("adam")) {
            return ValueOptimizer.adam();
        }
        if (t.equals("nesterov")) {
            return ValueOptimizer.nesterov();
        }
        if (t.equals("momentum")) {
            return ValueOptimizer.momentum(0.9);
        }
        if (t.startsWith("momentum:")) {
            try {
                return ValueOptimizer.momentum(Double.parseDouble(t.substring("momentum:".length())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("momentum:BETA needs a number, got '" + text + "'");
            }
        }
        throw new IllegalArgumentException("unknown --recall-optimizer '" + text + "': use gd, momentum, momentum:BETA, nesterov or adam");
    }
}
