package org.pc4j.app.report;

import java.util.List;
import java.util.Objects;

/**
 * One chart of a report, as data: the page's script draws it with uPlot from the report's JSON. Values that are not
 * finite are gaps (JSON {@code null}).
 *
 * @param id         the figure's element id ({@code chart-<id>})
 * @param title      the caption
 * @param xLabel     the x axis' label
 * @param yLabel     the y axis' label
 * @param kind       {@link Kind#LINES} (series over a numeric x), {@link Kind#BARS} (one series over categories) or
 *                   {@link Kind#DOTS} (several series over categories, markers only)
 * @param logY       true for a logarithmic y axis
 * @param categories the x axis' category names for bars and dots (x is then 0, 1, ...); empty for lines
 * @param x          the x values, shared by every series
 * @param series     the series, each with one y per x
 */
public record Chart(String id, String title, String xLabel, String yLabel, Kind kind, boolean logY, List<String> categories,
                    double[] x, List<Series> series) {

    /** How a chart draws its series. */
    public enum Kind {
        /** Lines with markers over a numeric x. */
        LINES,
        /** One bar per category. */
        BARS,
        /** One marker per series and category. */
        DOTS,
        /**
         * Lines with markers over a numeric x where each series has its own x values ({@link #traces}): on the shared x
         * (their union) a series is NaN where it has no point, and its line joins its own points across those gaps.
         */
        TRACES
    }

    /**
     * One series with its own x values, for {@link #traces}.
     *
     * @param label its legend entry
     * @param x     its x values, finite
     * @param y     one value per x
     */
    public record Trace(String label, double[] x, double[] y) {
        public Trace {
            Objects.requireNonNull(label, "label");
            if (x.length != y.length) {
                throw new IllegalArgumentException("trace '" + label + "' has " + x.length + " x values and " + y.length + " y values");
            }
            for (double v : x) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("trace '" + label + "' has a non-finite x value: " + v);
                }
            }
        }
    }

    /**
     * One series.
     *
     * @param label its legend entry
     * @param y     one value per x (NaN for none)
     */
    public record Series(String label, double[] y) {
        public Series {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(y, "y");
        }
    }

    public Chart {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        categories = List.copyOf(categories);
        series = List.copyOf(series);
        for (Series s : series) {
            if (s.y().length != x.length) {
                throw new IllegalArgumentException("chart " + id + ": series '" + s.label() + "' has " + s.y().length + " values for "
                        + x.length + " x values");
            }
        }
        if (kind != Kind.LINES && kind != Kind.TRACES && categories.size() != x.length) {
            throw new IllegalArgumentException("chart " + id + ": " + categories.size() + " categories for " + x.length + " x values");
        }
    }

    /** @return a line chart over a numeric x */
    public static Chart lines(String id, String title, String xLabel, String yLabel, boolean logY, double[] x, List<Series> series) {
        return new Chart(id, title, xLabel, yLabel, Kind.LINES, logY, List.of(), x, series);
    }

    /**
     * @return a line chart of series with their own x values: the shared x is the sorted union of theirs, each series
     *         NaN at the others' x values, its line joining its own points
     */
    public static Chart traces(String id, String title, String xLabel, String yLabel, List<Trace> traces) {
        double[] x = traces.stream().flatMapToDouble(t -> java.util.Arrays.stream(t.x())).sorted().distinct().toArray();
        List<Series> series = new java.util.ArrayList<>();
        for (Trace t : traces) {
            double[] y = new double[x.length];
            java.util.Arrays.fill(y, Double.NaN);
            for (int i = 0; i < t.x().length; i++) {
                y[java.util.Arrays.binarySearch(x, t.x()[i])] = t.y()[i];
            }
            series.add(new Series(t.label(), y));
        }
        return new Chart(id, title, xLabel, yLabel, Kind.TRACES, false, List.of(), x, series);
    }

    /** @return a bar chart: one bar per category */
    public static Chart bars(String id, String title, String yLabel, List<String> categories, double[] values) {
        return new Chart(id, title, "", yLabel, Kind.BARS, false, categories, indices(categories.size()),
                List.of(new Series(yLabel, values)));
    }

    /** @return a dot chart: per category, one marker per series */
    public static Chart dots(String id, String title, String xLabel, String yLabel, List<String> categories, List<Series> series) {
        return new Chart(id, title, xLabel, yLabel, Kind.DOTS, false, categories, indices(categories.size()), series);
    }

    private static double[] indices(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
        }
        return x;
    }
}
