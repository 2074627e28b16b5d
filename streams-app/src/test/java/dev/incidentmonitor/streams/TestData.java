package dev.incidentmonitor.streams;

import dev.incidentmonitor.schema.AffectedComponent;
import dev.incidentmonitor.schema.ComponentStatus;
import dev.incidentmonitor.schema.ComponentStatusChange;
import dev.incidentmonitor.schema.EventSource;
import dev.incidentmonitor.schema.Impact;
import dev.incidentmonitor.schema.IncidentStatus;
import dev.incidentmonitor.schema.IncidentUpdate;
import dev.incidentmonitor.schema.ServiceRef;
import java.time.Instant;
import java.util.List;

/** Incident updates with sensible defaults for the streams-app tests. */
public final class TestData {

    private TestData() {}

    /** A builder for an update of {@code provider:incident} with status {@code status} at {@code time}. */
    public static IncidentUpdate.Builder update(
            final String provider,
            final String incident,
            final String updateId,
            final IncidentStatus status,
            final String time) {
        return IncidentUpdate.newBuilder()
                .setProvider(provider)
                .setPageId(provider + "-page")
                .setIncidentId(incident)
                .setUpdateId(updateId)
                .setStatus(status)
                .setImpact(Impact.MAJOR)
                .setIncidentTitle("Elevated errors")
                .setBody("We are looking into it.")
                .setDisplayTime(Instant.parse(time))
                .setObservedTime(Instant.parse(time))
                .setAffectedComponents(List.of())
                .setIncidentComponents(List.of())
                .setSource(EventSource.POLL)
                .setContentHash(updateId + "|" + status + "|" + time);
    }

    /** A component reference. */
    public static ServiceRef service(final String id, final String name) {
        return new ServiceRef(id, name);
    }

    /** A component an update names, moving from operational to {@code status}. */
    public static AffectedComponent affected(final String id, final String name, final ComponentStatus status) {
        return new AffectedComponent(id, name, ComponentStatus.OPERATIONAL, status);
    }

    /** A change of {@code provider:component} to {@code status} at {@code time} (ISO instant). */
    public static ComponentStatusChange change(
            final String provider, final String component, final ComponentStatus status, final String time) {
        return ComponentStatusChange.newBuilder()
                .setProvider(provider)
                .setComponentId(component)
                .setName(component.toUpperCase(java.util.Locale.ROOT))
                .setOldStatus(null)
                .setNewStatus(status)
                .setEventTime(Instant.parse(time))
                .setObservedTime(Instant.parse(time))
                .setSource(EventSource.POLL)
                .build();
    }

    /** The key of an incident update. */
    public static String key(final IncidentUpdate update) {
        return update.getProvider() + ":" + update.getIncidentId();
    }
}
