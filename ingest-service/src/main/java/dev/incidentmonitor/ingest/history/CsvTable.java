package dev.incidentmonitor.ingest.history;

import dev.incidentmonitor.ingest.history.CsvRecords.CsvRecord;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A CSV file read as a header and data records, with the header's column positions. */
final class CsvTable {

    private final Map<String, Integer> columns;
    private final int width;
    private final List<CsvRecord> rows;

    private CsvTable(final Map<String, Integer> columns, final int width, final List<CsvRecord> rows) {
        this.columns = columns;
        this.width = width;
        this.rows = rows;
    }

    /**
     * Reads the header of {@code text}; reports a problem and returns {@code null} when there is none or it lacks
     * one of {@code required}.
     */
    static CsvTable read(final Path file, final String text, final List<String> required, final ImportLog log) {
        final List<CsvRecord> records = CsvRecords.parse(text);
        if (records.isEmpty()) {
            log.problem(file, 0, "empty file; skipped");
            return null;
        }
        final CsvRecord header = records.get(0);
        if (header.error() != null) {
            log.problem(file, header.line(), "unreadable header: " + header.error() + "; file skipped");
            return null;
        }
        final Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < header.fields().size(); i++) {
            columns.putIfAbsent(header.fields().get(i).strip(), i);
        }
        final List<String> missing =
                required.stream().filter(c -> !columns.containsKey(c)).toList();
        if (!missing.isEmpty()) {
            log.problem(file, header.line(), "header lacks column(s) " + missing + "; file skipped");
            return null;
        }
        return new CsvTable(columns, header.fields().size(), records.subList(1, records.size()));
    }

    List<CsvRecord> rows() {
        return rows;
    }

    /**
     * Why {@code row} cannot be read as a row of this table (malformed, or not as many fields as the header), or
     * {@code null} when it can.
     */
    String check(final CsvRecord row) {
        if (row.error() != null) {
            return row.error();
        }
        if (row.fields().size() != width) {
            return "expected " + width + " fields as in the header, found "
                    + row.fields().size();
        }
        return null;
    }

    /** The value of a column in a row, or {@code ""} when the header has no such column. */
    String get(final CsvRecord row, final String column) {
        final Integer index = columns.get(column);
        return index == null ? "" : row.fields().get(index);
    }
}
