package dev.incidentmonitor.streams.domain.availability;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The local days an incident spans, from its start to its close, both days included: how a status page's uptime
 * calendar lists an incident on each day it touched, and so how the study counts incidents per service (as
 * incident-days, one per incident and day).
 */
public final class IncidentDays {

    private IncidentDays() {}

    /**
     * @param start the incident's start, epoch milliseconds
     * @param close its close (the latest of its S1..S4), epoch milliseconds; before {@code start} counts as start
     * @param zone the page's time zone
     * @return the local days, ascending
     */
    public static List<LocalDate> of(final long start, final long close, final ZoneId zone) {
        final LocalDate first = LocalDate.ofInstant(Instant.ofEpochMilli(start), zone);
        final LocalDate last = LocalDate.ofInstant(Instant.ofEpochMilli(Math.max(start, close)), zone);
        final List<LocalDate> days = new ArrayList<>();
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            days.add(day);
        }
        return days;
    }
}
