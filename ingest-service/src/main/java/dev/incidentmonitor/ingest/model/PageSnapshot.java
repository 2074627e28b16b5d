package dev.incidentmonitor.ingest.model;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * Everything one poll of one status page (all its endpoints together) saw, in a platform-neutral form. The
 * adapters for each platform produce it; the event builder compares it with what was already published.
 *
 * @param provider catalogue id of the provider
 * @param pageId the page's own id, or the provider id when the page has none
 * @param timeZone the page's time zone ({@code page.time_zone}), or {@code null} when it does not say
 * @param components every component seen, current status included
 * @param incidents incidents and maintenances seen, each with its updates
 * @param observedAt when the poll read the page
 * @param warnings schema drift and fallbacks noticed while parsing (an unknown status value, a missing field,
 *     incident.io {@code /proxy} unavailable so the shim was used): reported as source health, never as outages
 */
public record PageSnapshot(
        String provider,
        String pageId,
        ZoneId timeZone,
        List<ComponentSnapshot> components,
        List<IncidentSnapshot> incidents,
        Instant observedAt,
        List<String> warnings) {
    public PageSnapshot {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(pageId, "pageId");
        Objects.requireNonNull(observedAt, "observedAt");
        components = List.copyOf(components);
        incidents = List.copyOf(incidents);
        warnings = List.copyOf(warnings);
    }
}
