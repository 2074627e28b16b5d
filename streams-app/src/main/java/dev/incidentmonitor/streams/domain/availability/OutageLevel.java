package dev.incidentmonitor.streams.domain.availability;

import java.util.Locale;

/**
 * What a component status means for outage minutes: major (incident.io's full outage) and partial outage count,
 * everything else (operational, degraded performance, maintenance, a status this version does not know) counts zero.
 */
public enum OutageLevel {
    NONE(0),
    PARTIAL(1),
    MAJOR(2);

    private final int severity;

    OutageLevel(final int severity) {
        this.severity = severity;
    }

    /** The level of a component status symbol ({@code MAJOR_OUTAGE}, {@code full_outage}, ...). */
    public static OutageLevel of(final String status) {
        if (status == null) {
            return NONE;
        }
        return switch (status.toUpperCase(Locale.ROOT)) {
            case "MAJOR_OUTAGE", "FULL_OUTAGE" -> MAJOR;
            case "PARTIAL_OUTAGE" -> PARTIAL;
            default -> NONE;
        };
    }

    /** Higher is worse; used to pick one status when two are set at the same instant. */
    public int severity() {
        return severity;
    }
}
