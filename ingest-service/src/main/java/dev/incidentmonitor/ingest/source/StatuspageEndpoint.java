package dev.incidentmonitor.ingest.source;

import java.util.Arrays;
import java.util.Optional;

/** The Atlassian Statuspage v2 public endpoints the parser reads (incident.io serves a cut-down copy of three). */
public enum StatuspageEndpoint {
    /** Page, all components, unresolved incidents and upcoming/active maintenances. */
    SUMMARY("/api/v2/summary.json"),
    /** All components, groups included. */
    COMPONENTS("/api/v2/components.json"),
    /** The 50 newest incidents, resolved ones included; no paging. */
    INCIDENTS("/api/v2/incidents.json"),
    /** Unresolved incidents only. */
    UNRESOLVED("/api/v2/incidents/unresolved.json"),
    /** Scheduled maintenances, all states. */
    SCHEDULED_MAINTENANCES("/api/v2/scheduled-maintenances.json");

    private final String path;

    StatuspageEndpoint(String path) {
        this.path = path;
    }

    /** The path below the page's origin, also the endpoint name used in errors and warnings. */
    public String path() {
        return path;
    }

    /** The endpoint a {@link SourceFormatException#endpoint()} names, if it is one of these. */
    public static Optional<StatuspageEndpoint> fromPath(String path) {
        return Arrays.stream(values()).filter(e -> e.path.equals(path)).findFirst();
    }
}
