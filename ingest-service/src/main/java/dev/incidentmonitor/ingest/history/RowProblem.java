package dev.incidentmonitor.ingest.history;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Something wrong with one place of an input file: a row that was skipped (in {@link ImportResult#problems()})
 * or one that was imported with a fallback (in {@link ImportResult#warnings()}).
 *
 * @param file the file
 * @param line 1-based line the CSV record starts on (line breaks inside quoted fields counted); 0 when the
 *     problem concerns the whole file
 * @param message what is wrong, and what was done about it
 */
public record RowProblem(Path file, long line, String message) {
    public RowProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }
}
