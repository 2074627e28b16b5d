package dev.incidentmonitor.ingest.source;

import dev.incidentmonitor.schema.ComponentStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * One incident.io component impact window ({@code component_impacts[]} of a {@code /proxy} incident): the
 * component was in {@code status} from {@code startAt} until {@code endAt}. FORMAT.md §3.4 [R]: these are the
 * outage intervals, and {@code startAt} can lie before the incident was published (back-dated).
 *
 * @param id the impact's id, or {@code null} when the page gives none
 * @param incidentId the incident ({@code status_page_incident_id}, else the enclosing incident's id)
 * @param componentId the component
 * @param status status during the window
 * @param startAt start of the window
 * @param endAt end of the window, or {@code null} while it is still open
 */
public record ComponentImpact(
        String id, String incidentId, String componentId, ComponentStatus status, Instant startAt, Instant endAt) {
    public ComponentImpact {
        Objects.requireNonNull(incidentId, "incidentId");
        Objects.requireNonNull(componentId, "componentId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startAt, "startAt");
    }
}
