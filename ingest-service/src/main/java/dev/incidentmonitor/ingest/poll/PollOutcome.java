package dev.incidentmonitor.ingest.poll;

import dev.incidentmonitor.ingest.model.PageSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one poll of one status page gave.
 *
 * <p>A poll is <em>up</em> ({@link #up()}) only when every request it made succeeded; it can still produce a
 * result when some did not (incident.io {@code /proxy} failed but the shim answered; {@code incidents.json}
 * timed out but the summary came through): those requests are in {@link #failedRequests()}. Warnings the parser
 * raised (schema drift, the shim fallback) are in the snapshot ({@link PageSnapshot#warnings()}): such a poll is
 * up-but-drifting, never an outage of the provider.
 */
public sealed interface PollOutcome {

    /**
     * The page was read and something differs from the last parsed poll.
     *
     * @param snapshot everything the poll saw; its warnings are the drift notes
     * @param failedRequests requests of this poll that failed although a snapshot could still be built
     */
    record Changed(PageSnapshot snapshot, List<SourceHealth> failedRequests) implements PollOutcome {
        public Changed {
            Objects.requireNonNull(snapshot, "snapshot");
            failedRequests = List.copyOf(failedRequests);
        }

        /** A poll whose every request succeeded. */
        public Changed(PageSnapshot snapshot) {
            this(snapshot, List.of());
        }

        @Override
        public String label() {
            return "changed";
        }
    }

    /**
     * Every body the poll would parse is the one parsed last time (304s, identical bytes, endpoints not due): the
     * poll skipped parsing, and the last {@link Changed} snapshot still stands.
     *
     * @param failedRequests requests of this poll that failed (their endpoints' cached bodies were used)
     */
    record Unchanged(List<SourceHealth> failedRequests) implements PollOutcome {
        public Unchanged {
            failedRequests = List.copyOf(failedRequests);
        }

        @Override
        public String label() {
            return "unchanged";
        }
    }

    /**
     * The page could not be read: no snapshot. A source-health problem, never an outage of the provider.
     *
     * @param health why
     */
    record Failed(SourceHealth health) implements PollOutcome {
        public Failed {
            Objects.requireNonNull(health, "health");
        }

        @Override
        public List<SourceHealth> failedRequests() {
            return List.of(health);
        }

        @Override
        public String label() {
            return health.kind().label();
        }
    }

    /** An unchanged poll whose every request succeeded. */
    static PollOutcome unchanged() {
        return new Unchanged(List.of());
    }

    /**
     * The {@code outcome} label of {@code incident_monitor_polls_total}: {@code changed}, {@code unchanged}, or the
     * failure kind in lowercase ({@code http_5xx}, {@code timeout}, ...).
     */
    String label();

    /** The requests of this poll that failed; for {@link Failed}, the one that decided it. */
    List<SourceHealth> failedRequests();

    /** True when every request of the poll succeeded ({@code incident_monitor_source_up}). */
    default boolean up() {
        return failedRequests().isEmpty();
    }

    /** True when the poll produced a result ({@link Changed} or {@link Unchanged}), even with failed requests. */
    default boolean succeeded() {
        return !(this instanceof Failed);
    }

    /**
     * The longest {@code Retry-After} any request of this poll was given: the page sits behind all its URLs, so
     * the next poll of the page waits at least this long.
     */
    default Optional<Duration> retryAfter() {
        return failedRequests().stream()
                .map(SourceHealth::retryAfter)
                .flatMap(Optional::stream)
                .max(Duration::compareTo);
    }
}
