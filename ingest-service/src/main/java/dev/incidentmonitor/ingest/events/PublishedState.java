package dev.incidentmonitor.ingest.events;

import dev.incidentmonitor.schema.ComponentStatus;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * What was already published, as {@link ChangeDetector} consults it: a read-only view of the progress topic
 * (see {@link ProgressEntry}). {@link InMemoryPublishedState} is the implementation; a Kafka-backed store wraps it.
 */
public interface PublishedState {

    /** The {@code content_hash} the update was last published with, or empty when it never was. */
    Optional<String> updateHash(String provider, String incidentId, String updateId);

    /**
     * Digests of the component transitions the published version of the update carried (see {@link ContentHash}),
     * so that a correction re-emits only the transitions it changed.
     *
     * <p>The default knows none: a correction then re-emits every transition of the corrected update. That is safe,
     * because a consumer building a component timeline ignores a repeated status, only not minimal.
     */
    default Set<String> updateTransitions(final String provider, final String incidentId, final String updateId) {
        return Set.of();
    }

    /** The component's last POLLED status that was published, or empty when none was (first sighting). */
    Optional<ComponentStatus> componentStatus(String provider, String componentId);

    /** Whether the historical (imported) status change of the component at {@code eventTime} was published. */
    boolean historicalChangeSeen(String provider, String componentId, Instant eventTime);
}
