package dev.incidentmonitor.ingest.source;

import dev.incidentmonitor.schema.ComponentStatus;
import dev.incidentmonitor.schema.Impact;
import dev.incidentmonitor.schema.IncidentStatus;
import java.util.Map;

/**
 * The closed vocabularies of each platform, mapped to the Avro enums. Each platform has its own table so that a
 * word foreign to it (say {@code maintenance_complete} on an Atlassian page) is flagged as drift.
 */
final class StatusWords {
    private StatusWords() {}

    /**
     * Component status words. incident.io says {@code full_outage} where Statuspage says {@code major_outage}
     * (FORMAT.md §5); both are accepted everywhere since the shim's word for a full outage is not recorded.
     */
    static final Map<String, ComponentStatus> COMPONENT_STATUS = Map.of(
            "operational", ComponentStatus.OPERATIONAL,
            "degraded_performance", ComponentStatus.DEGRADED_PERFORMANCE,
            "partial_outage", ComponentStatus.PARTIAL_OUTAGE,
            "major_outage", ComponentStatus.MAJOR_OUTAGE,
            "full_outage", ComponentStatus.MAJOR_OUTAGE,
            "under_maintenance", ComponentStatus.UNDER_MAINTENANCE);

    /** Atlassian Statuspage incident and maintenance update statuses (SPEC "Vocabulary"). */
    static final Map<String, IncidentStatus> STATUSPAGE_STATUS = Map.ofEntries(
            Map.entry("investigating", IncidentStatus.INVESTIGATING),
            Map.entry("identified", IncidentStatus.IDENTIFIED),
            Map.entry("monitoring", IncidentStatus.MONITORING),
            Map.entry("resolved", IncidentStatus.RESOLVED),
            Map.entry("postmortem", IncidentStatus.POSTMORTEM),
            Map.entry("update", IncidentStatus.UPDATE),
            Map.entry("scheduled", IncidentStatus.SCHEDULED),
            Map.entry("in_progress", IncidentStatus.IN_PROGRESS),
            Map.entry("verifying", IncidentStatus.VERIFYING),
            Map.entry("completed", IncidentStatus.COMPLETED));

    /** incident.io {@code /proxy} incident {@code status} and update {@code to_status} (FORMAT.md §5). */
    static final Map<String, IncidentStatus> INCIDENT_IO_STATUS = Map.of(
            "investigating", IncidentStatus.INVESTIGATING,
            "identified", IncidentStatus.IDENTIFIED,
            "monitoring", IncidentStatus.MONITORING,
            "resolved", IncidentStatus.RESOLVED,
            "maintenance_scheduled", IncidentStatus.SCHEDULED,
            "maintenance_in_progress", IncidentStatus.IN_PROGRESS,
            "maintenance_complete", IncidentStatus.COMPLETED);

    /** Statuspage incident impact. */
    static final Map<String, Impact> IMPACT = Map.of(
            "none", Impact.NONE,
            "minor", Impact.MINOR,
            "major", Impact.MAJOR,
            "critical", Impact.CRITICAL,
            "maintenance", Impact.MAINTENANCE);

    /** How bad a component status is, for picking the worst one; unknown and maintenance rank lowest. */
    static int severity(ComponentStatus status) {
        if (status == null) {
            return -1;
        }
        return switch (status) {
            case OPERATIONAL, UNDER_MAINTENANCE -> 1;
            case DEGRADED_PERFORMANCE -> 2;
            case PARTIAL_OUTAGE -> 3;
            case MAJOR_OUTAGE -> 4;
            default -> 0;
        };
    }
}
