package dev.incidentmonitor.ingest.model;

import dev.incidentmonitor.schema.IncidentStatus;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One update of an incident as the page shows it now.
 *
 * @param id the page's update id (for imported history: a deterministic id)
 * @param status the posted status
 * @param body text of the update, never {@code null} (empty when none)
 * @param displayAt the page's {@code display_at}, falling back to {@code created_at}: the event time
 * @param createdAt the page's {@code created_at}, or {@code null}
 * @param components components the update names, with old and new status where recorded
 */
public record UpdateSnapshot(
        String id,
        IncidentStatus status,
        String body,
        Instant displayAt,
        Instant createdAt,
        List<ComponentChange> components) {
    public UpdateSnapshot {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(displayAt, "displayAt");
        body = body == null ? "" : body;
        components = List.copyOf(components);
    }
}
