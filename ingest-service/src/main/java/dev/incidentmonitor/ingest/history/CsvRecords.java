package dev.incidentmonitor.ingest.history;

import java.util.ArrayList;
import java.util.List;

/**
 * A small RFC 4180 reader that keeps, for every record, the physical line it starts on.
 *
 * <p>Written by hand rather than taken from a CSV library because problems must be reported with the line a
 * record starts on, counting the line breaks inside quoted fields, and a malformed record (an unterminated
 * quote, text after a closing quote) must come back as a value so that the caller can report it and go on.
 * The study's files are comma-separated, quoted with {@code "}, with {@code ""} for a quote inside a quoted
 * field, and end lines with LF (CRLF and CR are accepted too). Blank lines are skipped, as Python's
 * {@code csv.DictReader} (which wrote the files) does.
 */
final class CsvRecords {

    /**
     * One record.
     *
     * @param line 1-based physical line the record starts on
     * @param fields the fields, unquoted
     * @param error why the record is malformed, or {@code null} when it is well formed
     */
    record CsvRecord(long line, List<String> fields, String error) {
        CsvRecord {
            fields = List.copyOf(fields);
        }
    }

    private CsvRecords() {}

    /**
     * Splits text into records. A record with text after a closing quote is returned with an {@code error}
     * and reading goes on at the next line break; an unterminated quote consumes the rest of the text, so it
     * is returned with an {@code error} as the last record.
     */
    static List<CsvRecord> parse(final String text) {
        final List<CsvRecord> records = new ArrayList<>();
        final int n = text.length();
        int pos = text.startsWith("\uFEFF") ? 1 : 0;
        long line = 1;
        while (pos < n) {
            final long recordLine = line;
            final List<String> fields = new ArrayList<>();
            final StringBuilder field = new StringBuilder();
            String error = null;
            boolean recordDone = false;
            boolean blank = true;
            while (!recordDone) {
                field.setLength(0);
                if (pos < n && text.charAt(pos) == '"') {
                    blank = false;
                    pos++;
                    boolean closed = false;
                    while (pos < n) {
                        final char c = text.charAt(pos);
                        if (c == '"') {
                            if (pos + 1 < n && text.charAt(pos + 1) == '"') {
                                field.append('"');
                                pos += 2;
                            } else {
                                pos++;
                                closed = true;
                                break;
                            }
                        } else {
                            if (c == '\n' || (c == '\r' && (pos + 1 >= n || text.charAt(pos + 1) != '\n'))) {
                                line++;
                            }
                            field.append(c);
                            pos++;
                        }
                    }
                    if (!closed) {
                        records.add(new CsvRecord(
                                recordLine, fields, "unterminated quoted field (the rest of the file is unreadable)"));
                        return records;
                    }
                    if (pos < n && text.charAt(pos) != ',' && text.charAt(pos) != '\n' && text.charAt(pos) != '\r') {
                        error = "unexpected text after the closing quote of field " + (fields.size() + 1);
                        while (pos < n && text.charAt(pos) != '\n' && text.charAt(pos) != '\r') {
                            pos++;
                        }
                    }
                } else {
                    final int start = pos;
                    while (pos < n) {
                        final char c = text.charAt(pos);
                        if (c == ',' || c == '\n' || c == '\r') {
                            break;
                        }
                        pos++;
                    }
                    field.append(text, start, pos);
                    if (pos > start) {
                        blank = false;
                    }
                }
                fields.add(field.toString());
                if (pos < n && text.charAt(pos) == ',') {
                    blank = false;
                    pos++;
                } else {
                    if (pos < n && text.charAt(pos) == '\r') {
                        pos++;
                    }
                    if (pos < n && text.charAt(pos) == '\n') {
                        pos++;
                    }
                    line++;
                    recordDone = true;
                }
            }
            if (!blank || error != null) {
                records.add(new CsvRecord(recordLine, fields, error));
            }
        }
        return records;
    }
}
