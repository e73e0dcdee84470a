package org.pc4j.app.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.pc4j.app.compare.ComparisonResult.MethodResult;

/**
 * The side-by-side table of a comparison, one row per method, as strings: the console prints it and the HTML
 * report shows the same cells, so what the run printed and what the report says cannot differ.
 *
 * @param header the column names
 * @param rows   one row per method
 */
public record ResultTable(List<String> header, List<List<String>> rows) {

    /**
     * @return the table of {@code result}; a comparison on a cluster has one more column, the megabytes
     *         (10^6 bytes) moved between driver and workers per round
     */
    public static ResultTable of(ComparisonResult result, Metric metric) {
        boolean cluster = result.cluster() != null;
        List<String> header = new ArrayList<>(List.of("method", metric.label(), "train loss", "s/epoch", "ms/update", "optimiser steps",
                "steps/batch", "peak MiB"));
        if (cluster) {
            header.add("MB/round");
        }
        header.add("note");
        List<List<String>> rows = new ArrayList<>();
        for (MethodResult m : result.methods()) {
            List<String> row = new ArrayList<>(List.of(m.method(), Comparison.format(metric, m.testMetric()), fixed(m.trainLoss(), 4),
                    fixed(m.secondsPerEpoch(), 2), fixed(m.msPerUpdate(), 2), Long.toString(m.optimiserSteps()), fixed(m.stepsPerBatch(), 1),
                    fixed(m.peakMemoryMb(), 0)));
            if (cluster) {
                row.add(fixed(m.bytesPerRound() / 1e6, 3));
            }
            row.add(m.stopped() == null ? "" : "stopped early: " + m.stopped());
            rows.add(List.copyOf(row));
        }
        return new ResultTable(List.copyOf(header), rows);
    }

    private static String fixed(double v, int digits) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    /** @return the table as aligned text columns */
    public String text() {
        int[] w = new int[header.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (List<String> r : all) {
            for (int i = 0; i < r.size(); i++) {
                w[i] = Math.max(w[i], r.get(i).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (List<String> r : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.size(); i++) {
                String cell = r.get(i);
                line.append(i == 0 || i == r.size() - 1 ? String.format("%-" + w[i] + "s", cell) : String.format("%" + w[i] + "s", cell));
                line.append(i < r.size() - 1 ? "  " : "");
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }
}
