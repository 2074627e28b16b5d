package dev.incidentmonitor.streams.report;

import dev.incidentmonitor.schema.IncidentUpdate;
import java.time.Instant;
import java.util.Objects;

/**
 * One record of topic {@code incident-updates} as the ingest-service would publish it, for an offline replay. Its own
 * type rather than the ingest-service's, so that the streams-app does not depend on the ingest-service.
 *
 * @param key the record key, {@code <provider>:<incident_id>}
 * @param value the update
 * @param timestamp the record timestamp: the update's display time (event time)
 */
public record ReplayEvent(String key, IncidentUpdate value, Instant timestamp) {

    public ReplayEvent {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(timestamp, "timestamp");
    }
}
