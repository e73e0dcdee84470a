package org.pc4j.app.report;

import java.util.List;
import java.util.Objects;

/**
 * A report page as data, rendered by {@link ReportPage} through one Mustache template (every value HTML-escaped):
 * a heading, facts, then sections of paragraphs, tables, charts (drawn by uPlot from the report's JSON) and image
 * grids.
 *
 * @param title    the browser title
 * @param heading  the page's heading
 * @param intro    paragraphs under the heading
 * @param command  the command line that made the report (shown as code), or null
 * @param facts    name and value pairs (model, data, machine, ...)
 * @param sections the sections, in order
 */
public record Page(String title, String heading, List<String> intro, String command, List<Fact> facts, List<Section> sections) {

    public Page {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(heading, "heading");
        intro = List.copyOf(intro);
        facts = List.copyOf(facts);
        sections = List.copyOf(sections);
    }

    /** @return true if the page lists facts (for the template) */
    public boolean hasFacts() {
        return !facts.isEmpty();
    }

    /** @return every chart of the page, in order */
    public List<Chart> charts() {
        return sections.stream().flatMap(s -> s.charts().stream()).toList();
    }

    /**
     * One fact.
     *
     * @param name  what it is
     * @param value its value
     */
    public record Fact(String name, String value) {
    }

    /**
     * One section.
     *
     * @param heading    its heading
     * @param paragraphs text before its content
     * @param tables     tables
     * @param charts     charts, side by side
     * @param grids      image grids
     */
    public record Section(String heading, List<String> paragraphs, List<Table> tables, List<Chart> charts, List<ImageGrid> grids) {
        public Section {
            Objects.requireNonNull(heading, "heading");
            paragraphs = List.copyOf(paragraphs);
            tables = List.copyOf(tables);
            charts = List.copyOf(charts);
            grids = List.copyOf(grids);
        }

        /** @return true if the section has charts (for the template) */
        public boolean hasCharts() {
            return !charts.isEmpty();
        }

        /** @return a section of paragraphs and tables only */
        public static Section of(String heading, List<String> paragraphs, List<Table> tables) {
            return new Section(heading, paragraphs, tables, List.of(), List.of());
        }
    }
}
