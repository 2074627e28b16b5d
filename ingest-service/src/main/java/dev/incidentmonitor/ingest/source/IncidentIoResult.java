package dev.incidentmonitor.ingest.source;

import dev.incidentmonitor.ingest.model.PageSnapshot;
import java.util.List;
import java.util.Objects;

/**
 * An incident.io poll parsed: the platform-neutral snapshot, plus the per-component impact windows of
 * {@code /proxy} that {@link PageSnapshot} has no place for yet.
 *
 * @param snapshot the snapshot
 * @param componentImpacts impact windows of every incident read from {@code /proxy}, de-duplicated; empty when
 *     the shim was used
 */
public record IncidentIoResult(PageSnapshot snapshot, List<ComponentImpact> componentImpacts) {
    public IncidentIoResult {
        Objects.requireNonNull(snapshot, "snapshot");
        componentImpacts = List.copyOf(componentImpacts);
    }
}
