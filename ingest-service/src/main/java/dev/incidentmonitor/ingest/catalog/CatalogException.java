package dev.incidentmonitor.ingest.catalog;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The catalogue cannot be used. Unchecked because there is nothing to recover: the service must not start on a
 * catalogue it cannot read, and the caller's only job is to print the message and exit non-zero.
 *
 * <p>The message lists every problem found, one per line, in file order (see {@link CatalogProblem}), so an
 * operator fixes a file in one round rather than one error per restart.
 */
public final class CatalogException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<CatalogProblem> problems;

    public CatalogException(List<CatalogProblem> problems) {
        super(problems.stream().map(CatalogProblem::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a CatalogException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public CatalogException(CatalogProblem problem, Throwable cause) {
        super(problem.toString(), cause);
        this.problems = List.of(problem);
    }

    /** Every problem found, in file order. */
    public List<CatalogProblem> problems() {
        return problems;
    }
}
