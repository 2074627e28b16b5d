package dev.incidentmonitor.ingest.events;

import dev.incidentmonitor.ingest.model.ComponentChange;
import dev.incidentmonitor.ingest.model.ComponentRef;
import dev.incidentmonitor.ingest.model.ComponentSnapshot;
import dev.incidentmonitor.ingest.model.IncidentSnapshot;
import dev.incidentmonitor.ingest.model.PageSnapshot;
import dev.incidentmonitor.ingest.model.UpdateSnapshot;
import dev.incidentmonitor.schema.ComponentStatus;
import dev.incidentmonitor.schema.Impact;
import dev.incidentmonitor.schema.IncidentStatus;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/** Snapshots with sensible defaults for the detector's tests: provider {@code openai}, page {@code page-1}. */
final class TestData {

    static final String PROVIDER = "openai";
    static final String PAGE = "page-1";
    static final String INCIDENT = "inc-1";
    static final String URL = "https://status.openai.com/incidents/inc-1";

    private TestData() {}

    static Instant at(final String isoInstant) {
        return Instant.parse(isoInstant);
    }

    static UpdateSnapshot update(
            final String id, final IncidentStatus status, final String body, final String displayAt) {
        return new UpdateSnapshot(id, status, body, at(displayAt), at(displayAt), List.of());
    }

    static UpdateSnapshot update(
            final String id,
            final IncidentStatus status,
            final String body,
            final String displayAt,
            final ComponentChange... components) {
        return new UpdateSnapshot(id, status, body, at(displayAt), at(displayAt), List.of(components));
    }

    static ComponentChange change(
            final String id, final String name, final ComponentStatus oldStatus, final ComponentStatus newStatus) {
        return new ComponentChange(id, name, oldStatus, newStatus);
    }

    static IncidentSnapshot incident(final String id, final List<ComponentRef> components, final UpdateSnapshot... u) {
        return new IncidentSnapshot(
                id,
                "Elevated error rates on the API",
                Impact.MAJOR,
                false,
                components,
                "https://status.openai.com/incidents/" + id,
                null,
                null,
                List.of(u));
    }

    static IncidentSnapshot incident(final UpdateSnapshot... updates) {
        return incident(INCIDENT, List.of(new ComponentRef("api", "API")), updates);
    }

    static ComponentSnapshot component(final String id, final String name, final ComponentStatus status) {
        return new ComponentSnapshot(id, name, "OpenAI", status, null);
    }

    static PageSnapshot page(
            final String observedAt, final List<ComponentSnapshot> components, final IncidentSnapshot... incidents) {
        return new PageSnapshot(
                PROVIDER,
                PAGE,
                ZoneId.of("America/Los_Angeles"),
                components,
                List.of(incidents),
                at(observedAt),
                List.of());
    }

    static PageSnapshot page(final String observedAt, final IncidentSnapshot... incidents) {
        return page(observedAt, List.of(), incidents);
    }
}
