package dev.incidentmonitor.ingest.catalog;

import java.util.Objects;

/**
 * One thing wrong with a catalogue file, located so that an operator can go straight to it.
 *
 * <p>{@link #toString()} gives the one-line form {@code file:line:column: field.path: message}, which editors and
 * terminals turn into a link, e.g. {@code providers.yaml:12:5: providers[3].poll-interval: "fast" is not a
 * duration (use e.g. 30s, 2m or PT30S)}. Indexes in the path count from 0.
 *
 * @param source the file as it was named to the loader (or {@code classpath:providers.yaml})
 * @param line 1-based line, or 0 when the problem has no position (the file cannot be read)
 * @param column 1-based column, or 0 when the problem has no position
 * @param path the field, e.g. {@code providers[3].poll-interval}; empty for the file as a whole
 * @param message what is wrong and what would be accepted
 */
public record CatalogProblem(String source, int line, int column, String path, String message) {
    public CatalogProblem {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(source);
        if (line > 0) {
            out.append(':').append(line).append(':').append(column);
        }
        out.append(": ");
        if (!path.isEmpty()) {
            out.append(path).append(": ");
        }
        return out.append(message).toString();
    }
}
