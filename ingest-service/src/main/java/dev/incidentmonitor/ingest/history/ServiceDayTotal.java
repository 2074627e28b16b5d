package dev.incidentmonitor.ingest.history;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One row of an uptime calendar: a service's outage minutes on one local calendar day, as the study reports
 * them (the study's T_M and T_P).
 *
 * @param provider provider id
 * @param componentId service id
 * @param date the local calendar day (America/Los_Angeles for the study)
 * @param majorMinutes minutes in major outage
 * @param partialMinutes minutes in partial outage
 * @param clamped true when the minutes did not fit into the local day and the replayed intervals were cut at the
 *     next local midnight (then the intervals hold fewer minutes than this row)
 */
public record ServiceDayTotal(
        String provider, String componentId, LocalDate date, long majorMinutes, long partialMinutes, boolean clamped) {
    public ServiceDayTotal {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(componentId, "componentId");
        Objects.requireNonNull(date, "date");
    }
}
