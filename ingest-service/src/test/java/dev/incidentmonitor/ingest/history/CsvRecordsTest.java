package dev.incidentmonitor.ingest.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.incidentmonitor.ingest.history.CsvRecords.CsvRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordsTest {

    @Test
    void shouldCountLinesInsideQuotedFieldsWhenRecordsSpanSeveralLines() {
        final List<CsvRecord> records = CsvRecords.parse("a,b,c\n1,\"x\ny\r\nz\",3\n4,5,6\r\n\n7,\"\"\"q\"\", r\",9\n");

        assertThat(records)
                .extracting(CsvRecord::line, CsvRecord::fields, CsvRecord::error)
                .containsExactly(
                        tuple(1L, List.of("a", "b", "c"), null),
                        tuple(2L, List.of("1", "x\ny\r\nz", "3"), null),
                        tuple(5L, List.of("4", "5", "6"), null),
                        tuple(7L, List.of("7", "\"q\", r", "9"), null));
    }

    @Test
    void shouldKeepEmptyFieldsWhenCommasAreAdjacentOrTheLineEndsWithOne() {
        assertThat(CsvRecords.parse("a,,\"\",b,\n"))
                .singleElement()
                .extracting(CsvRecord::fields)
                .isEqualTo(List.of("a", "", "", "b", ""));
    }

    @Test
    void shouldReadTheLastRecordWhenTheFileLacksAFinalNewlineOrStartsWithABom() {
        assertThat(CsvRecords.parse("\uFEFFh1,h2\rv1,v2"))
                .extracting(CsvRecord::line, CsvRecord::fields)
                .containsExactly(tuple(1L, List.of("h1", "h2")), tuple(2L, List.of("v1", "v2")));
    }

    @Test
    void shouldFlagTheRecordAndGoOnWhenTextFollowsAClosingQuote() {
        assertThat(CsvRecords.parse("\"a\"x,b\nc,d\n"))
                .extracting(CsvRecord::line, CsvRecord::error)
                .containsExactly(tuple(1L, "unexpected text after the closing quote of field 1"), tuple(2L, null));
    }

    @Test
    void shouldFlagTheRecordAtItsFirstLineWhenAQuoteIsNeverClosed() {
        assertThat(CsvRecords.parse("h\nok\n\"open\nmore\nlines\n"))
                .extracting(CsvRecord::line, CsvRecord::error)
                .containsExactly(
                        tuple(1L, null),
                        tuple(2L, null),
                        tuple(3L, "unterminated quoted field (the rest of the file is unreadable)"));
    }
}
