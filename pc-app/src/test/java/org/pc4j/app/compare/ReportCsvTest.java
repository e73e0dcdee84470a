package org.pc4j.app.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report's CSV files follow RFC 4180: a field is quoted only if it holds a comma, a quote or a line break. */
class ReportCsvTest {

    @Test
    void fieldsAreQuotedOnlyWhereRfc4180RequiresAndQuotesAreDoubled() throws IOException {
        String csv = Report.csv(List.of("method", "note"), List.of(
                List.of("pc(20)", "16.41%"),
                List.of("a,b", "say \"hi\""),
                List.of("two\nlines", "")));
        assertThat(csv).isEqualTo("method,note\n"
                + "pc(20),16.41%\n"
                + "\"a,b\",\"say \"\"hi\"\"\"\n"
                + "\"two\nlines\",\n");
    }
}
