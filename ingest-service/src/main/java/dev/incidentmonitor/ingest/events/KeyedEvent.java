package dev.incidentmonitor.ingest.events;

import java.time.Instant;
import java.util.Objects;

/**
 * One event to publish, with its Kafka record key and record timestamp.
 *
 * @param key the record key ({@code <provider>:<incident_id>} or {@code <provider>:<component_id>})
 * @param value the Avro record
 * @param timestamp the record timestamp: the event time ({@code display_time} of an update, {@code event_time} of a
 *     component status change), whole milliseconds
 * @param <T> the Avro record type
 */
public record KeyedEvent<T>(String key, T value, Instant timestamp) {
    public KeyedEvent {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(timestamp, "timestamp");
    }
}
