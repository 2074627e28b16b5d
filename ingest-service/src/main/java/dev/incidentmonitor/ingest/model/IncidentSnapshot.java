package dev.incidentmonitor.ingest.model;

import dev.incidentmonitor.schema.Impact;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One incident (or scheduled maintenance) as the page shows it now, with all the updates it lists.
 *
 * @param id the page's incident id
 * @param title current title
 * @param impact declared impact ({@link Impact#MAINTENANCE} for maintenances)
 * @param maintenance true for scheduled maintenance: tracked, never a failure
 * @param components the incident-level component list (Statuspage {@code components}); may be empty
 * @param url link to the incident page, or {@code null}
 * @param createdAt the page's {@code created_at}, or {@code null}
 * @param updatedAt the page's {@code updated_at}, or {@code null}
 * @param updates the updates, in any order
 */
public record IncidentSnapshot(
        String id,
        String title,
        Impact impact,
        boolean maintenance,
        List<ComponentRef> components,
        String url,
        Instant createdAt,
        Instant updatedAt,
        List<UpdateSnapshot> updates) {
    public IncidentSnapshot {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(impact, "impact");
        title = title == null ? "" : title;
        components = List.copyOf(components);
        updates = List.copyOf(updates);
    }
}
