package dev.incidentmonitor.schemas;

import dev.incidentmonitor.schema.ComponentStatusChange;
import dev.incidentmonitor.schema.DailyAvailability;
import dev.incidentmonitor.schema.DeadLetter;
import dev.incidentmonitor.schema.IncidentEvent;
import dev.incidentmonitor.schema.IncidentState;
import dev.incidentmonitor.schema.IncidentUpdate;
import dev.incidentmonitor.schema.ServiceCooccurrence;
import dev.incidentmonitor.schema.ServiceReliability;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The record schemas the system publishes as topic values, in one place, so that the evolution test, the
 * registry integration tests and tooling all check the same list and a new schema cannot be forgotten.
 */
public final class SchemaCatalog {

    private static final List<Schema> TOPIC_VALUES = List.of(
            IncidentUpdate.getClassSchema(),
            ComponentStatusChange.getClassSchema(),
            IncidentState.getClassSchema(),
            IncidentEvent.getClassSchema(),
            ServiceReliability.getClassSchema(),
            ServiceCooccurrence.getClassSchema(),
            DailyAvailability.getClassSchema(),
            DeadLetter.getClassSchema());

    private SchemaCatalog() {}

    /** Every top-level record schema used as a topic value, each self-contained (named types inlined). */
    public static List<Schema> topicValueSchemas() {
        return TOPIC_VALUES;
    }
}
