package org.pc4j.app.report;

import java.util.List;

/**
 * A table of a report page, as the text of its cells (the template escapes them).
 *
 * @param id     the table's element id
 * @param header the column names
 * @param rows   the rows, each as long as the header
 */
public record Table(String id, List<String> header, List<List<String>> rows) {

    public Table {
        header = List.copyOf(header);
        rows = rows.stream().map(List::copyOf).toList();
        for (List<String> r : rows) {
            if (r.size() != header.size()) {
                throw new IllegalArgumentException("table " + id + ": a row of " + r.size() + " cells under " + header.size() + " columns");
            }
        }
    }
}
