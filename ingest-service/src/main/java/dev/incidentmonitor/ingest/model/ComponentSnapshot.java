package dev.incidentmonitor.ingest.model;

import dev.incidentmonitor.schema.ComponentStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * One component (service) of a status page as one poll (or one import step) saw it.
 *
 * @param id the page's stable component id: identity, never the name
 * @param name display name at the time of the snapshot (after catalogue aliases)
 * @param groupName name of the group the component belongs to, or {@code null}
 * @param status current status
 * @param updatedAt the page's {@code updated_at} of the component, or {@code null} when the page has none
 */
public record ComponentSnapshot(String id, String name, String groupName, ComponentStatus status, Instant updatedAt) {
    public ComponentSnapshot {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
    }
}
