package dev.incidentmonitor.streams.report;

import dev.incidentmonitor.schema.ComponentStatusChange;
import java.time.Instant;
import java.util.Objects;

/**
 * One record of topic {@code component-status-changes} for an offline replay.
 *
 * @param key the record key, {@code <provider>:<component_id>}
 * @param value the change
 * @param timestamp the record timestamp: the change's event time
 */
public record ReplayChange(String key, ComponentStatusChange value, Instant timestamp) {

    public ReplayChange {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(timestamp, "timestamp");
    }
}
