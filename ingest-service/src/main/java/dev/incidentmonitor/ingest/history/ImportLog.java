package dev.incidentmonitor.ingest.history;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the problems (skipped rows) and warnings (fallbacks) of one import. */
final class ImportLog {

    private static final Comparator<RowProblem> FILE_ORDER =
            Comparator.comparing(RowProblem::file).thenComparingLong(RowProblem::line);

    private final List<RowProblem> problems = new ArrayList<>();
    private final List<RowProblem> warnings = new ArrayList<>();

    void problem(final Path file, final long line, final String message) {
        problems.add(new RowProblem(file, line, message));
    }

    void warning(final Path file, final long line, final String message) {
        warnings.add(new RowProblem(file, line, message));
    }

    /** Problems in file order, then line order (stable, so one line's problems keep the order they were found). */
    List<RowProblem> problems() {
        return problems.stream().sorted(FILE_ORDER).toList();
    }

    /** Warnings in file order, then line order. */
    List<RowProblem> warnings() {
        return warnings.stream().sorted(FILE_ORDER).toList();
    }
}
