package dev.incidentmonitor.streams.domain.availability;

import java.time.LocalDate;

/**
 * Outage time of one service on one local calendar day, and what SPEC.md derives from it.
 *
 * @param date the local day
 * @param majorMillis T_M in milliseconds
 * @param partialMillis T_P in milliseconds
 */
public record DayOutage(LocalDate date, long majorMillis, long partialMillis) {

    /** Minutes of a day in the availability formula: 1440 on every day, 23- and 25-hour DST days included. */
    public static final long DAY_MILLIS = 1440L * 60_000L;

    /** T_S = T_M + w * T_P, rounded to the millisecond. */
    public long scaledMillis(final double partialWeight) {
        return majorMillis + Math.round(partialWeight * partialMillis);
    }

    /** A = 1 - T_S / 1440 minutes, never below 0 (a 25-hour day can hold more than 1440 outage minutes). */
    public double availability(final double partialWeight) {
        return Math.max(0.0, 1.0 - (double) scaledMillis(partialWeight) / DAY_MILLIS);
    }

    /** Whether the day counts as an outage day for co-occurrence: T_M + T_P > 0. */
    public boolean outage() {
        return majorMillis + partialMillis > 0;
    }
}
