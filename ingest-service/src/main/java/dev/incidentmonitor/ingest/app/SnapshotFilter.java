package dev.incidentmonitor.ingest.app;

import dev.incidentmonitor.ingest.catalog.ComponentFilter;
import dev.incidentmonitor.ingest.model.ComponentChange;
import dev.incidentmonitor.ingest.model.ComponentRef;
import dev.incidentmonitor.ingest.model.ComponentSnapshot;
import dev.incidentmonitor.ingest.model.IncidentSnapshot;
import dev.incidentmonitor.ingest.model.PageSnapshot;
import dev.incidentmonitor.ingest.model.UpdateSnapshot;
import java.util.List;

/**
 * Applies a provider's component selection and aliases to what a poll saw, before anything is compared or
 * published: an excluded component never becomes a service, and an alias renames it everywhere it appears.
 * Incidents are kept even when every component they name is excluded; they then count for the provider only.
 */
final class SnapshotFilter {

    private SnapshotFilter() {}

    static PageSnapshot apply(final ComponentFilter filter, final PageSnapshot snapshot) {
        if (filter.equals(ComponentFilter.ALL)) {
            return snapshot;
        }
        final List<ComponentSnapshot> components = snapshot.components().stream()
                .filter(c -> filter.accepts(c.id(), c.name()))
                .map(c -> new ComponentSnapshot(
                        c.id(), filter.displayName(c.id(), c.name()), c.groupName(), c.status(), c.updatedAt()))
                .toList();
        final List<IncidentSnapshot> incidents = snapshot.incidents().stream()
                .map(incident -> filter(filter, incident))
                .toList();
        return new PageSnapshot(
                snapshot.provider(),
                snapshot.pageId(),
                snapshot.timeZone(),
                components,
                incidents,
                snapshot.observedAt(),
                snapshot.warnings());
    }

    private static IncidentSnapshot filter(final ComponentFilter filter, final IncidentSnapshot incident) {
        final List<ComponentRef> refs = incident.components().stream()
                .filter(c -> filter.accepts(c.id(), c.name()))
                .map(c -> new ComponentRef(c.id(), filter.displayName(c.id(), c.name())))
                .toList();
        final List<UpdateSnapshot> updates = incident.updates().stream()
                .map(u -> new UpdateSnapshot(
                        u.id(),
                        u.status(),
                        u.body(),
                        u.displayAt(),
                        u.createdAt(),
                        u.components().stream()
                                .filter(c -> filter.accepts(c.componentId(), c.name()))
                                .map(c -> new ComponentChange(
                                        c.componentId(),
                                        filter.displayName(c.componentId(), c.name()),
                                        c.oldStatus(),
                                        c.newStatus()))
                                .toList()))
                .toList();
        return new IncidentSnapshot(
                incident.id(),
                incident.title(),
                incident.impact(),
                incident.maintenance(),
                refs,
                incident.url(),
                incident.createdAt(),
                incident.updatedAt(),
                updates);
    }
}
