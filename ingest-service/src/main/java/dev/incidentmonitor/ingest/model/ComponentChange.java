package dev.incidentmonitor.ingest.model;

import dev.incidentmonitor.schema.ComponentStatus;
import java.util.Objects;

/**
 * A component named by an incident update, with the status change the update records where the page gives one.
 *
 * @param componentId the page's stable component id
 * @param name display name in that update
 * @param oldStatus status before the update, or {@code null} when not recorded
 * @param newStatus status after the update, or {@code null} when not recorded
 */
public record ComponentChange(String componentId, String name, ComponentStatus oldStatus, ComponentStatus newStatus) {
    public ComponentChange {
        Objects.requireNonNull(componentId, "componentId");
        Objects.requireNonNull(name, "name");
    }
}
